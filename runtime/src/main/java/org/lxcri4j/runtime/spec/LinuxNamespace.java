package org.lxcri4j.runtime.spec;

/** A namespace: created (no path) or joined (path). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record LinuxNamespace(String type, String path) {
}
