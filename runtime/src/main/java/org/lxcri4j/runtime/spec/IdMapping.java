package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A user namespace id mapping. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record IdMapping(@Nullable Long containerID, @Nullable Long hostID, @Nullable Long size) {
}
