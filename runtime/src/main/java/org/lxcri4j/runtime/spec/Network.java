package org.lxcri4j.runtime.spec;

import java.util.List;

/** Network class and priorities. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Network(Long classID, List<Object> priorities) {
}
