package org.lxcri4j.lab.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.lxcri4j.lab.LabException;

/**
 * A process as its pid and the pid's start time in clock ticks since boot, so that a recycled pid
 * is not taken for it: the JVM that owns a lab, the liblxc monitor of a node.
 */
public record ProcessIdentity(long pid, long startTime) {

    /** This JVM. */
    public static ProcessIdentity current() {
        long pid = ProcessHandle.current().pid();
        return of(pid).orElseThrow(() -> new IllegalStateException("no /proc/self/stat"));
    }

    /** Process {@code pid}, if it runs: an exited process its parent has not reaped yet does not. */
    public static Optional<ProcessIdentity> of(long pid) {
        return stat(pid).filter(f -> !f[0].equals("Z") && !f[0].equals("X"))
                .map(f -> new ProcessIdentity(pid, Long.parseLong(f[19])));
    }

    /** The parent of process {@code pid}, if both run. */
    public static Optional<ProcessIdentity> parentOf(long pid) {
        return stat(pid).flatMap(f -> of(Long.parseLong(f[1])));
    }

    /** Parses what {@link #toString()} wrote; empty if {@code text} is not one. */
    public static Optional<ProcessIdentity> parse(String text) {
        String[] f = text.strip().split(" ");
        try {
            return f.length == 2 ? Optional.of(new ProcessIdentity(Long.parseLong(f[0]), Long.parseLong(f[1]))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return of(pid).map(p -> p.startTime == startTime).orElse(false);
    }

    /**
     * Waits until the process has ended. Not a child of ours, so there is nothing to wait on but
     * {@code /proc}: looked at every millisecond, which a monitor's last cleanup takes a few of.
     */
    public void awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new LabException("process " + pid + " did not end in " + timeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted waiting for process " + pid, e);
            }
        }
    }

    @Override
    public String toString() {
        return pid + " " + startTime;
    }

    /** The fields of /proc/PID/stat after the command name (which may hold spaces): [0] is the state. */
    private static Optional<String[]> stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
