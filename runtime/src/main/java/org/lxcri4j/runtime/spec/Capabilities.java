package org.lxcri4j.runtime.spec;

import java.util.List;

/** Capability sets by name (CAP_...). Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable, List<String> permitted, List<String> ambient) {
}
