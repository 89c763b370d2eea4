package org.lxcri4j.runtime.spec;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The runtime-spec 1.2 container configuration (config.json). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Spec(@Nullable String ociVersion, @Nullable ProcessSpec process, @Nullable Root root, @Nullable String hostname, @Nullable String domainname, @Nullable List<Mount> mounts, @Nullable Hooks hooks, @Nullable Map<String, String> annotations, @Nullable Linux linux, @Nullable Object solaris, @Nullable Object windows, @Nullable Object vm, @Nullable Object zos) {
}
