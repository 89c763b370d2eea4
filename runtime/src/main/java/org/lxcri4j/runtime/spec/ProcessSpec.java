package org.lxcri4j.runtime.spec;

import java.util.List;

/** The container process. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record ProcessSpec(Boolean terminal, ConsoleSize consoleSize, User user, List<String> args, String commandLine, List<String> env, String cwd, Capabilities capabilities, List<Rlimit> rlimits, Boolean noNewPrivileges, String apparmorProfile, Integer oomScoreAdj, String selinuxLabel, Object ioPriority, Object scheduler, Object execCPUAffinity) {

    /** This process with other arguments: how an exec is usually derived from the container's own process. */
    public ProcessSpec withArgs(List<String> newArgs) {
        return new ProcessSpec(terminal, consoleSize, user, List.copyOf(newArgs), null, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity);
    }
}
