package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.lxcri4j.lxc.lab.LabContainer;

/**
 * A private lxc path for one test class. Closing it stops and destroys whatever containers remain,
 * removes the directory and asserts that no cgroup or mount of those containers is left.
 */
final class TestLxcPath implements AutoCloseable {

    final Path path;
    private final List<String> names = new ArrayList<>();

    TestLxcPath() {
        try {
            path = Files.createTempDirectory("lxcri4j-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name unique on this host: cgroups are named after containers, whatever their lxc path. */
    String newName(String prefix) {
        String name = prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        names.add(name);
        return name;
    }

    /** Defines a busybox lab container. */
    LxcContainer define(String prefix) {
        return LabContainer.define(path, newName(prefix));
    }

    /** Defines and starts one, waiting until it runs. */
    LxcContainer started(String prefix) {
        LxcContainer c = define(prefix);
        c.start();
        if (!c.waitFor(ContainerState.RUNNING, Duration.ofSeconds(30))) {
            throw new IllegalStateException(c.name() + " did not start: " + c.state());
        }
        return c;
    }

    /** Names registered by tests that created containers under their own names (clones, renames). */
    void track(String name) {
        names.add(name);
    }

    @Override
    public void close() throws IOException {
        for (String name : Lxc.allContainers(path)) {
            track(name);
            try (LxcContainer c = LxcContainer.open(name, path)) {
                if (c.isRunning()) {
                    c.stop();
                    c.waitFor(ContainerState.STOPPED, Duration.ofSeconds(30));
                }
                if (c.isDefined()) {
                    c.destroyWithSnapshots();
                }
            }
        }
        if (Files.exists(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        assertEquals(List.of(), Leftovers.of(names, path), "containers left something behind");
    }
}
