package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lxcri4j.lxc.lab.BusyboxRootfs;

/**
 * containerd (Debian's, with its own root, state and socket under a temp dir) with lxcri4j as the
 * io.containerd.runc.v2 shim's runc binary. A wrapper records every command line the shim issues.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerdTest {

    private static final String IMAGE = "localhost/lxcri4j-ctr-busybox:latest";

    private Path dir;
    private Path calls;
    private Path wrapper;
    private Process containerd;
    private String namespace;

    @BeforeAll
    void startContainerd() throws Exception {
        dir = Files.createTempDirectory("lxcri4j-containerd-");
        calls = dir.resolve("calls.log");
        namespace = "lxcri4j-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Files.writeString(dir.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                  address = "%1$s/containerd.sock"
                """.formatted(dir));
        containerd = new ProcessBuilder("containerd", "--config", dir.resolve("config.toml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(dir.resolve("containerd.sock")); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertTrue(Files.exists(dir.resolve("containerd.sock")), "containerd listens");
        wrapper = Cli.loggingWrapper(dir, calls);
        // An OCI image archive of the busybox rootfs, made with podman (no registry here).
        Path rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
        exec(List.of("tar", "-C", rootfs.toString(), "-cf", dir.resolve("rootfs.tar").toString(), "."));
        exec(List.of("env", "CONTAINERS_CONF=/dev/null", "podman", "import", dir.resolve("rootfs.tar").toString(), IMAGE));
        exec(List.of("env", "CONTAINERS_CONF=/dev/null", "podman", "save", "--format", "oci-archive", "-o",
                dir.resolve("image.tar").toString(), IMAGE));
        exec(List.of("env", "CONTAINERS_CONF=/dev/null", "podman", "rmi", "-f", IMAGE));
        Cli.Result imported = ctr("image", "import", "--base-name", IMAGE.replace(":latest", ""), dir.resolve("image.tar").toString());
        assertEquals(0, imported.exit(), imported.stderr());
    }

    @AfterAll
    void stopContainerd() throws Exception {
        ctr("image", "rm", IMAGE);
        // The shim's --root for this namespace: empty once every task is deleted.
        Files.deleteIfExists(Path.of("/run/containerd/runc", namespace));
        containerd.destroy();
        containerd.waitFor(10, TimeUnit.SECONDS);
        // ctr's default cgroup parent is /NAMESPACE, which the shim leaves once its tasks are gone
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                try {
                    Files.deleteIfExists(h.resolve(namespace));
                } catch (IOException e) {
                    // still busy: Host.leftovers reports what matters
                }
            }
        }
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            if (line.split(" ")[1].startsWith(dir.toString())) {
                mounts.add(line.split(" ")[1]);
            }
        }
        mounts.sort(Comparator.reverseOrder());
        for (String m : mounts) {
            exec(List.of("umount", m));
        }
        Cli.deleteTree(dir);
    }

    @BeforeEach
    void clearCalls() throws IOException {
        Files.deleteIfExists(calls);
    }

    private static void exec(List<String> argv) {
        Cli.Result r = Cli.exec(argv);
        assertEquals(0, r.exit(), argv + ": " + r.stderr());
    }

    private Cli.Result ctr(String... args) {
        List<String> argv = new ArrayList<>(List.of("ctr", "--address", dir.resolve("containerd.sock").toString(), "-n", namespace));
        argv.addAll(List.of(args));
        return Cli.exec(argv);
    }

    /**
     * Kills and deletes task and container {@code id}. A forced delete of a stopped task has the
     * shim run {@code kill --all ID 9} first: it must succeed, as with runc, or the task stays.
     */
    private void remove(String id) {
        ctr("task", "kill", "-s", "SIGKILL", id);
        Cli.Result deleted = ctr("task", "delete", "-f", id);
        ctr("container", "delete", id);
        assertEquals(0, deleted.exit(), deleted.stderr());
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void runToCompletionWithTheShimsContract() throws Exception {
        Cli.Result r = ctr("run", "--runc-binary", wrapper.toString(), "--rm", IMAGE, "c1", "echo", "hi");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("hi\n", r.stdout());
        String global = "--root /run/containerd/runc/" + namespace + " --log " + dir
                + "/state/io.containerd.runtime.v2.task/" + namespace + "/c1/log.json --log-format json ";
        String bundle = dir + "/state/io.containerd.runtime.v2.task/" + namespace + "/c1";
        assertEquals(List.of(global + "create --bundle " + bundle + " --pid-file " + bundle + "/init.pid c1",
                global + "start c1", global + "delete c1", global + "delete --force c1"), calls());
        assertTrue(!Files.exists(Path.of("/run/containerd/runc", namespace, "c1")), "runtime dir removed");
    }

    @Test
    void mountsFollowTheSpecTheShimGets() throws Exception {
        Cli.Result r = ctr("run", "--runc-binary", wrapper.toString(), "--rm", IMAGE, "c6", "cat", "/proc/self/mountinfo");
        assertEquals(0, r.exit(), r.stderr());
        MountTable.parse(r.stdout()).assertMountsOf(Bundle.JSON.readTree(Cli.capturedSpec(dir, "c6").toFile()));
    }

    @Test
    void exitCodeOfTheTask() {
        assertEquals(3, ctr("run", "--runc-binary", wrapper.toString(), "--rm", IMAGE, "c2", "sh", "-c", "exit 3").exit());
    }

    @Test
    void terminalTaskAndTerminalExec() throws Exception {
        // ctr -t needs a terminal of its own: script(1) provides one; the shim passes a console socket.
        String ctr = "ctr --address " + dir.resolve("containerd.sock") + " -n " + namespace + " ";
        Cli.Result run = Cli.exec(List.of("script", "-qec", ctr + "run -t --rm --runc-binary " + wrapper + " " + IMAGE
                + " c4 sh -c 'tty; sleep 0.5; exit 3'", "/dev/null"));
        assertEquals(3, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("/dev/pts/0"), run.stdout());
        assertTrue(calls().getFirst().matches(".* create --bundle \\S+ --console-socket \\S+ --pid-file \\S+ c4"
                + "|.* create --bundle \\S+ --pid-file \\S+ --console-socket \\S+ c4"), calls().getFirst());

        Cli.Result detached = ctr("run", "-d", "--runc-binary", wrapper.toString(), IMAGE, "c5", "sleep", "300");
        assertEquals(0, detached.exit(), detached.stderr());
        try {
            Cli.Result exec = Cli.exec(List.of("script", "-qec", ctr + "task exec -t --exec-id e2 c5 sh -c 'tty; sleep 0.5; exit 6'",
                    "/dev/null"));
            assertEquals(6, exec.exit(), exec.stdout() + exec.stderr());
            assertTrue(exec.stdout().contains("/dev/pts/"), exec.stdout());
        } finally {
            remove("c5");
        }
    }

    @Test
    void execPauseResumeMetricsAndKill() throws Exception {
        Cli.Result run = ctr("run", "-d", "--runc-binary", wrapper.toString(), "--memory-limit", "67108864", IMAGE, "c3",
                "sleep", "300");
        assertEquals(0, run.exit(), run.stderr());
        try {
            Cli.Result exec = ctr("task", "exec", "--exec-id", "e1", "c3", "sh", "-c", "echo in-task; exit 6");
            assertEquals(6, exec.exit(), exec.stderr());
            assertEquals("in-task\n", exec.stdout());
            assertEquals(0, ctr("task", "pause", "c3").exit());
            assertTrue(ctr("task", "ls").stdout().lines().anyMatch(l -> l.startsWith("c3") && l.contains("PAUSED")));
            assertEquals(0, ctr("task", "resume", "c3").exit());
            assertTrue(ctr("task", "ls").stdout().lines().anyMatch(l -> l.startsWith("c3") && l.contains("RUNNING")));
            Cli.Result metrics = ctr("task", "metrics", "c3");
            assertEquals(0, metrics.exit(), metrics.stderr());
            // The shim reads the cgroups of the pid file's process: they must be the task's.
            assertTrue(metrics.stdout().lines().anyMatch(l -> l.matches("memory\\.limit_in_bytes\\s+67108864\\s*")),
                    metrics.stdout());
            assertEquals(0, ctr("task", "kill", "-s", "SIGKILL", "c3").exit());
            for (int i = 0; i < 50 && !ctr("task", "ls").stdout().contains("STOPPED"); i++) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            assertTrue(ctr("task", "ls").stdout().lines().anyMatch(l -> l.startsWith("c3") && l.contains("STOPPED")));
            List<String> verbs = calls().stream().map(l -> l.replaceFirst("^--root \\S+ --log \\S+ --log-format json ", "")
                    .split(" ")[0]).toList();
            assertEquals(List.of("create", "start", "exec", "pause", "resume", "kill"), verbs);
            assertTrue(calls().get(2).matches(".* exec --process \\S+ --detach --pid-file \\S+/e1\\.pid c3"), calls().get(2));
        } finally {
            remove("c3");
        }
    }
}
