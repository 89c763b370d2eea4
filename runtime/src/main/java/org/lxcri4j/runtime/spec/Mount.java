package org.lxcri4j.runtime.spec;

import java.util.List;

/** A mount in the container. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Mount(String destination, String source, String type, List<String> options, List<IdMapping> uidMappings, List<IdMapping> gidMappings) {
}
