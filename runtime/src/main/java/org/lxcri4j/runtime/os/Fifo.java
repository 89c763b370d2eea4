package org.lxcri4j.runtime.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.lxcri4j.runtime.OciException;

/**
 * One message over a fifo shared with a process in the container (the init, or it as liblxc's
 * mount hook). Opening a fifo blocks until the other end opens it, so each exchange has a deadline
 * and gives up as soon as the peer is known to be gone; the blocked open is then released, so no
 * thread is left waiting on a fifo nobody will open.
 */
public final class Fifo {

    private static final long POLL_MS = 20;

    private Fifo() {
    }

    /** The whole message the peer writes, stripped. */
    public static String read(Path fifo, Duration timeout, BooleanSupplier peerAlive, String peer) {
        return exchange(fifo, timeout, peerAlive, peer, true, () -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new OciException("cannot read " + fifo + ": " + e.getMessage());
            }
        });
    }

    public static void write(Path fifo, String message, Duration timeout, BooleanSupplier peerAlive, String peer) {
        exchange(fifo, timeout, peerAlive, peer, false, () -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(message.getBytes(StandardCharsets.UTF_8));
                return null;
            } catch (IOException e) {
                throw new OciException("cannot write " + fifo + ": " + e.getMessage());
            }
        });
    }

    private static String exchange(Path fifo, Duration timeout, BooleanSupplier peerAlive, String peer, boolean reading,
                                   Supplier<String> io) {
        CompletableFuture<String> done = CompletableFuture.supplyAsync(io, r -> Thread.ofPlatform().daemon().start(r));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return done.get(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!peerAlive.getAsBoolean()) {
                        release(fifo, reading, done);
                        throw new OciException(peer + " exited");
                    }
                    if (System.nanoTime() > deadline) {
                        release(fifo, reading, done);
                        throw new OciException(peer + " did not answer within " + timeout.toSeconds() + "s");
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof OciException o ? o : new OciException(e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(fifo, reading, done);
            throw new OciException("interrupted");
        }
    }

    /** Opens the other end once, so that a blocked open returns (a reader then sees end of file). */
    private static void release(Path fifo, boolean reading, CompletableFuture<String> pending) {
        if (pending.isDone()) {
            return;
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                if (reading) {
                    Files.newOutputStream(fifo, StandardOpenOption.WRITE).close();
                } else {
                    try (InputStream in = Files.newInputStream(fifo)) {
                        in.readAllBytes();
                    }
                }
            } catch (IOException ignored) {
                // the fifo is gone, and with it the blocked open's reason to wait
            }
        });
    }
}
