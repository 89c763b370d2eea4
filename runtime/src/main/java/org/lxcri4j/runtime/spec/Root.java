package org.lxcri4j.runtime.spec;

/** The container root filesystem. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Root(String path, Boolean readonly) {
}
