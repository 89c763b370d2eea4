package org.lxcri4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running container's cgroup directories, found through its process's membership: one per v1
 * controller, or the single v2 directory. `update` writes them, `events` reads them.
 */
final class CgroupFiles {

    private final Map<String, Path> v1 = new LinkedHashMap<>();
    private Path v2;

    static CgroupFiles of(int pid) {
        CgroupFiles c = new CgroupFiles();
        boolean unified = CgroupMode.detect().v2();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "cgroup"))) {
                String[] f = line.split(":", 3);
                String rel = f[2].substring(1);
                if (f[1].isEmpty()) {
                    if (unified) {
                        c.v2 = CgroupMode.ROOT.resolve(rel);
                    }
                    continue;
                }
                for (String controller : f[1].split(",")) {
                    c.v1.put(controller, CgroupMode.ROOT.resolve(f[1]).resolve(rel));
                }
            }
        } catch (IOException e) {
            throw new OciException("cannot read the cgroups of pid " + pid + ": " + e.getMessage());
        }
        return c;
    }

    /** The file for {@code key} ("memory.limit_in_bytes", "cpu.max", ...): its controller's directory. */
    Path file(String key) {
        if (v2 != null) {
            return v2.resolve(key);
        }
        Path dir = v1.get(key.substring(0, key.indexOf('.')));
        if (dir == null) {
            throw new OciException("cgroup controller for " + key + " is not available");
        }
        return dir.resolve(key);
    }

    String read(String key) {
        try {
            return Files.readString(file(key)).strip();
        } catch (IOException e) {
            return null;
        }
    }

    void write(String key, String value) {
        try {
            Files.writeString(file(key), value);
        } catch (IOException e) {
            throw new OciException("cannot set " + key + " = " + value + ": " + e.getMessage());
        }
    }
}
