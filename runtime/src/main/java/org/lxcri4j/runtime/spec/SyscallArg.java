package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A seccomp argument condition. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record SyscallArg(@Nullable Integer index, @Nullable Long value, @Nullable Long valueTwo, @Nullable String op) {
}
