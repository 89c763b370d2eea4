package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** Memory limits in bytes. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Memory(@Nullable Long limit, @Nullable Long reservation, @Nullable Long swap, @Nullable Long kernel, @Nullable Long kernelTCP, @Nullable Long swappiness, @Nullable Boolean disableOOMKiller, @Nullable Boolean useHierarchy, @Nullable Boolean checkBeforeUpdate) {
}
