package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A block device's rate limit (bytes or operations per second). */
public record ThrottleDevice(@Nullable Long major, @Nullable Long minor, @Nullable Long rate) {
}
