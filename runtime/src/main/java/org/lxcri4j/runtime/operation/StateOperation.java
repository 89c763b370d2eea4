package org.lxcri4j.runtime.operation;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;

/** state and list: a container's status as its record, its init and its cgroups tell it. */
public final class StateOperation {

    private StateOperation() {
    }

    public static State state(RuntimeContext ctx, String id) {
        ContainerRecord r = ctx.store().read(id);
        if (r == null) {
            requireCreating(ctx, id);
            return new State(ContainerRuntime.OCI_VERSION, id, State.CREATING, 0, null, Map.of());
        }
        return ContainerStatus.state(r, ContainerStatus.status(ctx, r));
    }

    /** No record: create is still at work (it holds the lock), or was killed before it wrote one. */
    private static void requireCreating(RuntimeContext ctx, String id) {
        try (ContainerLock lock = ContainerLock.tryAcquire(ctx.store().root(), id)) {
            if (lock != null && ctx.store().read(id) == null) {
                throw new OciException("container " + id + ": its create did not finish (no record in " + ctx.store().dir(id)
                        + "); delete --force removes the container");
            }
        }
    }

    /** Every container; one whose record is broken, or whose create did not finish, as {@link #ContainerStatus.BROKEN}. */
    public static List<State> list(RuntimeContext ctx) {
        List<State> out = new ArrayList<>();
        for (String id : ctx.store().ids()) {
            try {
                out.add(state(ctx, id));
            } catch (OciException e) {
                if (Files.isDirectory(ctx.store().dir(id))) {
                    out.add(new State(ContainerRuntime.OCI_VERSION, id, ContainerStatus.BROKEN, 0, null, Map.of()));
                } // else removed while listing
            }
        }
        return out;
    }

    /** When each container was created, for `list`. */
    public static String created(RuntimeContext ctx, String id) {
        try {
            ContainerRecord r = ctx.store().read(id);
            return r == null ? "" : r.created();
        } catch (OciException e) {
            return ""; // broken, or gone meanwhile
        }
    }
}
