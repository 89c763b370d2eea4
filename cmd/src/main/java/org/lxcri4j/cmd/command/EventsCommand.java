package org.lxcri4j.cmd.command;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.ResourceUsage;
import org.lxcri4j.runtime.json.JsonWriter;

/** {@code events [--stats] [--interval 5s] ID}: resource usage once, or every interval until the container stops. */
public record EventsCommand(String id, boolean once, Duration interval) implements Command {

    static EventsCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("interval"), Set.of("stats"), false);
        return new EventsCommand(a.id("events"), a.flag("stats"),
                Duration.ofMillis(Interval.millis(a.get("interval") == null ? "5s" : a.get("interval"))));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        Container c = runtime.container(id);
        if (once) {
            print(c, c.stats());
        } else {
            c.streamStats(interval, usage -> print(c, usage));
        }
        return 0;
    }

    /** One record of type "stats", in runc's shape. */
    private static void print(Container c, ResourceUsage usage) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "stats");
        event.put("id", c.id());
        event.put("data", usage.data());
        System.out.println(JsonWriter.write(event, false));
        System.out.flush();
    }
}
