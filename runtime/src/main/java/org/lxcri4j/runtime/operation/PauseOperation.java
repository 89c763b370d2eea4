package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.cgroup.Freezer;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;

/** pause and resume: the cgroup freezer. */
public final class PauseOperation {

    private PauseOperation() {
    }

    /** Freezes every process of a running container (cgroup freezer); `state` then says paused. */
    public static void pause(RuntimeContext ctx, String id) {
        freezerTransition(ctx, id, "pause", State.RUNNING, true);
    }

    /** Thaws a paused container. */
    public static void resume(RuntimeContext ctx, String id) {
        freezerTransition(ctx, id, "resume", State.PAUSED, false);
    }

    private static void freezerTransition(RuntimeContext ctx, String id, String verb, String from, boolean freeze) {
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            String status = ContainerStatus.status(ctx, r);
            if (!status.equals(from)) {
                throw new OciException("cannot " + verb + " container " + id + ": it is " + status + ", not " + from);
            }
            Freezer.of(ContainerStatus.cgroups(r)).freeze(freeze);
            Path marker = RuntimeFile.PAUSED.in(ctx.dir(id));
            if (freeze) {
                Files.writeString(marker, Instant.now().toString());
            } else {
                Files.deleteIfExists(marker);
            }
        } catch (IOException e) {
            throw new OciException(verb + " " + id + ": " + e.getMessage(), e);
        }
    }
}
