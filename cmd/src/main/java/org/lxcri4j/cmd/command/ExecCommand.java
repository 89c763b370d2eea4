package org.lxcri4j.cmd.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.AttachedProcess;
import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.ExecOptions;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.Terminal;
import org.lxcri4j.runtime.spec.ProcessSpec;

/**
 * {@code exec [--process F | flags] [--detach] [--pid-file F] [--console-socket S] ID [CMD...]}.
 * The process is resolved when it runs: without --process it is the container's own with the
 * flags applied, as runc does.
 */
public record ExecCommand(String id, Args flags, List<String> command, boolean detach, ExecOptions options) implements Command {

    static ExecCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("process|p", "pid-file", "console-socket", "cwd", "env|e", "user|u",
                "additional-gids|g", "cap|c", "process-label", "apparmor", "preserve-fds"),
                Set.of("detach|d", "tty|t", "no-new-privs", "ignore-paused"), true);
        List<String> rest = a.rest();
        if (rest.isEmpty()) {
            throw new OciException("exec: usage: exec [OPTIONS] ID [COMMAND [ARGS...]] or exec --process FILE ID");
        }
        ExecOptions options = ExecOptions.defaults().withPidFile(a.path("pid-file")).withConsoleSocket(a.path("console-socket"))
                .withPreservedFds(a.preservedFds());
        return new ExecCommand(rest.getFirst(), a, List.copyOf(rest.subList(1, rest.size())), a.flag("detach"), options);
    }

    @Override
    public int run(ContainerRuntime runtime) {
        Container c = runtime.container(id);
        String processFile = flags.get("process");
        ProcessSpec process = processFile != null ? SpecReader.readProcess(Path.of(processFile))
                : ExecProcess.fromFlags(c.process(), flags, command);
        boolean relay = Boolean.TRUE.equals(process.terminal()) && options.consoleSocket() == null;
        if (relay && detach) {
            throw new OciException("exec: a terminal with --detach needs --console-socket to hand it to");
        }
        AttachedProcess exec = c.exec(process, options);
        if (relay) {
            // as runc exec -t in the foreground (and CRI-O's streaming exec): the pty's master
            // here, joined to this process's stdio
            try (Terminal terminal = exec.terminal().orElseThrow()) {
                return terminal.relay(exec).code();
            }
        }
        return detach ? 0 : exec.waitFor().code();
    }
}
