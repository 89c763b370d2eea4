package org.lxcri4j.cmd.command;

import org.lxcri4j.runtime.ContainerRuntime;

/** {@code start ID}. */
public record StartCommand(String id) implements Command {

    @Override
    public int run(ContainerRuntime runtime) {
        runtime.container(id).start();
        return 0;
    }
}
