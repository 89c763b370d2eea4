package org.lxcri4j.cmd.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.CreateOptions;

/** {@code run [create's flags] [--detach] ID}: create and start; without --detach, wait and exit with its status. */
public record RunCommand(String id, Path bundle, CreateOptions options, boolean detach) implements Command {

    static RunCommand parse(List<String> argv) {
        Args a = Args.parse(argv, CreateCommand.VALUED, Set.of("detach|d", "no-pivot", "no-new-keyring", "keep"), false);
        return new RunCommand(a.id("run"), a.bundle(), a.createOptions(), a.flag("detach"));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        Container c = runtime.run(id, bundle, options);
        if (detach) {
            return 0;
        }
        int status = c.waitFor().code();
        c.forceDelete();
        return status;
    }
}
