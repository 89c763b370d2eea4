package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A seccomp filter. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Seccomp(@Nullable String defaultAction, @Nullable Integer defaultErrnoRet, @Nullable List<String> architectures, @Nullable List<String> flags, @Nullable String listenerPath, @Nullable String listenerMetadata, @Nullable List<Syscall> syscalls) {
}
