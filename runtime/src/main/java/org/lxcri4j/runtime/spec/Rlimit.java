package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A resource limit (RLIMIT_...). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Rlimit(@Nullable String type, @Nullable Long hard, @Nullable Long soft) {
}
