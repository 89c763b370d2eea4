package org.lxcri4j.runtime.spec;

/** A seccomp argument condition. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record SyscallArg(Integer index, Long value, Long valueTwo, String op) {
}
