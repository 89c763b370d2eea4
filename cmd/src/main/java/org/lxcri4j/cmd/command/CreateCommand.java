package org.lxcri4j.cmd.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.CreateOptions;

/** {@code create --bundle DIR [--pid-file F] [--console-socket S] [--preserve-fds N] ID}. */
public record CreateCommand(String id, Path bundle, CreateOptions options) implements Command {

    static final Set<String> VALUED = Set.of("bundle|b", "pid-file", "console-socket", "preserve-fds");

    static CreateCommand parse(List<String> argv) {
        Args a = Args.parse(argv, VALUED, Set.of("no-pivot", "no-new-keyring"), false);
        return new CreateCommand(a.id("create"), a.bundle(), a.createOptions());
    }

    @Override
    public int run(ContainerRuntime runtime) {
        runtime.create(id, bundle, options);
        return 0;
    }
}
