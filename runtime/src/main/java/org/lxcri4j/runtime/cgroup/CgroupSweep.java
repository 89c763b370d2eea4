package org.lxcri4j.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.Signals;
import org.lxcri4j.runtime.os.Pidfd;
import org.lxcri4j.runtime.os.Sleep;

/**
 * The container's and its monitor's cgroups as create planned them (ROOT/ID/cgroups), found by
 * name whatever became of the record: what a killed create, a killed monitor or a lost record
 * leaves is removed with every process still in it, so that delete --force leaves nothing.
 */
public final class CgroupSweep {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private CgroupSweep() {
    }

    /** Those of {@code dirs} (or cgroups below them) that hold a process. */
    public static List<Path> populated(List<Path> dirs) {
        return tree(dirs).stream().filter(d -> !procs(d).isEmpty()).toList();
    }

    /**
     * Kills every process in {@code dirs} and below (the freezer cgroup frozen meanwhile, so
     * that none forks away), then removes them, deepest first. Returns those it could not remove.
     */
    public static List<Path> killAndRemove(List<Path> dirs) {
        List<Path> tree = tree(dirs);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!populated(dirs).isEmpty() && System.nanoTime() < deadline) {
            List<Path> freezers = tree.stream().filter(d -> Files.exists(d.resolve("freezer.state"))).toList();
            freezers.forEach(f -> write(f.resolve("freezer.state"), "FROZEN"));
            try {
                for (Path d : tree) {
                    for (int pid : procs(d)) {
                        Pidfd.open(pid).ifPresent(p -> {
                            try (p) {
                                p.signal(Signals.SIGKILL);
                            }
                        });
                    }
                }
            } finally {
                freezers.forEach(f -> write(f.resolve("freezer.state"), "THAWED"));
            }
            Sleep.millis(5);
        }
        List<Path> left = new ArrayList<>();
        for (Path d : tree.stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
            for (int i = 0; ; i++) {
                try {
                    Files.deleteIfExists(d);
                    break;
                } catch (IOException e) {
                    // EBUSY while the last task's exit is still being accounted
                    if (i == 200 || System.nanoTime() > deadline) {
                        left.add(d);
                        break;
                    }
                    Sleep.millis(5);
                }
            }
        }
        return left;
    }

    /** The existing ones of {@code dirs} with every cgroup below them. */
    private static List<Path> tree(List<Path> dirs) {
        List<Path> all = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(d)) {
                walk.filter(Files::isDirectory).forEach(all::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                all.add(d); // removed while walking: the rmdir says
            }
        }
        return all;
    }

    private static List<Integer> procs(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank()).map(Integer::valueOf).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            // gone meanwhile
        }
    }

}
