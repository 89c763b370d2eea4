package org.lxcri4j.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** What containers can leave on a host: cgroups named after them, mounts under their lxc path. */
final class Leftovers {

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private Leftovers() {
    }

    /**
     * The leftovers of {@code names}; waits briefly, since a container's monitor removes its cgroups
     * just after the container reports STOPPED.
     */
    static List<String> of(Collection<String> names, Path lxcPath) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> found;
        do {
            found = scan(names, lxcPath);
            if (found.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        return found;
    }

    private static List<String> scan(Collection<String> names, Path lxcPath) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path hierarchy : cgroupHierarchies()) {
            for (String name : names) {
                for (String dir : List.of("lxc.payload." + name, "lxc.monitor." + name, "lxc/" + name)) {
                    if (Files.exists(hierarchy.resolve(dir))) {
                        found.add(hierarchy.resolve(dir).toString());
                    }
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(" " + lxcPath)) {
                found.add("mount: " + line);
            }
        }
        return found;
    }

    private static List<Path> cgroupHierarchies() throws IOException {
        List<Path> result = new ArrayList<>();
        result.add(CGROUP_ROOT);
        try (Stream<Path> s = Files.list(CGROUP_ROOT)) {
            s.filter(Files::isDirectory).forEach(result::add);
        }
        return result;
    }
}
