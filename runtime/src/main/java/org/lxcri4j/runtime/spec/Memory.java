package org.lxcri4j.runtime.spec;

/** Memory limits in bytes. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP, Long swappiness, Boolean disableOOMKiller, Boolean useHierarchy, Boolean checkBeforeUpdate) {
}
