package org.lxcri4j.cmd;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lxcri4j.lxc.Lxc;
import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.CreateOptions;
import org.lxcri4j.runtime.ExecOptions;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.ResourceUsage;
import org.lxcri4j.runtime.Signals;
import org.lxcri4j.runtime.json.JsonWriter;
import org.lxcri4j.runtime.spec.ProcessSpec;
import org.lxcri4j.runtime.spec.State;
import org.tinylog.Logger;

/**
 * {@code lxcri4j}: runc's command-line contract over the Java runtime API ({@link ContainerRuntime}); it only parses arguments. Errors: one line on
 * stderr, one entry in the --log file, exit status 1. {@code run} exits with the container's status.
 */
public final class Main {

    static final String VERSION = "0.1.0";
    /** runc's global flags; --rootless takes a value there (true, false or auto). */
    private static final Set<String> GLOBAL_VALUED = Set.of("root", "log", "log-format", "criu", "rootless");
    private static final Set<String> GLOBAL_BOOLEAN = Set.of("debug", "systemd-cgroup", "help|h", "version|v");

    private Main() {
    }

    public static void main(String[] argv) {
        int status = run(Arrays.asList(argv));
        System.out.flush();
        System.err.flush();
        // Not System.exit, which initialises the platform logging framework just to log the exit
        // (~10 ms of a ~40 ms command); nothing here needs shutdown hooks. Once liblxc is loaded,
        // the C library's exit path (its destructors) costs ~300 ms more: leave with _exit(2).
        if (argv.length > 0 && Arrays.stream(argv).anyMatch(a -> a.equals("create") || a.equals("run") || a.equals("--version"))) {
            Exit.immediately(status);
        }
        Runtime.getRuntime().halt(status);
    }

    static int run(List<String> argv) {
        boolean logged = false;
        try {
            Args global = Args.parse(argv, GLOBAL_VALUED, GLOBAL_BOOLEAN, true);
            logged = LogSetup.configure(global.get("log"), global.get("log-format"), global.flag("debug"));
            if (global.flag("version")) {
                System.out.println("lxcri4j version " + VERSION + "\nliblxc: " + Lxc.version() + "\nspec: " + ContainerRuntime.OCI_VERSION);
                return 0;
            }
            List<String> rest = global.rest();
            if (rest.isEmpty() || global.flag("help")) {
                System.out.println(usage());
                return rest.isEmpty() && !global.flag("help") ? 1 : 0;
            }
            String format = global.get("log-format");
            if (format != null && !format.equals("json") && !format.equals("text")) {
                throw new OciException("invalid log format " + format + " (text or json)");
            }
            String rootless = global.get("rootless");
            if (rootless != null && !List.of("true", "false", "auto").contains(rootless)) {
                throw new OciException("invalid --rootless value " + rootless + " (true, false or auto)");
            }
            if (global.flag("systemd-cgroup")) {
                Logger.debug("--systemd-cgroup: cgroupsPath slice:prefix:name is mapped to a plain cgroup path");
            }
            Path root = global.get("root") == null ? ContainerRuntime.DEFAULT_ROOT : Path.of(global.get("root"));
            ContainerRuntime runtime = ContainerRuntime.open(root, ContainerRuntime.DEFAULT_LIBEXEC, global.flag("debug"));
            return dispatch(runtime, rest.getFirst(), rest.subList(1, rest.size()));
        } catch (OciException e) {
            String msg = e.getMessage();
            System.err.println("lxcri4j: " + msg);
            if (logged) {
                Logger.error(msg);
            }
            return 1;
        } catch (RuntimeException e) {
            String msg = "internal error: " + e;
            System.err.println("lxcri4j: " + msg);
            if (logged) {
                Logger.error(e, msg);
            }
            return 1;
        }
    }

    private static int dispatch(ContainerRuntime runtime, String command, List<String> argv) {
        switch (command) {
            case "create" -> {
                Args a = Args.parse(argv, Set.of("bundle|b", "pid-file", "console-socket", "preserve-fds"),
                        Set.of("no-pivot", "no-new-keyring"), false);
                runtime.create(id(a, command), bundle(a), createOptions(a));
                return 0;
            }
            case "start" -> {
                container(runtime, argv, command).start();
                return 0;
            }
            case "state" -> {
                System.out.println(JsonWriter.write(container(runtime, argv, command).state(), true));
                return 0;
            }
            case "kill" -> {
                Args a = Args.parse(argv, Set.of(), Set.of("all|a"), false);
                List<String> p = a.positional();
                if (p.isEmpty() || p.size() > 2) {
                    throw new OciException("kill: usage: kill [--all] ID [SIGNAL]");
                }
                int signal = Signals.parse(p.size() > 1 ? p.get(1) : null);
                Container c = runtime.container(p.get(0));
                if (a.flag("all")) {
                    c.killAll(signal);
                } else {
                    c.kill(signal);
                }
                return 0;
            }
            case "delete" -> {
                Args a = Args.parse(argv, Set.of(), Set.of("force|f"), false);
                String id = id(a, command);
                if (a.flag("force")) {
                    runtime.forceDelete(id);
                } else {
                    runtime.container(id).delete();
                }
                return 0;
            }
            case "run" -> {
                Args a = Args.parse(argv, Set.of("bundle|b", "pid-file", "console-socket", "preserve-fds"),
                        Set.of("detach|d", "no-pivot", "no-new-keyring", "keep"), false);
                Container c = runtime.run(id(a, command), bundle(a), createOptions(a));
                if (a.flag("detach")) {
                    return 0;
                }
                int status = c.waitFor().code();
                c.forceDelete();
                return status;
            }
            case "list" -> {
                Args a = Args.parse(argv, Set.of("format|f"), Set.of("quiet|q"), false);
                list(runtime, a.get("format"), a.flag("quiet"));
                return 0;
            }
            case "exec" -> {
                Args a = Args.parse(argv, Set.of("process|p", "pid-file", "console-socket", "cwd", "env|e", "user|u",
                        "additional-gids|g", "cap|c", "process-label", "apparmor", "preserve-fds"),
                        Set.of("detach|d", "tty|t", "no-new-privs", "ignore-paused"), true);
                List<String> rest = a.rest();
                if (rest.isEmpty()) {
                    throw new OciException("exec: usage: exec [OPTIONS] ID [COMMAND [ARGS...]] or exec --process FILE ID");
                }
                Container c = runtime.container(rest.getFirst());
                ProcessSpec process = a.get("process") != null
                        ? org.lxcri4j.runtime.SpecReader.readProcess(Path.of(a.get("process")))
                        : ExecProcess.fromFlags(c.process(), a, rest.subList(1, rest.size()));
                boolean relay = Boolean.TRUE.equals(process.terminal()) && a.get("console-socket") == null;
                if (relay && a.flag("detach")) {
                    throw new OciException("exec: a terminal with --detach needs --console-socket to hand it to");
                }
                var exec = c.exec(process, ExecOptions.defaults().withPidFile(path(a.get("pid-file")))
                        .withConsoleSocket(path(a.get("console-socket"))).withPreservedFds(preservedFds(a)));
                if (relay) {
                    // as runc exec -t in the foreground (and CRI-O's streaming exec): the pty's
                    // master here, joined to this process's stdio
                    try (var terminal = exec.terminal().orElseThrow()) {
                        return terminal.relay(exec).code();
                    }
                }
                return a.flag("detach") ? 0 : exec.waitFor().code();
            }
            case "update" -> {
                Args a = Args.parse(argv, Set.of("resources|r", "memory", "memory-reservation", "memory-swap",
                        "cpu-shares", "cpu-quota", "cpu-period", "cpuset-cpus", "cpuset-mems", "pids-limit",
                        "blkio-weight", "kernel-memory", "kernel-memory-tcp", "cpu-rt-period", "cpu-rt-runtime", "l3-cache-schema",
                        "mem-bw-schema"), Set.of(), false);
                runtime.container(id(a, command)).update(UpdateFlags.resources(a));
                return 0;
            }
            case "events" -> {
                Args a = Args.parse(argv, Set.of("interval"), Set.of("stats"), false);
                Container c = runtime.container(id(a, command));
                if (a.flag("stats")) {
                    printStatsEvent(c, c.stats());
                    return 0;
                }
                long interval = Interval.millis(a.get("interval") == null ? "5s" : a.get("interval"));
                c.streamStats(java.time.Duration.ofMillis(interval), usage -> printStatsEvent(c, usage));
                return 0;
            }
            case "features" -> {
                Args.parse(argv, Set.of(), Set.of(), false);
                System.out.println(JsonWriter.write(ContainerRuntime.features(), true));
                return 0;
            }
            case "checkpoint" -> {
                Args a = Args.parse(argv, Set.of("image-path", "work-path", "parent-path", "page-server", "manage-cgroups-mode"),
                        Set.of("leave-running", "tcp-established", "ext-unix-sk", "shell-job", "file-locks", "pre-dump"), false);
                runtime.container(id(a, command)).checkpoint(imagePath(a), a.flag("leave-running"));
                return 0;
            }
            case "restore" -> {
                Args a = Args.parse(argv, Set.of("image-path", "work-path", "bundle|b", "pid-file", "console-socket",
                        "manage-cgroups-mode"), Set.of("detach|d", "tcp-established", "ext-unix-sk", "shell-job",
                        "file-locks"), false);
                runtime.container(id(a, command)).restore(imagePath(a));
                return 0;
            }
            case "pause" -> {
                container(runtime, argv, command).pause();
                return 0;
            }
            case "resume" -> {
                container(runtime, argv, command).resume();
                return 0;
            }
            case "ps" -> {
                Args a = Args.parse(argv, Set.of("format|f"), Set.of(), true);
                List<String> rest = a.rest();
                if (rest.isEmpty()) {
                    throw new OciException("ps: usage: ps [--format table|json] ID [-- PS_OPTIONS]");
                }
                List<String> options = rest.subList(1, rest.size());
                if (!options.isEmpty() && options.getFirst().equals("--")) {
                    options = options.subList(1, options.size());
                }
                ps(runtime.container(rest.getFirst()).pids(), a.get("format"), options);
                return 0;
            }
            case "spec" -> {
                Args a = Args.parse(argv, Set.of("bundle|b"), Set.of("rootless"), false);
                Path file = bundle(a).resolve("config.json");
                if (java.nio.file.Files.exists(file)) {
                    throw new OciException("spec: " + file + " exists; remove it first");
                }
                try {
                    java.nio.file.Files.writeString(file, org.lxcri4j.runtime.DefaultSpec.json(a.flag("rootless"),
                            ((Number) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue(),
                            ((Number) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue()));
                } catch (java.io.IOException e) {
                    throw new OciException("spec: cannot write " + file + ": " + e.getMessage());
                }
                return 0;
            }
            default -> throw new OciException("unknown command " + command);
        }
    }

    /** --preserve-fds N: a count of descriptors from 3 up. */
    private static int preservedFds(Args a) {
        String n = a.get("preserve-fds");
        if (n == null) {
            return 0;
        }
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new OciException("--preserve-fds " + n + ": not a number");
        }
    }

    /** json: the pids; table: the host's `ps` (default -ef) limited to the container's processes, as runc. */
    private static void ps(List<Integer> pids, String format, List<String> psOptions) {
        if ("json".equals(format)) {
            System.out.println(JsonWriter.write(pids, false));
            return;
        }
        if (format != null && !format.equals("table")) {
            throw new OciException("invalid format " + format + " (table or json)");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of("ps"));
        cmd.addAll(psOptions.isEmpty() ? List.of("-ef") : psOptions);
        List<String> lines;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            if (p.waitFor() != 0) {
                throw new OciException("ps " + String.join(" ", psOptions) + " failed: " + String.join(" ", lines));
            }
        } catch (java.io.IOException e) {
            throw new OciException("cannot run ps: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted");
        }
        int column = List.of(lines.getFirst().trim().split("\\s+")).indexOf("PID");
        if (column < 0) {
            throw new OciException("ps output has no PID column");
        }
        System.out.println(lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > column && f[column].matches("\\d+") && pids.contains(Integer.parseInt(f[column]))) {
                System.out.println(line);
            }
        }
    }

    /** The container named by the only argument of a command without flags. */
    private static Container container(ContainerRuntime runtime, List<String> argv, String command) {
        return runtime.container(id(Args.parse(argv, Set.of(), Set.of(), false), command));
    }

    private static CreateOptions createOptions(Args a) {
        return CreateOptions.defaults().withPidFile(path(a.get("pid-file"))).withConsoleSocket(path(a.get("console-socket")))
                .withPreservedFds(preservedFds(a));
    }

    private static Path imagePath(Args a) {
        return Path.of(a.get("image-path") == null ? "checkpoint" : a.get("image-path"));
    }

    /** One `events` record of type "stats", in runc's shape. */
    private static void printStatsEvent(Container c, ResourceUsage usage) {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("type", "stats");
        event.put("id", c.id());
        event.put("data", usage.data());
        System.out.println(JsonWriter.write(event, false));
        System.out.flush();
    }

    private static String id(Args a, String command) {
        if (a.positional().size() != 1) {
            throw new OciException(command + ": expects exactly one container id, got " + a.positional().size());
        }
        return a.positional().getFirst();
    }

    private static Path bundle(Args a) {
        return Path.of(a.get("bundle") == null ? "." : a.get("bundle"));
    }

    private static Path path(String p) {
        return p == null || p.isEmpty() ? null : Path.of(p);
    }

    private static void list(ContainerRuntime runtime, String format, boolean quiet) {
        List<State> states = runtime.list();
        if (quiet) {
            states.forEach(s -> System.out.println(s.id()));
        } else if ("json".equals(format)) {
            System.out.println(JsonWriter.write(states, true));
        } else if (format == null || format.equals("table")) {
            System.out.printf("%-20s %-8s %-10s %-40s %s%n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
            for (State s : states) {
                String created = runtime.find(s.id()).map(Container::created).orElse("");
                System.out.printf("%-20s %-8d %-10s %-40s %s%n", s.id(), s.pid(), s.status(), s.bundle(), created);
            }
        } else {
            throw new OciException("invalid format " + format + " (table or json)");
        }
    }

    private static String usage() {
        return """
                lxcri4j: an OCI runtime on liblxc

                usage: lxcri4j [--root DIR] [--log FILE] [--log-format text|json] [--debug] COMMAND [ARGS]

                commands:
                  create --bundle DIR [--pid-file FILE] ID   create a container
                  start ID                                   run the created container's process
                  state ID                                   print the OCI state as JSON
                  kill [--all] ID [SIGNAL]                   signal the container (default SIGTERM)
                  delete [--force] ID                        delete a container
                  run --bundle DIR [--detach] ID             create and start; wait for the exit status
                  list [--format table|json] [--quiet]       list containers
                  exec [--process F | OPTS ID CMD...] ID     run another process in the container
                  update [--resources F|-] [--memory N ...] ID change the running container's resources
                  events [--stats] [--interval 5s] ID       resource usage: once, or a stream until it stops
                  pause ID / resume ID                       freeze / thaw every process of the container
                  ps [--format table|json] ID [-- PS_OPTS]   the container's processes (host pids)
                  spec [--bundle DIR] [--rootless]           write a default config.json
                  checkpoint [--image-path D] [--leave-running] ID   dump with CRIU
                  restore [--image-path D] ID                restore a checkpoint (container must be stopped)
                  features                                   what this runtime supports (runtime-spec features)
                  --version                                  print versions""";
    }
}
