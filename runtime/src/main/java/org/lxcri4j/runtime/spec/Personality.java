package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The execution domain. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Personality(@Nullable String domain, @Nullable List<String> flags) {
}
