/**
 * The lxcri4j CLI: runc's command line over the runtime's Java API. It runs on the class path
 * (bin/lxcri4j), where tinylog finds RuncLogWriter through META-INF/services.
 */
module org.lxcri4j.cmd {
    requires org.lxcri4j.runtime;
    requires org.tinylog.api;
    requires org.tinylog.impl;
    requires static org.jspecify;
}
