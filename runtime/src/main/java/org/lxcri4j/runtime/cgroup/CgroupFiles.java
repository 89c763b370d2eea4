package org.lxcri4j.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lxc.CgroupMembership;
import org.lxcri4j.runtime.OciException;

/**
 * A running container's cgroup directories, found through its process's membership: one per v1
 * controller, or the single v2 directory. `update` writes them, `events` reads them, `pause`
 * freezes them and `kill --all` lists their processes.
 *
 * <p>A hierarchy's root is never handed out: a container always has a cgroup of its own, so a
 * process in the root is not the container's (a reused pid, or a process that has left) and
 * writing its freezer or signalling its cgroup.procs would reach the whole host.
 */
public final class CgroupFiles {

    private final int pid;
    private final Map<String, Path> v1 = new LinkedHashMap<>();
    private Path v2;

    private CgroupFiles(int pid) {
        this.pid = pid;
    }

    public static CgroupFiles of(int pid) {
        CgroupFiles c = new CgroupFiles(pid);
        boolean unified = CgroupLayout.host().v2();
        Map<String, Path> cgroups = CgroupMembership.of(pid).cgroups();
        if (cgroups.isEmpty()) {
            throw new OciException("cannot read the cgroups of pid " + pid);
        }
        cgroups.forEach((hierarchy, dir) -> {
            if (hierarchy.isEmpty()) {
                if (unified) {
                    c.v2 = dir;
                }
            } else {
                for (String controller : hierarchy.split(",")) {
                    c.v1.put(controller, dir);
                }
            }
        });
        return c;
    }

    /** Whether {@code controller} has a directory here (v1), or there is the unified one (v2). */
    public boolean has(String controller) {
        return v2 != null || v1.containsKey(controller);
    }

    /** The directory of {@code controller} (v1) or the unified directory (v2); never a hierarchy root. */
    Path dir(String controller) {
        if (!has(controller)) {
            throw new OciException("cgroup controller " + controller + " is not available");
        }
        if (inRoot(controller)) {
            throw new OciException("pid " + pid + " is in the root " + controller + " cgroup, not in a container's: refusing to touch it");
        }
        return v2 != null ? v2 : v1.get(controller);
    }

    private boolean inRoot(String controller) {
        Path dir = v2 != null ? v2 : v1.get(controller);
        return dir.equals(v2 != null ? CgroupLayout.HOST_ROOT : CgroupLayout.HOST_ROOT.resolve(v1KeyOf(controller)));
    }

    /**
     * Whether the process shows in the root of a hierarchy it needs (freezer, pids): one that is
     * exiting does (the kernel moves it there before it becomes a zombie), and so would one that
     * is not the container's. Either way there is nothing of the container's to act on.
     */
    public boolean inHierarchyRoot() {
        return has("freezer") && inRoot("freezer") || has("pids") && inRoot("pids");
    }

    /** The mount name of the v1 hierarchy holding {@code controller} ("cpu,cpuacct" for "cpu"). */
    private String v1KeyOf(String controller) {
        Path dir = v1.get(controller);
        return CgroupLayout.HOST_ROOT.relativize(dir).getName(0).toString();
    }

    /** The file for {@code key} ("memory.limit_in_bytes", "cpu.max", ...): its controller's directory. */
    Path file(String key) {
        return dir(key.substring(0, key.indexOf('.'))).resolve(key);
    }

    public @Nullable String read(String key) {
        try {
            return Files.readString(file(key)).strip();
        } catch (IOException e) {
            return null;
        }
    }

    public void write(String key, String value) {
        try {
            Files.writeString(file(key), value);
        } catch (IOException e) {
            throw new OciException("cannot set " + key + " = " + value + ": " + e.getMessage());
        }
    }

    /** Every process in the container's cgroup (host pids), from the pids controller's cgroup.procs. */
    public List<Integer> procs() {
        List<Integer> pids = new ArrayList<>();
        try {
            for (String p : Files.readAllLines(dir("pids").resolve("cgroup.procs"))) {
                if (!p.isBlank()) {
                    pids.add(Integer.parseInt(p.strip()));
                }
            }
        } catch (IOException e) {
            // the cgroup is gone with its last process
        }
        return pids;
    }
}
