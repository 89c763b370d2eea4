package org.lxcri4j.runtime.cgroup;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.HugepageLimit;
import org.lxcri4j.runtime.spec.Resources;

/** linux.resources.hugepageLimits: hugetlb.SIZE.max (v2) or .limit_in_bytes (v1). */
public record HugetlbController() implements ResourceController {

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        if (r.hugepageLimits() == null) {
            return;
        }
        for (int i = 0; i < r.hugepageLimits().size(); i++) {
            HugepageLimit h = r.hugepageLimits().get(i);
            String p = path + ".hugepageLimits[" + i + "]";
            if (h.pageSize() == null || !h.pageSize().matches("[0-9]+[KMG]B") || h.limit() == null) {
                throw new OciException(p + ": pageSize (such as 2MB) and limit are required");
            }
            ResourceController.requireController(layout, "hugetlb", p);
            out.set("hugetlb." + h.pageSize() + (layout.v2() ? ".max" : ".limit_in_bytes"), Long.toString(h.limit()), p);
        }
    }
}
