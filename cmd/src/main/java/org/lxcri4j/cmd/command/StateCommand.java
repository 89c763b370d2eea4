package org.lxcri4j.cmd.command;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.json.JsonWriter;

/** {@code state ID}: the OCI state as runc prints it. */
public record StateCommand(String id) implements Command {

    @Override
    public int run(ContainerRuntime runtime) {
        System.out.println(JsonWriter.write(runtime.container(id).state(), true));
        return 0;
    }
}
