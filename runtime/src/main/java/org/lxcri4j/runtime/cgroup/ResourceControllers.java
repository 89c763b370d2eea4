package org.lxcri4j.runtime.cgroup;

import java.util.List;

import org.lxcri4j.runtime.spec.BlockIO;
import org.lxcri4j.runtime.spec.LinuxDevice;
import org.lxcri4j.runtime.spec.Memory;
import org.lxcri4j.runtime.spec.Resources;

/** The controllers create applies, and those update applies: the same classes, so they agree. */
public final class ResourceControllers {

    private static final List<ResourceController> UPDATABLE = List.of(new MemoryController(), new CpuController(),
            new PidsController(), new BlockIoController(), new UnifiedController());

    private ResourceControllers() {
    }

    /** Create: every controller, the device rules first (as liblxc applies them). */
    public static void create(Resources r, List<LinuxDevice> devices, CgroupLayout layout, CgroupWrites out) {
        new DevicesController(devices).apply(r, "$.linux.resources", layout, out);
        for (ResourceController c : UPDATABLE) {
            c.apply(r, "$.linux.resources", layout, out);
        }
        new HugetlbController().apply(r, "$.linux.resources", layout, out);
        new NetClsController().apply(r, "$.linux.resources", layout, out);
    }

    /**
     * Update: what runc's update changes (the memory limit, reservation and swap, cpu, pids, the
     * block I/O weight, unified); the
     * rest of the document is ignored, as runc ignores it, so a client that sends the whole
     * linux.resources (containerd, CRI-O) is not refused for what it did not mean to change.
     * {@code r} is a resources document of its own, so paths start at "$".
     */
    public static void update(Resources r, CgroupLayout layout, CgroupWrites out) {
        Memory m = r.memory();
        Memory memory = m == null ? null : new Memory(m.limit(), m.reservation(), m.swap(), null, null, null, null, null,
                m.checkBeforeUpdate());
        BlockIO weight = r.blockIO() == null || r.blockIO().weight() == null ? null
                : new BlockIO(r.blockIO().weight(), null, null, null, null, null, null);
        Resources changed = new Resources(null, memory, r.cpu(), r.pids(), weight, null, null, null, r.unified());
        for (ResourceController c : UPDATABLE) {
            c.apply(changed, "$", layout, out);
        }
    }
}
