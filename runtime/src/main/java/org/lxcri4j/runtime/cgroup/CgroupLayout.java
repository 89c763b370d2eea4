package org.lxcri4j.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lxcri4j.lxc.CgroupMembership;
import org.lxcri4j.runtime.OciException;

/**
 * The host's cgroup file system: cgroup v2 (unified) or v1 controllers, and what it offers. The
 * translation asks it whether a controller or a file exists; tests give it a directory laid out
 * as a v1 or a v2 host.
 *
 * @param root where the hierarchies are mounted (/sys/fs/cgroup)
 */
public record CgroupLayout(Path root, boolean v2) {

    public static final Path HOST_ROOT = Path.of("/sys/fs/cgroup");

    /** This host's. */
    public static CgroupLayout host() {
        return of(HOST_ROOT);
    }

    /** The layout below {@code root}: v2 when it holds cgroup.controllers. */
    public static CgroupLayout of(Path root) {
        return new CgroupLayout(root, Files.exists(root.resolve("cgroup.controllers")));
    }

    /** Whether a v1 hierarchy of {@code controller} is mounted; on v2, whether it is available. */
    public boolean hasController(String controller) {
        if (v2) {
            try {
                return List.of(Files.readString(root.resolve("cgroup.controllers")).strip().split(" ")).contains(controller);
            } catch (IOException e) {
                return false;
            }
        }
        return Files.isDirectory(root.resolve(controller));
    }

    /** Whether {@code relative} (e.g. memory/memory.memsw.limit_in_bytes) exists below the root. */
    public boolean hasFile(String relative) {
        return Files.exists(root.resolve(relative));
    }

    /** The hierarchies' directories: the root on v2, each v1 mount (no symlinks) otherwise. */
    public List<Path> hierarchies() {
        if (v2) {
            return List.of(root);
        }
        try (var entries = Files.list(root)) {
            return entries.filter(h -> !Files.isSymbolicLink(h) && Files.exists(h.resolve("cgroup.procs"))).sorted().toList();
        } catch (IOException e) {
            throw new OciException("cannot list " + root + ": " + e.getMessage());
        }
    }

    /**
     * Whether a cgroupsPath names a place from each hierarchy's root (absolute, systemd's
     * slice:prefix:name, or none: the default lxc.payload.ID), not one below the runtime's own
     * cgroups (relative), as runc takes them.
     */
    public static boolean rooted(String cgroupsPath) {
        return cgroupsPath == null || cgroupsPath.isEmpty() || cgroupsPath.startsWith("/")
                || cgroupsPath.split(":", -1).length == 3;
    }

    /**
     * Each hierarchy's directory and where liblxc makes a container's cgroups in it
     * (lxc.cgroup.relative: below the monitor's own): its root for a rooted cgroupsPath, to which
     * lxcri4j-start moves the monitor, else this process's own cgroup there, which the monitor
     * inherits. Hierarchies may place this process differently; none is derived from another.
     */
    public Map<Path, Path> bases(String cgroupsPath) {
        Map<String, Path> own = rooted(cgroupsPath) ? Map.of() : CgroupMembership.of(ProcessHandle.current().pid()).cgroups();
        Map<Path, Path> bases = new LinkedHashMap<>();
        for (Path h : hierarchies()) {
            bases.put(h, own.values().stream().filter(d -> d.startsWith(h)).findFirst().orElse(h));
        }
        return bases;
    }

    /**
     * A cgroupsPath as a directory relative to each hierarchy's base: plain paths as given,
     * systemd's {@code slice:prefix:name} as {@code slice/prefix-name.scope}.
     */
    public static String pathOf(String cgroupsPath, String field) {
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
