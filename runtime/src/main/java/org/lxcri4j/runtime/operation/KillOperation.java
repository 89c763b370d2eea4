package org.lxcri4j.runtime.operation;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.Signals;
import org.lxcri4j.runtime.cgroup.CgroupFiles;
import org.lxcri4j.runtime.cgroup.Freezer;
import org.lxcri4j.runtime.os.Pidfd;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;
import org.tinylog.Logger;

/** kill: one process, the container process, or every process of the container. */
public final class KillOperation {

    private KillOperation() {
    }

    /**
     * Sends {@code signal} to the container process, or with {@code all} to every process in it. As
     * runc: {@code --all} of a stopped container signals what is left in its cgroups and succeeds
     * (containerd's shim kills that way before a forced delete); a single signal to a stopped one
     * fails with runc's "container not running", which the shim recognises as already finished.
     */
    public static void kill(RuntimeContext ctx, String id, int signal, boolean all) {
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            if (all) {
                signalAll(r, signal);
                return;
            }
            String status = ContainerStatus.status(ctx, r);
            if (status.equals(State.STOPPED)) {
                throw notRunning(id);
            }
            try (Pidfd init = Pidfd.open(r.initPid(), r.initStartTime()).orElseThrow(() -> notRunning(id))) {
                init.signal(signal);
                if (ctx.debug()) {
                    Logger.debug("kill {}: signal {} sent to the container process {}", id, signal, r.initPid());
                }
            }
        }
    }

    private static OciException notRunning(String id) {
        return new OciException("cannot kill container " + id + ": container not running");
    }

    /** Sends {@code signal} to one process of the container, by host pid. */
    public static void signal(RuntimeContext ctx, String id, int pid, int signal) {
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            if (ContainerStatus.status(ctx, r).equals(State.STOPPED)) {
                throw new OciException("cannot signal container " + id + ": container not running");
            }
            // opened before the check: if the pid is the container's then, the pidfd names that process
            try (Pidfd p = Pidfd.open(pid).orElseThrow(() -> new OciException("pid " + pid + " is not a process of container " + id))) {
                if (!ContainerStatus.containerPids(r).contains(pid)) {
                    throw new OciException("pid " + pid + " is not a process of container " + id);
                }
                p.signal(signal);
            }
        }
    }

    /**
     * Signals every process of the container, as runc does: the cgroup frozen while its processes
     * are listed and signalled (none can fork or exit, so each pid is the one listed), each
     * through a pidfd; thawed afterwards unless it was paused.
     */
    static void signalAll(ContainerRecord r, int signal) {
        CgroupFiles cgroups;
        try {
            cgroups = ContainerStatus.cgroups(r);
        } catch (OciException e) {
            return; // nothing left to signal
        }
        if (cgroups.inHierarchyRoot()) {
            return; // exiting
        }
        Freezer freezer = cgroups.has("freezer") ? Freezer.of(cgroups) : null;
        boolean thaw = freezer != null && !freezer.frozen();
        if (thaw) {
            freezer.freeze(true);
        }
        try {
            for (int pid : cgroups.procs()) {
                Pidfd.open(pid).ifPresent(p -> {
                    try (p) {
                        p.signal(signal);
                    }
                });
            }
        } finally {
            if (thaw) {
                freezer.freeze(false);
            }
        }
    }
}
