package org.lxcri4j.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A process's cgroup in every hierarchy mounted on this host, as directories under the host's
 * cgroup mounts.
 *
 * <p>liblxc's start moves its caller into the container's monitor cgroup ({@code lxc.monitor.NAME});
 * for a short-lived lxc-start that is harmless, but a long-lived JVM would be accounted to the
 * container's monitor and block that cgroup's removal when the container stops. {@code LxcContainer}
 * records the caller's membership before a start and moves it back afterwards.
 *
 * @param cgroups hierarchy, as /proc/PID/cgroup names it ({@code ""} for v2, {@code "memory"},
 *                {@code "cpu,cpuacct"}, {@code "name=systemd"}), to the process's cgroup directory
 */
public record CgroupMembership(Map<String, Path> cgroups) {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    public CgroupMembership {
        cgroups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cgroups));
    }

    /** The cgroups of process {@code pid}; empty when it is gone or unreadable. */
    public static CgroupMembership of(long pid) {
        try {
            Map<String, Path> mounts = cgroupMounts();
            Map<String, Path> dirs = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                Path mount = mounts.get(f[1]);
                if (mount != null) {
                    dirs.put(f[1], mount.resolve(f[2].substring(1)));
                }
            }
            return new CgroupMembership(dirs);
        } catch (IOException e) {
            return new CgroupMembership(Map.of());
        }
    }

    static CgroupMembership current() {
        return of(ProcessHandle.current().pid());
    }

    private List<Path> procsFiles() {
        return cgroups.values().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** Hierarchy key as /proc/self/cgroup names it ("" for v2, "cpu,cpuacct", "name=systemd") to mount point. */
    private static Map<String, Path> cgroupMounts() throws IOException {
        Map<String, Path> mounts = new HashMap<>();
        for (String line : Files.readAllLines(MOUNTINFO)) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] pre = halves[0].split(" ");
            String[] post = halves[1].split(" ");
            if (pre.length < 5 || post.length < 3 || !pre[3].equals("/")) {
                continue;
            }
            Path mountPoint = Path.of(pre[4]);
            if (post[0].equals("cgroup2")) {
                mounts.putIfAbsent("", mountPoint);
            } else if (post[0].equals("cgroup")) {
                List<String> keys = new ArrayList<>();
                for (String opt : post[2].split(",")) {
                    if (!Set.of("rw", "ro", "nosuid", "nodev", "noexec", "relatime", "clone_children").contains(opt)
                            && !opt.startsWith("release_agent")) {
                        keys.add(opt);
                    }
                }
                mounts.putIfAbsent(String.join(",", keys), mountPoint);
            }
        }
        return mounts;
    }

    /**
     * Moves this process back into the recorded cgroups (best effort per hierarchy) and returns the
     * cgroup directories it left.
     */
    List<Path> restore() {
        CgroupMembership now = current();
        String pid = Long.toString(ProcessHandle.current().pid());
        List<Path> procsFiles = procsFiles();
        for (Path procs : procsFiles) {
            try {
                Files.writeString(procs, pid);
            } catch (IOException e) {
                // A hierarchy we may not write (or that vanished) keeps whatever liblxc chose.
            }
        }
        List<Path> left = new ArrayList<>();
        for (Path procs : now.procsFiles()) {
            if (!procsFiles.contains(procs)) {
                left.add(procs.getParent());
            }
        }
        return left;
    }

    /**
     * Removes monitor cgroups this process was moved into by a start whose container is not
     * running: its monitor already exited and could not remove them while this process was inside.
     */
    static void removeMonitorCgroups(List<Path> dirs, String containerName) {
        for (Path dir : dirs) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals("lxc.monitor." + containerName)) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // still populated: a live monitor owns it
                }
            }
        }
    }
}
