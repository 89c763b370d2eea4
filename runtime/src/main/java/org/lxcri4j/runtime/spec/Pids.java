package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** ProcessSpec number limit. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Pids(@Nullable Long limit) {
}
