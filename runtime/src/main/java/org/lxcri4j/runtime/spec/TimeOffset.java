package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** One clock's offset in a time namespace (linux.timeOffsets.boottime / monotonic). */
public record TimeOffset(@Nullable Long secs, @Nullable Long nanosecs) {
}
