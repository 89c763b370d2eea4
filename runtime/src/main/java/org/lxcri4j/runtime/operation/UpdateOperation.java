package org.lxcri4j.runtime.operation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.cgroup.CgroupFiles;
import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.cgroup.CgroupWrites;
import org.lxcri4j.runtime.cgroup.ResourceControllers;
import org.lxcri4j.runtime.spec.Resources;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;

/** update: new resource limits written to the live cgroups, by the controllers create uses. */
public final class UpdateOperation {

    private UpdateOperation() {
    }

    /** Applies new resource limits to the running container's cgroups; a bad value changes nothing. */
    public static void update(RuntimeContext ctx, String id, Resources resources) {
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            String status = ContainerStatus.status(ctx, r);
            if (status.equals(State.STOPPED)) {
                throw new OciException("cannot update container " + id + ": it is stopped");
            }
            CgroupFiles cgroups = ContainerStatus.cgroups(r);
            // every value checked before the first write
            Map<String, String> writes = new LinkedHashMap<>();
            try {
                ResourceControllers.update(resources, CgroupLayout.host(), new CgroupWrites() {
                    @Override
                    public void set(String file, String value, String source) {
                        writes.put(file, value);
                    }

                    @Override
                    public @Nullable String current(String file) {
                        return cgroups.read(file);
                    }
                });
            } catch (OciException e) {
                throw new OciException("update: " + e.getMessage() + "; nothing was changed");
            }
            writes.forEach(cgroups::write);
        }
    }
}
