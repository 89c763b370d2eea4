package org.lxcri4j.cmd.command;

import org.lxcri4j.runtime.ContainerRuntime;

/** {@code resume ID}. */
public record ResumeCommand(String id) implements Command {

    @Override
    public int run(ContainerRuntime runtime) {
        runtime.container(id).resume();
        return 0;
    }
}
