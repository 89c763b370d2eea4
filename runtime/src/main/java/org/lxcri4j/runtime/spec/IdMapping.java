package org.lxcri4j.runtime.spec;

/** A user namespace id mapping. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record IdMapping(Long containerID, Long hostID, Long size) {
}
