package org.lxcri4j.runtime.spec;

import java.util.List;

/** Block IO weights and throttles. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record BlockIO(Integer weight, Integer leafWeight, List<WeightDevice> weightDevice, List<ThrottleDevice> throttleReadBpsDevice,
                      List<ThrottleDevice> throttleWriteBpsDevice, List<ThrottleDevice> throttleReadIOPSDevice,
                      List<ThrottleDevice> throttleWriteIOPSDevice) {
}
