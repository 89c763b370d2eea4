package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The user the process runs as. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record User(@Nullable Long uid, @Nullable Long gid, @Nullable Long umask, @Nullable List<Long> additionalGids, @Nullable String username) {
}
