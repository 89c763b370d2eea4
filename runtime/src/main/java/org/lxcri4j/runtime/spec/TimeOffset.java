package org.lxcri4j.runtime.spec;

/** One clock's offset in a time namespace (linux.timeOffsets.boottime / monotonic). */
public record TimeOffset(Long secs, Long nanosecs) {
}
