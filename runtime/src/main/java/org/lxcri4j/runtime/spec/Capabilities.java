package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Capability sets by name (CAP_...). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Capabilities(@Nullable List<String> bounding, @Nullable List<String> effective, @Nullable List<String> inheritable, @Nullable List<String> permitted, @Nullable List<String> ambient) {
}
