package org.lxcri4j.cmd.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;

/** {@code restore [--image-path D] ID}: a stopped container from its checkpoint. */
public record RestoreCommand(String id, Path imagePath) implements Command {

    static RestoreCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("image-path", "work-path", "bundle|b", "pid-file", "console-socket",
                "manage-cgroups-mode"), Set.of("detach|d", "tcp-established", "ext-unix-sk", "shell-job", "file-locks"), false);
        return new RestoreCommand(a.id("restore"), CheckpointCommand.imagePath(a));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        runtime.container(id).restore(imagePath);
        return 0;
    }
}
