package org.lxcri4j.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a container can leave on the host: its runtime dir, cgroups, mounts and processes. */
final class Host {

    private Host() {
    }

    /** Whether the kernel has the BFQ I/O scheduler's cgroup files (blkio weights); many VMs lack them. */
    static boolean hasBfq() {
        return Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.bfq.weight"));
    }

    /** MAJOR:MINOR of a whole disk of this host (not a loop or ram device), whatever its name. */
    static String someBlockDevice() throws IOException {
        try (Stream<Path> disks = Files.list(Path.of("/sys/block"))) {
            for (Path d : disks.sorted().toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith("loop") && !name.startsWith("ram") && Files.exists(d.resolve("dev"))) {
                    return Files.readString(d.resolve("dev")).strip();
                }
            }
        }
        throw new IllegalStateException("no block device in /sys/block");
    }

    static List<String> leftovers(Path root, String id, Path bundle) throws IOException {
        List<String> found = new ArrayList<>();
        if (Files.exists(root.resolve(id))) {
            found.add("runtime dir " + root.resolve(id));
        }
        if (Files.exists(root.resolve("." + id + ".lock"))) {
            found.add("lock file " + root.resolve("." + id + ".lock"));
        }
        // at each hierarchy's root and below this process's own cgroup there, which may differ per hierarchy
        List<Path> bases = new ArrayList<>();
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            hierarchies.forEach(bases::add);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            String hierarchy = f[1].isEmpty() ? "unified" : f[1].replace("name=", "");
            bases.add(Path.of("/sys/fs/cgroup", hierarchy, f[2]));
        }
        for (Path h : bases) {
            for (String name : List.of("lxc.payload." + id, "lxc.monitor." + id)) {
                if (Files.exists(h.resolve(name))) {
                    found.add("cgroup " + h.resolve(name));
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(" " + root + "/" + id + " ") || line.contains(" " + root + "/" + id + "/")
                    || (bundle != null && line.contains(" " + bundle + "/"))) {
                found.add("mount " + line);
            }
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.startsWith(Cli.BINARY.getParent().getParent() + "/libexec/lxcri4j-start " + id + " ")) {
                        found.add("process " + p.getFileName() + ": " + cmdline);
                    }
                } catch (IOException e) {
                    // exited while scanning
                }
            }
        }
        return found;
    }
}
