package org.lxcri4j.runtime.spec;

import java.util.List;
import java.util.Map;

/** Linux-specific configuration. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Linux(List<LinuxNamespace> namespaces, List<IdMapping> uidMappings, List<IdMapping> gidMappings, Map<String, TimeOffset> timeOffsets, List<LinuxDevice> devices, String cgroupsPath, Resources resources, Object intelRdt, Map<String, String> sysctl, Seccomp seccomp, String rootfsPropagation, List<String> maskedPaths, List<String> readonlyPaths, String mountLabel, Personality personality, Object memoryPolicy, Object netDevices) {
}
