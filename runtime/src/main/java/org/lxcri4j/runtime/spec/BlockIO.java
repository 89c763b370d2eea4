package org.lxcri4j.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Block IO weights and throttles. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record BlockIO(Integer weight, Integer leafWeight, List<JsonNode> weightDevice, List<JsonNode> throttleReadBpsDevice, List<JsonNode> throttleWriteBpsDevice, List<JsonNode> throttleReadIOPSDevice, List<JsonNode> throttleWriteIOPSDevice) {
}
