package org.lxcri4j.runtime.cgroup;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Network;
import org.lxcri4j.runtime.spec.Resources;

/** linux.resources.network: net_cls.classid, a v1 controller; priorities (net_prio) are refused. */
public record NetClsController() implements ResourceController {

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        Network n = r.network();
        if (n == null) {
            return;
        }
        String p = path + ".network";
        if (n.classID() != null) {
            if (layout.v2()) {
                throw new OciException(p + ".classID: net_cls is a cgroup v1 controller; this host uses cgroup v2");
            }
            ResourceController.requireController(layout, "net_cls", p + ".classID");
            out.set("net_cls.classid", n.classID().toString(), p + ".classID");
        }
        if (n.priorities() != null && !n.priorities().isEmpty()) {
            throw new OciException(p + ".priorities: network priorities are not supported");
        }
    }
}
