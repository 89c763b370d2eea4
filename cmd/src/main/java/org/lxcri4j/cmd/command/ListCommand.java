package org.lxcri4j.cmd.command;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.json.JsonWriter;
import org.lxcri4j.runtime.spec.State;

/** {@code list [--format table|json] [--quiet]}. */
public record ListCommand(@Nullable String format, boolean quiet) implements Command {

    static ListCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("format|f"), Set.of("quiet|q"), false);
        if (a.get("format") != null && !List.of("table", "json").contains(a.get("format"))) {
            throw new OciException("invalid format " + a.get("format") + " (table or json)");
        }
        return new ListCommand(a.get("format"), a.flag("quiet"));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        List<State> states = runtime.list();
        if (quiet) {
            states.forEach(s -> System.out.println(s.id()));
        } else if ("json".equals(format)) {
            System.out.println(JsonWriter.write(states, true));
        } else {
            System.out.printf("%-20s %-8s %-10s %-40s %s%n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
            for (State s : states) {
                String created = runtime.find(s.id()).map(Container::created).orElse("");
                System.out.printf("%-20s %-8d %-10s %-40s %s%n", s.id(), s.pid(), s.status(), s.bundle(), created);
            }
        }
        return 0;
    }
}
