package org.lxcri4j.cmd.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.DefaultSpec;
import org.lxcri4j.runtime.OciException;

/** {@code spec [--bundle DIR] [--rootless]}: a default config.json, never over an existing one. */
public record SpecCommand(Path bundle, boolean rootless) implements Command {

    static SpecCommand parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("bundle|b"), Set.of("rootless"), false);
        return new SpecCommand(a.bundle(), a.flag("rootless"));
    }

    @Override
    public int run(ContainerRuntime runtime) {
        Path file = bundle.resolve("config.json");
        if (Files.exists(file)) {
            throw new OciException("spec: " + file + " exists; remove it first");
        }
        try {
            Path self = Path.of("/proc/self");
            Files.writeString(file, DefaultSpec.json(rootless, ((Number) Files.getAttribute(self, "unix:uid")).longValue(),
                    ((Number) Files.getAttribute(self, "unix:gid")).longValue()));
        } catch (IOException e) {
            throw new OciException("spec: cannot write " + file + ": " + e.getMessage());
        }
        return 0;
    }
}
