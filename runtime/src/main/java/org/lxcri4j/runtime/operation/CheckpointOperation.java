package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.lxcri4j.lxc.LxcContainer;
import org.lxcri4j.lxc.LxcException;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;

/** checkpoint and restore through liblxc and CRIU. */
public final class CheckpointOperation {

    private CheckpointOperation() {
    }

    /** Dumps the running container with CRIU into {@code imagePath}; it keeps running with {@code leaveRunning}. */
    public static void checkpoint(RuntimeContext ctx, String id, Path imagePath, boolean leaveRunning) {
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            if (!ContainerStatus.status(ctx, r).equals(State.RUNNING)) {
                throw new OciException("cannot checkpoint container " + id + ": it is " + ContainerStatus.status(ctx, r));
            }
            Files.createDirectories(imagePath);
            try (LxcContainer c = LxcContainer.open(id, ctx.store().root())) {
                c.checkpoint(imagePath.toAbsolutePath(), !leaveRunning, true);
            } catch (LxcException e) {
                throw new OciException("checkpoint " + id + ": " + e.getMessage());
            }
        } catch (IOException e) {
            throw new OciException("checkpoint " + id + ": " + e.getMessage(), e);
        }
    }

    /** Restores a checkpointed container from {@code imagePath}. */
    public static void restore(RuntimeContext ctx, String id, Path imagePath) {
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            if (!ContainerStatus.status(ctx, r).equals(State.STOPPED)) {
                throw new OciException("cannot restore container " + id + ": it is " + ContainerStatus.status(ctx, r) + ", not stopped");
            }
            if (!Files.isDirectory(imagePath)) {
                throw new OciException("restore " + id + ": no checkpoint at " + imagePath);
            }
            try (LxcContainer c = LxcContainer.open(id, ctx.store().root())) {
                c.restore(imagePath.toAbsolutePath(), true);
            } catch (LxcException e) {
                throw new OciException("restore " + id + ": " + e.getMessage());
            }
        }
    }
}
