package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.os.Fifo;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;
import org.tinylog.Logger;

/** start: the init released from the sync fifo; the poststart hooks. */
public final class StartOperation {

    private StartOperation() {
    }

    /** Lets the container process run: releases the init from the sync fifo. */
    public static void start(RuntimeContext ctx, String id) {
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            String status = ContainerStatus.status(ctx, r);
            if (!status.equals(State.CREATED)) {
                throw new OciException("cannot start container " + id + ": it is " + status + ", not created");
            }
            String reply = Fifo.read(RuntimeFile.SYNC_FIFO.in(ctx.dir(id)), ContainerStatus.START_TIMEOUT, () -> true, "the container init");
            if (!reply.equals("ok")) {
                ContainerStatus.terminationMessage(r.annotations(), reply);
                throw new OciException("start " + id + ": " + reply);
            }
            Files.writeString(RuntimeFile.STARTED.in(ctx.dir(id)), Instant.now().toString());
            try {
                if (ctx.debug()) {
                    Logger.debug("start {}: the container process runs", id);
                }
                HookRunner.run("poststart", r.poststart(), ContainerStatus.state(r, State.RUNNING));
            } catch (OciException e) {
                throw new OciException("start " + id + ": container started, but " + e.getMessage());
            }
        } catch (IOException e) {
            throw new OciException("start " + id + ": " + e.getMessage(), e);
        }
    }
}
