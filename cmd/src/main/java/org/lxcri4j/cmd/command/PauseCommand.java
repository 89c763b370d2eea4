package org.lxcri4j.cmd.command;

import org.lxcri4j.runtime.ContainerRuntime;

/** {@code pause ID}. */
public record PauseCommand(String id) implements Command {

    @Override
    public int run(ContainerRuntime runtime) {
        runtime.container(id).pause();
        return 0;
    }
}
