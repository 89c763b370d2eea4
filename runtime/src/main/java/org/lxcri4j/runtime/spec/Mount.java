package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A mount in the container. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Mount(@Nullable String destination, @Nullable String source, @Nullable String type, @Nullable List<String> options, @Nullable List<IdMapping> uidMappings, @Nullable List<IdMapping> gidMappings) {
}
