package org.lxcri4j.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs the whole suite as on a host that places its callers per hierarchy (systemd hosts, fresh
 * VMs): unless this JVM already sits below the root of the v1 memory hierarchy, it moves there
 * for the session, to memory:/lxcri4j-tests-PID, while every other hierarchy keeps it at its root.
 * Every CLI and client the tests start inherits that placement.
 */
public class CallerCgroup implements LauncherSessionListener {

    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    private Path moved;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Files.exists(MEMORY.resolve("cgroup.procs")) || !memoryCgroup().equals("/")) {
            return; // cgroup v2 only, or already placed below the root
        }
        try {
            moved = Files.createDirectories(MEMORY.resolve("lxcri4j-tests-" + ProcessHandle.current().pid()));
            Files.writeString(moved.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot place the test JVM in a memory cgroup of its own", e);
        }
        // surefire may end the JVM without closing the session
        Runtime.getRuntime().addShutdownHook(new Thread(this::leave));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        leave();
    }

    private synchronized void leave() {
        if (moved == null) {
            return;
        }
        try {
            Files.writeString(MEMORY.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
            // with what liblxc made below it (lxc.pivot), deepest first
            try (var tree = Files.walk(moved)) {
                for (Path d : tree.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(d);
                }
            }
            moved = null;
        } catch (IOException e) {
            // a child still inside: the cgroup is left, the leftover checks name what holds it
        }
    }

    private static String memoryCgroup() {
        try {
            return Files.readAllLines(Path.of("/proc/self/cgroup")).stream().map(l -> l.split(":", 3))
                    .filter(f -> f[1].equals("memory")).map(f -> f[2]).findFirst().orElse("/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
