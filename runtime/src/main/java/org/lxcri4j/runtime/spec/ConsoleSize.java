package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** Terminal size in characters. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record ConsoleSize(@Nullable Integer height, @Nullable Integer width) {
}
