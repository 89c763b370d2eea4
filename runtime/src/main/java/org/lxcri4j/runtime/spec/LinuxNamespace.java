package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A namespace: created (no path) or joined (path). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record LinuxNamespace(@Nullable String type, @Nullable String path) {
}
