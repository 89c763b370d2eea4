package org.lxcri4j.runtime.translate;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.cgroup.CgroupWrites;
import org.lxcri4j.runtime.cgroup.ResourceControllers;
import org.lxcri4j.runtime.spec.Linux;

/**
 * linux.cgroupsPath and linux.resources: where liblxc makes the container's cgroups, and the
 * controllers' settings as lxc.cgroup items (the controllers are the cgroup package's, shared with
 * update).
 */
final class CgroupSection {

    private CgroupSection() {
    }

    static void translate(TranslationBuilder b, Linux linux) {
        cgroupsPath(b, linux.cgroupsPath());
        if (linux.resources() == null) {
            return;
        }
        TranslationBuilder.unsupported(linux.resources().rdma(), "$.linux.resources.rdma");
        String prefix = b.cgroups.v2() ? "lxc.cgroup2." : "lxc.cgroup.";
        ResourceControllers.create(linux.resources(), linux.devices() == null ? List.of() : linux.devices(), b.cgroups,
                new CgroupWrites() {
                    @Override
                    public void set(String file, String value, String source) {
                        b.set(prefix + file, value, source);
                    }

                    @Override
                    public @Nullable String current(String file) {
                        return null;
                    }
                });
    }

    private static void cgroupsPath(TranslationBuilder b, String cgroupsPath) {
        String dir = containerCgroup(b);
        b.set("lxc.cgroup.dir.container", dir, "$.linux.cgroupsPath");
        // liblxc needs the monitor's cgroup set too: a sibling, so no new top-level cgroup is left behind.
        String monitor = cgroupsPath == null || cgroupsPath.isEmpty() ? "lxc.monitor." + b.containerDir.getFileName()
                : dir + ".monitor";
        b.set("lxc.cgroup.dir.monitor", monitor, "$.linux.cgroupsPath");
        for (Path base : b.cgroups.bases(cgroupsPath).values()) {
            b.plannedCgroups.add(base.resolve(dir));
            b.plannedCgroups.add(base.resolve(monitor));
        }
        // Below the monitor's own cgroups, not PID 1's (liblxc's default, wrong in a pid namespace
        // or for a PID 1 not at the root): lxcri4j-start puts the monitor where the path starts.
        b.set("lxc.cgroup.relative", "1", "$.linux.cgroupsPath");
    }

    /**
     * The container's cgroup, relative to each hierarchy's base: linux.cgroupsPath, else liblxc's
     * own default name, set explicitly so that the cgroup mount can name it.
     */
    static String containerCgroup(TranslationBuilder b) {
        String cgroupsPath = b.spec.linux() == null ? null : b.spec.linux().cgroupsPath();
        return cgroupsPath == null || cgroupsPath.isEmpty() ? "lxc.payload." + b.containerDir.getFileName()
                : CgroupLayout.pathOf(cgroupsPath, "$.linux.cgroupsPath");
    }
}
