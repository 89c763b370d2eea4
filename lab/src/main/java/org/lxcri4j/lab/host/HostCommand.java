package org.lxcri4j.lab.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.lxcri4j.lab.LabException;

/**
 * Runs a host tool ({@code ip}, {@code tc}, {@code nsenter}, {@code debootstrap}) and returns its
 * output. Bridges, links and qdiscs are netlink requests: iproute2 speaks that protocol on every
 * Debian host, and a netlink client of our own would be a second one to keep right.
 */
public final class HostCommand {

    private HostCommand() {
    }

    /** Runs {@code argv}; a non-zero exit becomes a {@link LabException} with the command and its stderr. */
    public static String run(List<String> argv) {
        return run(argv, "");
    }

    /** Runs {@code argv} with {@code input} on its stdin ({@code ip -batch -}); as {@link #run(List)}. */
    public static String run(List<String> argv, String input) {
        Result r = tryRun(argv, input);
        if (r.exit() != 0) {
            throw new LabException(String.join(" ", argv) + ": exit " + r.exit() + ": " + r.stderr().strip());
        }
        return r.stdout();
    }

    public static String run(String... argv) {
        return run(List.of(argv));
    }

    /** What a command printed and how it ended. */
    public record Result(int exit, String stdout, String stderr) {
    }

    /** Runs {@code argv} and returns its exit and output, whatever the exit. */
    public static Result tryRun(List<String> argv) {
        return tryRun(argv, "");
    }

    /** Runs {@code argv} with {@code input} on its stdin and returns its exit and output, whatever the exit. */
    public static Result tryRun(List<String> argv, String input) {
        try {
            Process p = new ProcessBuilder(argv).start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()),
                    Thread::startVirtualThread);
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new LabException(String.join(" ", argv) + ": did not end");
            }
            return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    new String(stderr.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabException(argv.getFirst() + " cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(String.join(" ", argv) + ": interrupted", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
