package org.lxcri4j.cmd.command;

import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.Signals;

/** {@code kill [--all] ID [SIGNAL]}, SIGTERM by default. */
public record KillCommand(String id, int signal, boolean all) implements Command {

    static KillCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of(), Set.of("all|a"), false);
        List<String> p = a.positional();
        if (p.isEmpty() || p.size() > 2) {
            throw new OciException("kill: usage: kill [--all] ID [SIGNAL]");
        }
        return new KillCommand(p.get(0), Signals.parse(p.size() > 1 ? p.get(1) : null), a.flag("all"));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        Container c = runtime.container(id);
        if (all) {
            c.killAll(signal);
        } else {
            c.kill(signal);
        }
        return 0;
    }
}
