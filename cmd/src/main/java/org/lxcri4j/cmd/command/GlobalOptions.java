package org.lxcri4j.cmd.command;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;

/**
 * runc's global flags, before the command: {@code --root}, {@code --log}, {@code --log-format},
 * {@code --debug}; {@code --systemd-cgroup}, {@code --criu} and {@code --rootless} (which takes a
 * value there) are accepted. {@code rest} is the command and its arguments.
 */
public record GlobalOptions(Path root, @Nullable String log, @Nullable String logFormat, @Nullable String rootless, boolean debug,
                            boolean systemdCgroup, boolean help, boolean version, List<String> rest) {

    public static GlobalOptions parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("root", "log", "log-format", "criu", "rootless"),
                Set.of("debug", "systemd-cgroup", "help|h", "version|v"), true);
        Path root = a.get("root") == null ? ContainerRuntime.DEFAULT_ROOT : Path.of(a.get("root"));
        return new GlobalOptions(root, a.get("log"), a.get("log-format"), a.get("rootless"), a.flag("debug"),
                a.flag("systemd-cgroup"), a.flag("help"), a.flag("version"), List.copyOf(a.rest()));
    }

    /** The values runc would refuse; checked once the log is set up, so the refusal is logged too. */
    public void validate() {
        if (logFormat != null && !logFormat.equals("json") && !logFormat.equals("text")) {
            throw new OciException("invalid log format " + logFormat + " (text or json)");
        }
        if (rootless != null && !List.of("true", "false", "auto").contains(rootless)) {
            throw new OciException("invalid --rootless value " + rootless + " (true, false or auto)");
        }
    }
}
