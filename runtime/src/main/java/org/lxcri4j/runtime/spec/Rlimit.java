package org.lxcri4j.runtime.spec;

/** A resource limit (RLIMIT_...). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Rlimit(String type, Long hard, Long soft) {
}
