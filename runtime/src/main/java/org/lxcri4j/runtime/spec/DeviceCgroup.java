package org.lxcri4j.runtime.spec;

/** A device cgroup rule. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record DeviceCgroup(Boolean allow, String type, Long major, Long minor, String access) {
}
