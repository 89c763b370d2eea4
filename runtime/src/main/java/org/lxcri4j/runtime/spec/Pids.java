package org.lxcri4j.runtime.spec;

/** ProcessSpec number limit. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Pids(Long limit) {
}
