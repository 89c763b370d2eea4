package org.lxcri4j.runtime.cgroup;

import org.lxcri4j.runtime.spec.Resources;

/** linux.resources.pids: pids.max; zero or less is unlimited, as the spec says. */
public record PidsController() implements ResourceController {

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        if (r.pids() != null && r.pids().limit() != null) {
            long limit = r.pids().limit();
            out.set("pids.max", limit <= 0 ? "max" : Long.toString(limit), path + ".pids.limit");
        }
    }
}
