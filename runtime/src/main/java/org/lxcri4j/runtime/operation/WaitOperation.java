package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.store.ContainerRecord;

/** The container process's exit status, as its monitor recorded it. */
public final class WaitOperation {

    private WaitOperation() {
    }

    /**
     * Waits up to {@code timeout} for the container process to exit and returns its wait status;
     * empty if it still runs. The monitor records the status before it exits, so the file is the
     * truth and the monitor's pid is only waited on while the file is missing.
     */
    public static java.util.Optional<ExitStatus> await(RuntimeContext ctx, String id, Duration timeout) {
        ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
        java.util.Optional<ExitStatus> status = exitStatus(ctx, id);
        if (status.isPresent()) {
            return status;
        }
        var monitor = ProcessHandle.of(r.monitorPid());
        if (monitor.isPresent()) {
            try {
                monitor.get().onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return java.util.Optional.empty();
            } catch (ExecutionException e) {
                throw new OciException("waiting for container " + id + ": " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OciException("interrupted while waiting for container " + id);
            }
        }
        return java.util.Optional.of(exitStatus(ctx, id).orElseThrow(
                () -> new OciException("container " + id + ": its monitor exited without recording an exit status")));
    }

    /** The container process's wait status as the monitor recorded it, once it has exited. */
    public static java.util.Optional<ExitStatus> exitStatus(RuntimeContext ctx, String id) {
        try {
            return java.util.Optional.of(new ExitStatus(Integer.parseInt(Files.readString(RuntimeFile.EXIT_STATUS.in(ctx.dir(id))).strip())));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
