package org.lxcri4j.runtime.spec;

/** CPU limits. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Cpu(Long shares, Long quota, Long burst, Long period, Long realtimeRuntime, Long realtimePeriod, String cpus, String mems, Long idle) {
}
