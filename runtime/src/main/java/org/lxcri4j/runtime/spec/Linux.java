package org.lxcri4j.runtime.spec;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Linux-specific configuration. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Linux(@Nullable List<LinuxNamespace> namespaces, @Nullable List<IdMapping> uidMappings, @Nullable List<IdMapping> gidMappings, @Nullable Map<String, TimeOffset> timeOffsets, @Nullable List<LinuxDevice> devices, @Nullable String cgroupsPath, @Nullable Resources resources, @Nullable Object intelRdt, @Nullable Map<String, String> sysctl, @Nullable Seccomp seccomp, @Nullable String rootfsPropagation, @Nullable List<String> maskedPaths, @Nullable List<String> readonlyPaths, @Nullable String mountLabel, @Nullable Personality personality, @Nullable Object memoryPolicy, @Nullable Object netDevices) {
}
