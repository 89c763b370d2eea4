package org.lxcri4j.runtime.spec;

/** A device node to create. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record LinuxDevice(String type, String path, Long major, Long minor, Integer fileMode, Long uid, Long gid) {
}
