package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Block IO weights and throttles. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record BlockIO(@Nullable Integer weight, @Nullable Integer leafWeight, @Nullable List<WeightDevice> weightDevice, @Nullable List<ThrottleDevice> throttleReadBpsDevice, @Nullable List<ThrottleDevice> throttleWriteBpsDevice, @Nullable List<ThrottleDevice> throttleReadIOPSDevice, @Nullable List<ThrottleDevice> throttleWriteIOPSDevice) {
}
