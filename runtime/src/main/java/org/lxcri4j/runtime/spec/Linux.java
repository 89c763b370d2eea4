package org.lxcri4j.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Linux-specific configuration. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Linux(List<LinuxNamespace> namespaces, List<IdMapping> uidMappings, List<IdMapping> gidMappings, JsonNode timeOffsets, List<LinuxDevice> devices, String cgroupsPath, Resources resources, JsonNode intelRdt, Map<String, String> sysctl, Seccomp seccomp, String rootfsPropagation, List<String> maskedPaths, List<String> readonlyPaths, String mountLabel, Personality personality, JsonNode memoryPolicy, JsonNode netDevices) {
}
