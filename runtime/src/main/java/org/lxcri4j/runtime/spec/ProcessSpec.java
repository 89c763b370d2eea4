package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The container process. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record ProcessSpec(@Nullable Boolean terminal, @Nullable ConsoleSize consoleSize, @Nullable User user, @Nullable List<String> args, @Nullable String commandLine, @Nullable List<String> env, @Nullable String cwd, @Nullable Capabilities capabilities, @Nullable List<Rlimit> rlimits, @Nullable Boolean noNewPrivileges, @Nullable String apparmorProfile, @Nullable Integer oomScoreAdj, @Nullable String selinuxLabel, @Nullable Object ioPriority, @Nullable Object scheduler, @Nullable Object execCPUAffinity) {

    /** This process with other arguments: how an exec is usually derived from the container's own process. */
    public ProcessSpec withArgs(List<String> newArgs) {
        return new ProcessSpec(terminal, consoleSize, user, List.copyOf(newArgs), null, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity);
    }
}
