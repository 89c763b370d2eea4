package org.lxcri4j.cmd.command;

import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.spec.Resources;

/** {@code update [--resources F|-] [--memory N --pids-limit N ...] ID}. */
public record UpdateCommand(String id, Resources resources) implements Command {

    static UpdateCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("resources|r", "memory", "memory-reservation", "memory-swap",
                "cpu-shares", "cpu-quota", "cpu-period", "cpuset-cpus", "cpuset-mems", "pids-limit",
                "blkio-weight", "kernel-memory", "kernel-memory-tcp", "cpu-rt-period", "cpu-rt-runtime", "l3-cache-schema",
                "mem-bw-schema"), Set.of(), false);
        String id = a.id("update");
        return new UpdateCommand(id, UpdateFlags.resources(a));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        runtime.container(id).update(resources);
        return 0;
    }
}
