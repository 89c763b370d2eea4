package org.lxcri4j.cmd.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;

/** {@code checkpoint [--image-path D] [--leave-running] ID}: CRIU through liblxc; runc's other flags accepted. */
public record CheckpointCommand(String id, Path imagePath, boolean leaveRunning) implements Command {

    static CheckpointCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("image-path", "work-path", "parent-path", "page-server", "manage-cgroups-mode"),
                Set.of("leave-running", "tcp-established", "ext-unix-sk", "shell-job", "file-locks", "pre-dump"), false);
        return new CheckpointCommand(a.id("checkpoint"), imagePath(a), a.flag("leave-running"));
    }

    /** --image-path, ./checkpoint by default (as runc). */
    static Path imagePath(Args a) {
        return Path.of(a.get("image-path") == null ? "checkpoint" : a.get("image-path"));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        runtime.container(id).checkpoint(imagePath, leaveRunning);
        return 0;
    }
}
