package org.lxcri4j.runtime.spec;

import java.util.List;
import java.util.Map;

/** The runtime-spec 1.2 container configuration (config.json). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Spec(String ociVersion, ProcessSpec process, Root root, String hostname, String domainname, List<Mount> mounts, Hooks hooks, Map<String, String> annotations, Linux linux, Object solaris, Object windows, Object vm, Object zos) {
}
