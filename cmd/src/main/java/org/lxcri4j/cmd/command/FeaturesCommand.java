package org.lxcri4j.cmd.command;

import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.json.JsonWriter;

/** {@code features}: the runtime-spec features document. */
public record FeaturesCommand() implements Command {

    static FeaturesCommand parse(List<String> argv) {
        Args.parse(argv, Set.of(), Set.of(), false);
        return new FeaturesCommand();
    }

    @Override
    public int run(ContainerRuntime runtime) {
        System.out.println(JsonWriter.write(ContainerRuntime.features(), true));
        return 0;
    }
}
