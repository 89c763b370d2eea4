package org.lxcri4j.runtime.cgroup;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Resources;

/** linux.resources.unified: cgroup v2 files by name, written as given. */
public record UnifiedController() implements ResourceController {

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        if (r.unified() == null || r.unified().isEmpty()) {
            return;
        }
        if (!layout.v2()) {
            throw new OciException(path + ".unified: needs a cgroup v2 host (this host uses cgroup v1 controllers)");
        }
        r.unified().forEach((file, value) -> {
            if (file.contains("/") || !file.contains(".")) {
                throw new OciException(path + ".unified." + file + ": not a cgroup file name");
            }
            out.set(file, value, path + ".unified." + file);
        });
    }
}
