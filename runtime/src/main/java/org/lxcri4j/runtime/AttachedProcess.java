package org.lxcri4j.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.lxc.Lxc;
import org.lxcri4j.runtime.os.Pidfd;

/**
 * A process started in a container by {@link Container#exec}. It is a child of this JVM; the
 * first {@link #waitFor} reaps it (until then an exited process stays a zombie, so its pid cannot
 * be reused and {@link #signal} cannot reach another process). Wait for every process you exec.
 */
public final class AttachedProcess {

    private final String containerId;
    private final int pid;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private boolean reaping;
    /** Opened while the process is this one's unreaped child, so it names that process whatever happens to its pid. */
    private final Pidfd pidfd;
    private boolean pidfdClosed;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;

    private volatile Terminal terminal;

    AttachedProcess(String containerId, int pid, OutputStream stdin, InputStream stdout, InputStream stderr) {
        if (pid <= 0) {
            throw new IllegalArgumentException("attach returned pid " + pid);
        }
        this.containerId = containerId;
        this.pid = pid;
        this.pidfd = Pidfd.open(pid).orElseThrow(() -> new OciException("exec in " + containerId + ": pid " + pid + " vanished"));
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Reaps the process in a daemon thread, from the first wait on. Never before: when the caller
     * hands the pid on and exits (the CLI's exec --detach for conmon or containerd's shim), the
     * process must still be there for its new parent to reap and read its status.
     */
    private synchronized CompletableFuture<ExitStatus> reaped() {
        if (!reaping) {
            reaping = true;
            Thread.ofPlatform().daemon().name("lxcri4j-reaper-" + pid).start(() -> {
                try {
                    ExitStatus status = Lxc.waitPid(pid);
                    closePidfd();
                    exit.complete(status);
                } catch (RuntimeException e) {
                    closePidfd();
                    exit.completeExceptionally(e);
                }
            });
        }
        return exit;
    }

    /** Holds the process's terminal (the exec had one and no console socket). */
    void terminal(Terminal t) {
        terminal = t;
    }

    /**
     * The process's terminal when this process holds its master: an exec with a terminal and no
     * console socket; close it once its output is read.
     */
    public Optional<Terminal> terminal() {
        return Optional.ofNullable(terminal);
    }

    /** The process's pid in the host's pid namespace. */
    public int pid() {
        return pid;
    }

    /** The process's stdin when it was piped ({@link ExecOptions}); else a stream that discards. Close it to send end of file. */
    public OutputStream stdin() {
        return stdin;
    }

    /** The process's stdout when it was piped; else an empty stream. */
    public InputStream stdout() {
        return stdout;
    }

    /** The process's stderr when it was piped; else an empty stream. */
    public InputStream stderr() {
        return stderr;
    }

    public String containerId() {
        return containerId;
    }

    /** Waits for the process to exit and returns its wait status. */
    public ExitStatus waitFor() {
        return waitFor(null).orElseThrow();
    }

    /** Waits up to {@code timeout} (null: no limit); empty if the process still runs then. */
    public Optional<ExitStatus> waitFor(@Nullable Duration timeout) {
        try {
            CompletableFuture<ExitStatus> status = reaped();
            return Optional.of(timeout == null ? status.get() : status.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new OciException("waiting for pid " + pid + " in " + containerId + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted while waiting for pid " + pid + " in " + containerId);
        }
    }

    /** Whether the process has exited; starts reaping it. */
    public boolean exited() {
        return reaped().isDone();
    }

    /**
     * Sends {@code signal} to the process. Once it has been reaped its pid may belong to another
     * process, so signalling an exited process is an error rather than a guess.
     */
    public synchronized void signal(int signal) {
        if (exit.isDone() || pidfdClosed) {
            throw new OciException("pid " + pid + " in " + containerId + " has already exited");
        }
        pidfd.signal(signal);
    }

    private synchronized void closePidfd() {
        if (!pidfdClosed) {
            pidfdClosed = true;
            pidfd.close();
        }
    }
}
