package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A device cgroup rule. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record DeviceCgroup(@Nullable Boolean allow, @Nullable String type, @Nullable Long major, @Nullable Long minor, @Nullable String access) {
}
