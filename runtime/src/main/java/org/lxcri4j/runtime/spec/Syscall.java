package org.lxcri4j.runtime.spec;

import java.util.List;

/** A seccomp rule. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Syscall(List<String> names, String action, Integer errnoRet, List<SyscallArg> args) {
}
