package org.lxcri4j.cmd;

import java.util.Arrays;
import java.util.List;

import org.lxcri4j.cmd.command.Command;
import org.lxcri4j.cmd.command.GlobalOptions;
import org.lxcri4j.lxc.Lxc;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;
import org.tinylog.Logger;

/**
 * {@code lxcri4j}: runc's command-line contract over the Java runtime API ({@link ContainerRuntime}).
 * It parses the global flags and hands the rest to a {@link Command}, one record per command.
 * Errors: one line on stderr, one entry in the --log file, exit status 1; {@code run} exits with
 * the container's status.
 */
public final class Main {

    static final String VERSION = "0.1.0";

    private Main() {
    }

    public static void main(String[] argv) {
        int status = run(Arrays.asList(argv));
        System.out.flush();
        System.err.flush();
        // Not System.exit, which initialises the platform logging framework just to log the exit
        // (~10 ms of a ~40 ms command); nothing here needs shutdown hooks. But a JVM whose thread
        // waits in native code (the reaper of a child that outlives it: create's lxcri4j-start)
        // waits 300 ms for it at exit, as does one with liblxc loaded (exec, checkpoint): leave
        // with _exit(2) then.
        if (Arrays.stream(argv).anyMatch(a -> a.equals("create") || a.equals("run")) || Exit.liblxcLoaded()) {
            Exit.immediately(status);
        }
        Runtime.getRuntime().halt(status);
    }

    static int run(List<String> argv) {
        boolean logged = false;
        try {
            GlobalOptions global = GlobalOptions.parse(argv);
            logged = LogSetup.configure(global.log(), global.logFormat(), global.debug());
            global.validate();
            if (global.version()) {
                System.out.println("lxcri4j version " + VERSION + "\nliblxc: " + Lxc.version() + "\nspec: " + ContainerRuntime.OCI_VERSION);
                return 0;
            }
            List<String> rest = global.rest();
            if (rest.isEmpty() || global.help()) {
                System.out.println(usage());
                return rest.isEmpty() && !global.help() ? 1 : 0;
            }
            if (global.systemdCgroup() && global.debug()) {
                Logger.debug("--systemd-cgroup: cgroupsPath slice:prefix:name is mapped to a plain cgroup path");
            }
            Command command = Command.parse(rest.getFirst(), rest.subList(1, rest.size()));
            return command.run(ContainerRuntime.open(global.root(), ContainerRuntime.DEFAULT_LIBEXEC, global.debug()));
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
