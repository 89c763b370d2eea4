package org.lxcri4j.runtime.cgroup;

import org.lxcri4j.runtime.spec.Resources;

/**
 * One cgroup controller's part of linux.resources: validated and turned into file writes for a v1
 * or a v2 layout. The same {@code apply} serves create and update, so the two cannot drift.
 */
public sealed interface ResourceController
        permits MemoryController, CpuController, PidsController, BlockIoController, HugetlbController, NetClsController,
        DevicesController, UnifiedController {

    /**
     * @param path JSON path of {@code r} in its document, for errors ("$.linux.resources" in a spec)
     * @throws org.lxcri4j.runtime.OciException naming the field, before anything is written
     */
    void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out);

    /** A byte count or -1 (unlimited); anything below -1 is refused. */
    static void requireLimit(Long v, String path) {
        if (v != null && v < -1) {
            throw new org.lxcri4j.runtime.OciException(path + ": must be -1 (unlimited) or a byte count, not " + v);
        }
    }

    static void requireController(CgroupLayout layout, String controller, String path) {
        if (!layout.hasController(controller)) {
            throw new org.lxcri4j.runtime.OciException(path + ": the " + controller + " cgroup controller is not available on this host");
        }
    }
}
