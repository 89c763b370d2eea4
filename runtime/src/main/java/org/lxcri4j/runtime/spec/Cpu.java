package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** CPU limits. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Cpu(@Nullable Long shares, @Nullable Long quota, @Nullable Long burst, @Nullable Long period, @Nullable Long realtimeRuntime, @Nullable Long realtimePeriod, @Nullable String cpus, @Nullable String mems, @Nullable Long idle) {
}
