package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A seccomp rule. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Syscall(@Nullable List<String> names, @Nullable String action, @Nullable Integer errnoRet, @Nullable List<SyscallArg> args) {
}
