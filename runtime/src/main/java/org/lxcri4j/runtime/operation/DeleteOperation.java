package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.Signals;
import org.lxcri4j.runtime.cgroup.CgroupSweep;
import org.lxcri4j.runtime.cgroup.Freezer;
import org.lxcri4j.runtime.os.Pidfd;
import org.lxcri4j.runtime.os.ProcessInfo;
import org.lxcri4j.runtime.os.Sleep;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;
import org.lxcri4j.runtime.store.ContainerStore;
import org.tinylog.Logger;

/** delete: processes, cgroups and the runtime directory; then the poststop hooks. */
public final class DeleteOperation {

    private DeleteOperation() {
    }

    /** Deletes a stopped or created container; with {@code force} also a running one, or none at all. */
    public static void delete(RuntimeContext ctx, String id, boolean force) {
        if (force && !Files.isDirectory(ctx.store().dir(id))) {
            // as runc: forcing the delete of a container that is gone is not an error; a create
            // killed before it made the directory may have left the lock file, which lock removes
            try {
                ctx.store().lock(id).close();
            } catch (OciException e) {
                // does not exist: the expected answer
            }
            return;
        }
        ContainerRecord r;
        try (ContainerLock lock = ctx.store().lock(id)) {
            try {
                r = ctx.store().read(id);
            } catch (ContainerStore.BrokenRecord e) {
                if (!force && !CgroupSweep.populated(ctx.store().plannedCgroups(id)).isEmpty()) {
                    throw e;
                }
                r = null;
            }
            if (r == null && !force && !CgroupSweep.populated(ctx.store().plannedCgroups(id)).isEmpty()) {
                throw new OciException("cannot delete container " + id + ": it has no record and its cgroups hold processes"
                        + " (use --force)");
            }
            if (r != null) {
                String status = ContainerStatus.status(ctx, r);
                if ((status.equals(State.RUNNING) || status.equals(State.PAUSED)) && !force) {
                    throw new OciException("cannot delete container " + id + " that is not stopped: " + status);
                }
                if (!status.equals(State.STOPPED)) {
                    KillOperation.signalAll(r, Signals.SIGKILL);
                    if (status.equals(State.PAUSED)) {
                        try {
                            Freezer.of(ContainerStatus.cgroups(r)).freeze(false); // a frozen task cannot die
                        } catch (OciException e) {
                            // gone meanwhile
                        }
                    }
                }
                awaitExit(r.monitorPid(), ContainerStatus.STOP_TIMEOUT);
            } else {
                killHelpers(ctx, id); // a monitor may not be in its cgroup yet
            }
            // liblxc's monitor removes the cgroups when the container stops; one that was killed
            // could not. Whatever the record says or lacks: every process and cgroup of the
            // container, by the names create planned and those the record has.
            Set<Path> cgroups = new LinkedHashSet<>(ctx.store().plannedCgroups(id));
            if (r != null) {
                r.cgroups().forEach(c -> cgroups.add(Path.of(c)));
            }
            List<Path> left = CgroupSweep.killAndRemove(List.copyOf(cgroups));
            if (!left.isEmpty()) {
                throw new OciException("delete " + id + ": cannot remove the cgroup " + left.getFirst());
            }
            ctx.store().remove(id);
            if (ctx.debug()) {
                Logger.debug("delete {}: processes, cgroups and runtime directory removed", id);
            }
        }
        if (r != null) {
            try {
                HookRunner.run("poststop", r.poststop(), new State(ContainerRuntime.OCI_VERSION, id, State.STOPPED, 0, r.bundle(), r.annotations()));
            } catch (OciException e) {
                // poststop failures are logged, not fatal (runtime spec)
                Logger.warn("delete {}: {}", id, e.getMessage());
            }
        }
    }

    private static void awaitExit(int pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessInfo.exists(pid) && System.nanoTime() < deadline) {
            Sleep.millis(5);
        }
    }

    /**
     * Kills the container's lxcri4j-start processes (the pid-file process and the monitor), found
     * by their command line: for delete --force of a container whose record is missing or broken.
     */
    static void killHelpers(RuntimeContext ctx, String id) {
        String prefix = ctx.libexec().resolve("lxcri4j-start") + "\0" + id + "\0" + ctx.store().root() + "\0";
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("cmdline")).startsWith(prefix)) {
                        Pidfd.open(Integer.parseInt(p.getFileName().toString())).ifPresent(fd -> {
                            try (fd) {
                                fd.signal(Signals.SIGKILL);
                            }
                        });
                    }
                } catch (IOException e) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new OciException("delete " + id + ": cannot list /proc: " + e.getMessage());
        }
    }
}
