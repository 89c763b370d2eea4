package org.lxcri4j.runtime.spec;

import java.util.List;

/** The user the process runs as. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record User(Long uid, Long gid, Long umask, List<Long> additionalGids, String username) {
}
