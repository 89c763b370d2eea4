package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Network class and priorities. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Network(@Nullable Long classID, @Nullable List<Object> priorities) {
}
