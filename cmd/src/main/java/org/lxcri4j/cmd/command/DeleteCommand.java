package org.lxcri4j.cmd.command;

import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;

/** {@code delete [--force] ID}: with --force whatever its state, and no error if it is gone. */
public record DeleteCommand(String id, boolean force) implements Command {

    static DeleteCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of(), Set.of("force|f"), false);
        return new DeleteCommand(a.id("delete"), a.flag("force"));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        if (force) {
            runtime.forceDelete(id);
        } else {
            runtime.container(id).delete();
        }
        return 0;
    }
}
