package org.lxcri4j.runtime.spec;

import java.util.List;

/** The execution domain. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Personality(String domain, List<String> flags) {
}
