package org.lxcri4j.lxc;

/** What happens to the caller's environment in an attached process. */
public enum EnvPolicy {
    /** Keep the caller's environment ({@code LXC_ATTACH_KEEP_ENV}). */
    KEEP,
    /** Start from an empty environment ({@code LXC_ATTACH_CLEAR_ENV}). */
    CLEAR
}
