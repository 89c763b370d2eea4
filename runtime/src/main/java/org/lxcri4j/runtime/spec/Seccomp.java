package org.lxcri4j.runtime.spec;

import java.util.List;

/** A seccomp filter. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures, List<String> flags, String listenerPath, String listenerMetadata, List<Syscall> syscalls) {
}
