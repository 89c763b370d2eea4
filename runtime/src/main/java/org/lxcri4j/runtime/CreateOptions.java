package org.lxcri4j.runtime;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.os.PreservedFds;

/**
 * How {@link ContainerRuntime#create} sets a container up beyond its bundle.
 *
 * @param pidFile       where to write the container process's pid, or null; when the process that
 *                      started this one reaps orphans (conmon, containerd's shims) the pid of
 *                      lxcri4j-start instead, which that caller can wait for (it stands in the
 *                      container's namespaces and cgroups; see lxcri4j-start.c)
 * @param consoleSocket unix socket that receives the terminal's master (process.terminal), or null
 * @param stdin         the container process's stdin; with a terminal the terminal replaces all three
 * @param stdout        its stdout
 * @param stderr        its stderr
 * @param preserveFds   how many of this process's descriptors from 3 up the container process gets
 *                      as its own 3 up (runc's --preserve-fds, for a caller such as conmon that
 *                      hands the runtime sockets to pass on); 0 for none
 */
public record CreateOptions(@Nullable Path pidFile, @Nullable Path consoleSocket, Redirect stdin, Redirect stdout, Redirect stderr,
                            int preserveFds) {

    public CreateOptions {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        PreservedFds.validate(preserveFds);
    }

    /** No pid file, no terminal, no extra descriptors; the container inherits this process's stdio. */
    public static CreateOptions defaults() {
        return new CreateOptions(null, null, Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT, 0);
    }

    public CreateOptions withPidFile(@Nullable Path file) {
        return new CreateOptions(file, consoleSocket, stdin, stdout, stderr, preserveFds);
    }

    public CreateOptions withConsoleSocket(@Nullable Path socket) {
        return new CreateOptions(pidFile, socket, stdin, stdout, stderr, preserveFds);
    }

    public CreateOptions withStdio(Redirect in, Redirect out, Redirect err) {
        return new CreateOptions(pidFile, consoleSocket, in, out, err, preserveFds);
    }

    public CreateOptions withPreservedFds(int count) {
        return new CreateOptions(pidFile, consoleSocket, stdin, stdout, stderr, count);
    }
}
