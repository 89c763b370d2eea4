package org.lxcri4j.runtime;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.os.PreservedFds;

/**
 * How {@link Container#exec} starts a process beyond the process description itself.
 *
 * @param pidFile       where to write the process's pid, or null
 * @param consoleSocket unix socket that receives the terminal's master when the process has a terminal, or null
 * @param stdin         {@link Redirect#INHERIT} (this process's stdin) or {@link Redirect#PIPE}
 *                      ({@link AttachedProcess#stdin()}); a terminal replaces all three
 * @param stdout        INHERIT or PIPE ({@link AttachedProcess#stdout()})
 * @param stderr        INHERIT or PIPE ({@link AttachedProcess#stderr()})
 * @param preserveFds   how many of this process's descriptors from 3 up the process gets as its own
 *                      (runc's --preserve-fds); 0 for none
 */
public record ExecOptions(@Nullable Path pidFile, @Nullable Path consoleSocket, Redirect stdin, Redirect stdout, Redirect stderr,
                          int preserveFds) {

    public ExecOptions {
        PreservedFds.validate(preserveFds);
        for (Redirect r : new Redirect[] {Objects.requireNonNull(stdin), Objects.requireNonNull(stdout), Objects.requireNonNull(stderr)}) {
            if (r != Redirect.INHERIT && r != Redirect.PIPE) {
                throw new IllegalArgumentException("exec stdio is INHERIT or PIPE, not " + r);
            }
        }
    }

    /** No pid file, no terminal, this process's stdio. */
    public static ExecOptions defaults() {
        return new ExecOptions(null, null, Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT, 0);
    }

    /** Stdin, stdout and stderr as pipes to this process. */
    public static ExecOptions piped() {
        return defaults().withStdio(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE);
    }

    public ExecOptions withPidFile(@Nullable Path file) {
        return new ExecOptions(file, consoleSocket, stdin, stdout, stderr, preserveFds);
    }

    public ExecOptions withConsoleSocket(@Nullable Path socket) {
        return new ExecOptions(pidFile, socket, stdin, stdout, stderr, preserveFds);
    }

    public ExecOptions withStdio(Redirect in, Redirect out, Redirect err) {
        return new ExecOptions(pidFile, consoleSocket, in, out, err, preserveFds);
    }

    public ExecOptions withPreservedFds(int count) {
        return new ExecOptions(pidFile, consoleSocket, stdin, stdout, stderr, count);
    }
}
