package org.lxcri4j.runtime.spec;

/** A block device's rate limit (bytes or operations per second). */
public record ThrottleDevice(Long major, Long minor, Long rate) {
}
