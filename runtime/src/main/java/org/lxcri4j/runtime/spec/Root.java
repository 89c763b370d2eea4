package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** The container root filesystem. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Root(@Nullable String path, @Nullable Boolean readonly) {
}
