package org.lxcri4j.lab.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.lxcri4j.lab.Command;
import org.lxcri4j.lab.ExecResult;
import org.lxcri4j.lab.ExecTimeoutException;
import org.lxcri4j.lab.LabException;
import org.lxcri4j.lxc.AttachOptions;
import org.lxcri4j.lxc.EnvPolicy;
import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.lxc.Lxc;
import org.lxcri4j.lxc.LxcContainer;
import org.lxcri4j.lxc.NativePipe;

/**
 * A command run in a container with liblxc's attach: stdin fed from a byte array, stdout and stderr
 * collected, a timeout after which the process is killed. The environment is the node's, not the
 * JVM's. The pipes are served by platform threads: a virtual thread blocked reading a pipe holds its
 * carrier, and two of them starved the thread feeding stdin on a 2-core host.
 */
public final class Execution {

    /** The environment every command starts from. */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Execution() {
    }

    /** Runs {@code command} in {@code container} with {@code nodeEnv} below the command's own variables. */
    public static ExecResult run(LxcContainer container, Command command, Map<String, String> nodeEnv) {
        List<String> env = new ArrayList<>(List.of("PATH=" + PATH, "HOME=/root", "TERM=dumb"));
        nodeEnv.forEach((k, v) -> env.add(k + "=" + v));
        command.env().forEach((k, v) -> env.add(k + "=" + v));
        try (NativePipe in = NativePipe.open(); NativePipe out = NativePipe.open(); NativePipe err = NativePipe.open()) {
            AttachOptions options = AttachOptions.defaults()
                    .withEnv(EnvPolicy.CLEAR, env, List.of())
                    .withCwd(command.cwd() == null ? "/" : command.cwd())
                    .withStdio(in.readEnd().fd(), out.writeEnd().fd(), err.writeEnd().fd());
            int pid = container.attach(options, command.argv());
            // the child has its copies; ours closed, so the readers see end of file when it exits
            in.readEnd().close();
            out.writeEnd().close();
            err.writeEnd().close();
            long deadline = System.nanoTime() + command.timeout().toNanos();
            Drain stdout = new Drain(out.inputStream());
            Drain stderr = new Drain(err.inputStream());
            out.readEnd().close();
            err.readEnd().close();
            feed(in.outputStream(), command.input());
            in.writeEnd().close();
            CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("lab-exec-wait-" + pid).start(() -> {
                try {
                    exit.complete(Lxc.waitPid(pid));
                } catch (RuntimeException e) {
                    exit.completeExceptionally(e);
                }
            });
            try {
                int code = code(exit.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
                return new ExecResult(code, text(stdout.await(deadline)), text(stderr.await(deadline)));
            } catch (TimeoutException e) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                int code = code(exit.join());
                // a process it left behind may hold the pipes: take what came so far
                ExecResult partial = new ExecResult(code, text(stdout.taken()), text(stderr.taken()));
                throw new ExecTimeoutException("'" + command + "' in " + container.name() + " ran longer than "
                        + command.timeout().toMillis() + " ms and was killed", partial);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while '" + command + "' ran in " + container.name(), e);
        } catch (ExecutionException e) {
            throw new LabException("'" + command + "' in " + container.name() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static int code(ExitStatus s) {
        return s.signaled() ? 128 + s.signal() : s.exitCode();
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void feed(OutputStream stdin, byte[] input) {
        if (input.length == 0) {
            try {
                stdin.close();
            } catch (IOException e) {
                // nothing was to be written
            }
            return;
        }
        Thread.ofPlatform().daemon().name("lab-exec-stdin").start(() -> {
            try (stdin) {
                stdin.write(input);
            } catch (IOException e) {
                // the command stopped reading: what it read is its business
            }
        });
    }

    /**
     * Reads a pipe to its end on a thread of its own, keeping what came so far. A process the
     * command left running (a server started with {@code &}) keeps the pipe open after the command
     * exits: {@link #await} then stops waiting once nothing has come for {@link #QUIET_NANOS}.
     */
    private static final class Drain {
        private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Void> end = new CompletableFuture<>();
        private volatile long lastRead = System.nanoTime();

        Drain(InputStream stream) {
            Thread.ofPlatform().daemon().name("lab-exec-drain").start(() -> {
                byte[] buf = new byte[8192];
                try (stream) {
                    for (int n; (n = stream.read(buf)) >= 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                        lastRead = System.nanoTime();
                    }
                } catch (IOException e) {
                    // the pipe was closed under us: keep what came
                }
                end.complete(null);
            });
        }

        /** Waits for the end of the pipe, or until it has been quiet a while, or the deadline. */
        byte[] await(long deadline) throws InterruptedException {
            while (!end.isDone()) {
                long now = System.nanoTime();
                long wait = Math.min(deadline, lastRead + QUIET_NANOS) - now;
                if (wait <= 0) {
                    break;
                }
                try {
                    end.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // look at the clock again
                }
            }
            return taken();
        }

        byte[] taken() {
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }
    }
}
