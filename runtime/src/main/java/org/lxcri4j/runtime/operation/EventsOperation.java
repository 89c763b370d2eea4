package org.lxcri4j.runtime.operation;

import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.ResourceUsage;
import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.cgroup.Stats;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerRecord;

/** events and ps: resource usage and the container's processes. */
public final class EventsOperation {

    private EventsOperation() {
    }

    /** The resource usage of a container that is not stopped. */
    public static ResourceUsage stats(RuntimeContext ctx, String id) {
        ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
        if (ContainerStatus.status(ctx, r).equals(State.STOPPED)) {
            throw new OciException("container " + id + " is not running");
        }
        return ResourceUsage.of(Stats.of(ContainerStatus.cgroups(r), CgroupLayout.host().v2()));
    }

    /** Whether the container still has a live process (for streaming `events`). */
    public static boolean alive(RuntimeContext ctx, String id) {
        ContainerRecord r = ctx.store().read(id);
        return r != null && !ContainerStatus.status(ctx, r).equals(State.STOPPED);
    }

    /** The host pids of every process in the container. */
    public static List<Integer> pids(RuntimeContext ctx, String id) {
        ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
        if (ContainerStatus.status(ctx, r).equals(State.STOPPED)) {
            return List.of();
        }
        return ContainerStatus.containerPids(r);
    }
}
