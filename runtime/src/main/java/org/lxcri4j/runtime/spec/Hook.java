package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One hook command. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Hook(@Nullable String path, @Nullable List<String> args, @Nullable List<String> env, @Nullable Integer timeout) {
}
