package org.lxcri4j.runtime.protocol;

/** The C helper that reads a record or a file of the runtime directory. */
public enum Reader {
    /** lxcri4j-init: box/init.conf, an exec's records memfd, box/create.conf. */
    INIT,
    /** lxcri4j-hook: hook.conf. */
    HOOK,
    /** lxcri4j-start: the box's sources and setns. */
    START,
    /** lxcri4j, the CLI's front end: the container's record. */
    FRONT
}
