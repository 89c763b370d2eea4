package org.lxcri4j.runtime.spec;

import java.util.List;

/** One hook command. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
}
