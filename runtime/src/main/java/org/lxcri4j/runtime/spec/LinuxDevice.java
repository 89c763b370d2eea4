package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A device node to create. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record LinuxDevice(@Nullable String type, @Nullable String path, @Nullable Long major, @Nullable Long minor, @Nullable Integer fileMode, @Nullable Long uid, @Nullable Long gid) {
}
