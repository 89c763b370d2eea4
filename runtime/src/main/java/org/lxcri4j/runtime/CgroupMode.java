package org.lxcri4j.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether containers get cgroup v2 (unified) or v1 controllers on this host. */
record CgroupMode(boolean v2) {

    static final Path ROOT = Path.of("/sys/fs/cgroup");

    static CgroupMode detect() {
        return new CgroupMode(Files.exists(ROOT.resolve("cgroup.controllers")));
    }

    /**
     * A cgroupsPath as a directory relative to the cgroup root: plain paths as given, systemd's
     * {@code slice:prefix:name} as {@code slice/prefix-name.scope}.
     */
    /**
     * Whether a cgroupsPath names a place from each hierarchy's root (absolute, systemd's
     * slice:prefix:name, or none: the default lxc.payload.ID), not one below the runtime's own
     * cgroups (relative), as runc takes them.
     */
    static boolean rooted(String cgroupsPath) {
        return cgroupsPath == null || cgroupsPath.isEmpty() || cgroupsPath.startsWith("/")
                || cgroupsPath.split(":", -1).length == 3;
    }

    /**
     * Each hierarchy's directory and where liblxc makes a container's cgroups in it
     * (lxc.cgroup.relative: below the monitor's own): its root for a rooted cgroupsPath, to which
     * lxcri4j-start moves the monitor, else this process's own cgroup there, which the monitor
     * inherits. Hierarchies may place this process differently; none is derived from another.
     */
    static java.util.Map<Path, Path> bases(String cgroupsPath) {
        java.util.Map<String, Path> own = rooted(cgroupsPath) ? java.util.Map.of()
                : org.lxcri4j.lxc.CgroupMembership.of(ProcessHandle.current().pid()).cgroups();
        java.util.Map<Path, Path> bases = new java.util.LinkedHashMap<>();
        java.util.List<Path> hierarchies;
        if (detect().v2()) {
            hierarchies = java.util.List.of(ROOT);
        } else {
            try (var entries = Files.list(ROOT)) {
                hierarchies = entries.filter(h -> !Files.isSymbolicLink(h) && Files.exists(h.resolve("cgroup.procs"))).sorted().toList();
            } catch (java.io.IOException e) {
                throw new OciException("cannot list " + ROOT + ": " + e.getMessage());
            }
        }
        for (Path h : hierarchies) {
            bases.put(h, own.values().stream().filter(d -> d.startsWith(h)).findFirst().orElse(h));
        }
        return bases;
    }

    static String pathOf(String cgroupsPath, String field) {
        String[] parts = cgroupsPath.split(":", -1);
        String dir;
        if (parts.length == 3 && !cgroupsPath.startsWith("/")) {
            String slice = parts[0].isEmpty() ? "system.slice" : parts[0];
            dir = slice + "/" + (parts[1].isEmpty() ? "" : parts[1] + "-") + parts[2] + ".scope";
        } else {
            dir = cgroupsPath;
        }
        dir = dir.replaceAll("^/+", "");
        if (dir.isEmpty() || dir.contains("..") || dir.contains(" ") || dir.contains(":")) {
            throw new OciException(field + ": invalid cgroups path " + cgroupsPath);
        }
        return dir;
    }
}
