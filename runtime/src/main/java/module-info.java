/**
 * The OCI runtime on liblxc as a Java library: {@link org.lxcri4j.runtime.ContainerRuntime},
 * {@link org.lxcri4j.runtime.Container} and the runtime-spec model
 * ({@code org.lxcri4j.runtime.spec}). Everything else (operations, translation, cgroups, OS
 * plumbing, storage, the C helpers' protocol, JSON) is internal; the CLI alone may use the JSON
 * writer, for runc's output formats.
 */
module org.lxcri4j.runtime {
    requires transitive org.lxcri4j.lxc;
    requires com.fasterxml.jackson.core;
    requires org.tinylog.api;
    // SIGWINCH for Terminal.relay: the JDK has no public signal API
    requires jdk.unsupported;
    requires static org.jspecify;

    exports org.lxcri4j.runtime;
    exports org.lxcri4j.runtime.spec;
    exports org.lxcri4j.runtime.json to org.lxcri4j.cmd;
}
