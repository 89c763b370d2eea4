package org.lxcri4j.runtime.spec;

/** Terminal size in characters. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record ConsoleSize(Integer height, Integer width) {
}
