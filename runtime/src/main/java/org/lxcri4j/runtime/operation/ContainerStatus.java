package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.cgroup.CgroupFiles;
import org.lxcri4j.runtime.cgroup.Freezer;
import org.lxcri4j.runtime.os.Pidfd;
import org.lxcri4j.runtime.os.ProcessInfo;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.Spec;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerRecord;

/** What every operation reads first: the record, the status, the live cgroups. */
public final class ContainerStatus {

    private ContainerStatus() {
    }

    static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    static final String TERMINATION_MESSAGE = "io.kubernetes.container.terminationMessagePath";
    /** The status `list` gives a container whose record cannot be read (`state` says why). */
    static final String BROKEN = "broken";

    static ContainerRecord requireRecord(RuntimeContext ctx, String id) {
        ContainerRecord r = ctx.store().read(id);
        if (r == null) {
            throw new OciException("container " + id + " is still being created, or its create did not finish");
        }
        return r;
    }

    static State state(ContainerRecord r, String status) {
        boolean alive = !status.equals(State.STOPPED);
        return new State(ContainerRuntime.OCI_VERSION, r.id(), status, alive ? r.initPid() : 0, r.bundle(), r.annotations());
    }

    static String status(RuntimeContext ctx, ContainerRecord r) {
        if (!ProcessInfo.alive(r.initPid(), r.initStartTime())) {
            return State.STOPPED;
        }
        if (!Files.exists(RuntimeFile.STARTED.in(ctx.dir(r.id())))) {
            return State.CREATED;
        }
        if (!Files.exists(RuntimeFile.PAUSED.in(ctx.dir(r.id())))) {
            return State.RUNNING;
        }
        try {
            return Freezer.of(cgroups(r)).frozen() ? State.PAUSED : State.RUNNING;
        } catch (OciException e) {
            return State.STOPPED; // exited meanwhile
        }
    }

    /**
     * The container's cgroups, read through its init while a pidfd proves the pid is still the
     * init's: a reused pid would otherwise hand out another process's cgroups (a host service's).
     */
    static CgroupFiles cgroups(ContainerRecord r) {
        try (Pidfd init = Pidfd.open(r.initPid(), r.initStartTime())
                .orElseThrow(() -> new OciException("container " + r.id() + " is not running"))) {
            CgroupFiles files = CgroupFiles.of(r.initPid());
            if (!init.alive()) {
                throw new OciException("container " + r.id() + " is not running");
            }
            return files;
        }
    }

    /** Every pid in the container's cgroup. */
    static List<Integer> containerPids(ContainerRecord r) {
        try {
            return cgroups(r).procs();
        } catch (OciException e) {
            if (!ProcessInfo.alive(r.initPid(), r.initStartTime())) {
                return List.of(); // gone meanwhile: nothing left to signal
            }
            throw e;
        }
    }

    static void terminationMessage(Map<String, String> annotations, String message) {
        String path = annotations == null ? null : annotations.get(TERMINATION_MESSAGE);
        if (path != null && !path.isEmpty()) {
            try {
                Files.writeString(Path.of(path), message + "\n");
            } catch (IOException ignored) {
                // best effort: the error still goes to stderr and the log
            }
        }
    }


    static Map<String, String> annotations(Spec spec) {
        return spec.annotations() == null ? Map.of() : spec.annotations();
    }
}
