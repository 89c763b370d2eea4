package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lxcri4j.lxc.lab.BusyboxRootfs;

/**
 * podman + conmon (Debian's) with lxcri4j as the OCI runtime, on an image imported from a busybox
 * rootfs. A wrapper records every runtime command line; the tests pin that contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanTest {

    /** The default runtime root: podman passes no --root. */
    private static final Path RUNTIME_ROOT = Path.of("/run/lxcri4j");

    private Path dir;
    private Path calls;
    private Path wrapper;
    private String image;
    private String pauseImagesBefore;

    @BeforeAll
    void setUp() throws Exception {
        dir = Files.createTempDirectory("lxcri4j-podman-");
        pauseImagesBefore = Cli.exec(List.of("podman", "images", "--format", "{{.Repository}}")).stdout();
        calls = dir.resolve("calls.log");
        // Within this host's hard limits (no CAP_SYS_RESOURCE), cgroupfs (no systemd).
        Files.writeString(dir.resolve("containers.conf"), """
                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                """);
        wrapper = Cli.loggingWrapper(dir, calls);
        Path rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
        image = "localhost/lxcri4j-test-busybox:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Process tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", dir.resolve("rootfs.tar").toString(), ".")
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        Cli.Result imported = podman("import", dir.resolve("rootfs.tar").toString(), image);
        assertEquals(0, imported.exit(), imported.stderr());
    }

    @AfterAll
    void tearDown() throws IOException {
        podman("rmi", "-f", image);
        if (!pauseImagesBefore.contains("localhost/podman-pause")) {
            // built by podman for the pod test's infra container
            for (String pause : podman("images", "--format", "{{.Repository}}:{{.Tag}}").stdout().lines()
                    .filter(l -> l.startsWith("localhost/podman-pause:")).toList()) {
                podman("rmi", "-f", pause);
            }
        }
        Cli.deleteTree(dir);
    }

    @BeforeEach
    void clearCalls() throws IOException {
        Files.deleteIfExists(calls);
    }

    private Cli.Result podman(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + dir.resolve("containers.conf"), "podman"));
        if (wrapper != null && !args[0].equals("import") && !args[0].equals("rmi")) {
            argv.addAll(List.of("--runtime", wrapper.toString()));
        }
        argv.addAll(List.of(args));
        return Cli.exec(argv);
    }

    @FunctionalInterface
    private interface ContainerCheck {
        void check(String id) throws Exception;
    }

    /** Runs {@code check} against a detached `sleep 300` container, removed afterwards. */
    private void withDetached(ContainerCheck check) throws Exception {
        withDetached(List.of(image, "sleep", "300"), check);
    }

    /** Runs {@code check} against a container of `podman run -d RUN_ARGS`, removed afterwards. */
    private void withDetached(List<String> runArgs, ContainerCheck check) throws Exception {
        List<String> argv = new ArrayList<>(List.of("run", "-d"));
        argv.addAll(runArgs);
        Cli.Result run = podman(argv.toArray(String[]::new));
        assertEquals(0, run.exit(), run.stderr());
        String id = run.stdout().strip();
        try {
            check.check(id);
        } finally {
            podman("rm", "-f", "-t", "0", id);
        }
        assertTrue(waitGone(id));
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void runRemovePrintsTheOutputAndUsesTheRuncContract() throws Exception {
        Cli.Result r = podman("run", "--rm", image, "echo", "hi");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("hi\n", r.stdout());
        List<String> c = calls();
        assertEquals(3, c.size(), "create, start, delete: " + c);
        var create = Pattern.compile("create --bundle (/\\S+/userdata) --pid-file (/\\S+/userdata/pidfile) ([0-9a-f]{64})")
                .matcher(c.get(0));
        assertTrue(create.matches(), "create contract: " + c.get(0));
        String id = create.group(3);
        assertEquals("start " + id, c.get(1));
        assertEquals("delete --force " + id, c.get(2));
        assertTrue(waitGone(id), "runtime dir removed");
    }

    @Test
    void exitCodeOfTheContainerProcess() {
        Cli.Result r = podman("run", "--rm", image, "sh", "-c", "exit 3");
        assertEquals(3, r.exit(), r.stderr());
    }

    @Test
    void detachedContainerIsListedStoppedAndRemoved() throws Exception {
        Cli.Result run = podman("run", "-d", image, "sleep", "300");
        assertEquals(0, run.exit(), run.stderr());
        String id = run.stdout().strip();
        Cli.Result ps = podman("ps", "--no-trunc", "--format", "{{.ID}} {{.Status}}");
        assertTrue(ps.stdout().lines().anyMatch(l -> l.startsWith(id + " Up")), ps.stdout());
        assertEquals("running", Bundle.JSON.readTree(Cli.run(RUNTIME_ROOT, null, "state", id).stdout()).get("status").asText());

        Cli.Result stop = podman("stop", "-t", "1", id);
        assertEquals(0, stop.exit(), stop.stderr());
        Cli.Result all = podman("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Status}}");
        assertTrue(all.stdout().lines().anyMatch(l -> l.startsWith(id + " Exited (137)")), all.stdout());
        assertEquals(0, podman("rm", id).exit());
        assertTrue(waitGone(id), "runtime dir removed");
        List<String> c = calls();
        assertEquals(List.of("start " + id, "kill " + id + " 15", "kill " + id + " 9", "delete --force " + id),
                c.subList(1, c.size()), "runtime calls of run -d, stop, rm");
        assertTrue(Host.leftovers(RUNTIME_ROOT, id, null).isEmpty(), Host.leftovers(RUNTIME_ROOT, id, null).toString());
    }

    @Test
    void execRunsInTheContainerAndReturnsItsStatus() throws Exception {
        withDetached(id -> {
            Files.deleteIfExists(calls);
            Cli.Result exec = podman("exec", id, "sh", "-c", "echo in $(hostname); exit 4");
            assertEquals(4, exec.exit(), exec.stderr());
            assertEquals("in " + id.substring(0, 12) + "\n", exec.stdout());
            List<String> c = calls();
            assertEquals(1, c.size(), c.toString());
            // conmon execs detached and waits for the pid in the pid file itself.
            assertTrue(Pattern.compile("exec --pid-file (/\\S+/exec_pid) --process (/\\S+) --detach " + id)
                    .matcher(c.getFirst()).matches(), "exec contract: " + c.getFirst());
        });
    }

    @Test
    void updateChangesTheCgroupLimits() throws Exception {
        withDetached(id -> {
            Files.deleteIfExists(calls);
            assertEquals(0, podman("update", "--cpu-shares", "321", "--memory", "96m", id).exit());
            assertTrue(calls().getFirst().matches("update --resources=\\S+ " + id), calls().toString());
            int pid = Bundle.JSON.readTree(Cli.run(RUNTIME_ROOT, null, "state", id).stdout()).get("pid").asInt();
            String cpu = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                    .filter(l -> l.split(":")[1].equals("cpu")).findFirst().orElseThrow().split(":", 3)[2];
            assertEquals("321", Files.readString(Path.of("/sys/fs/cgroup/cpu" + cpu, "cpu.shares")).strip());
            String mem = cpu; // same path in the memory hierarchy (podman's cgroupsPath)
            assertEquals(Long.toString(96L << 20),
                    Files.readString(Path.of("/sys/fs/cgroup/memory" + mem, "memory.limit_in_bytes")).strip());
        });
    }

    @Test
    void mountsFollowTheSpecPodmanGenerates() throws Exception {
        Cli.Result r = podman("run", "--rm", "--network=none", image, "cat", "/proc/self/mountinfo");
        assertEquals(0, r.exit(), r.stderr());
        String create = calls().getFirst();
        JsonNode spec = Bundle.JSON.readTree(Cli.capturedSpec(dir, create.substring(create.lastIndexOf(' ') + 1)).toFile());
        MountTable.parse(r.stdout()).assertMountsOf(spec);
    }

    @Test
    void interactiveRunGetsATerminalThroughTheConsoleSocket() throws Exception {
        // podman -it needs a terminal of its own: script(1) provides one. conmon receives the pty master.
        // The pause before exiting: podman 4.3 sometimes drops the output of a process that exits at
        // once from a terminal session (2 of 15 runs with runc here).
        Cli.Result r = Cli.exec(List.of("script", "-qec", "env CONTAINERS_CONF=" + dir.resolve("containers.conf")
                + " podman --runtime " + wrapper + " run -it --rm " + image
                + " sh -c 'tty; stat -c console=%t:%T /dev/console; stat -L -c console=%t:%T $(tty); sleep 0.5; exit 3'", "/dev/null"));
        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("/dev/pts/0"), "the process's stdio is a pty of the container: " + r.stdout());
        // the terminal may echo a NUL on its input, as "^@", before a line of output
        List<String> console = r.stdout().replace("^@", "").lines().filter(l -> l.startsWith("console=")).map(String::strip).toList();
        assertEquals(2, console.size(), r.stdout());
        assertEquals(console.get(1), console.get(0), "/dev/console is the process's pty, as config-linux.md asks");
        assertTrue(calls().getFirst().matches("create --bundle \\S+ --pid-file \\S+ --console-socket \\S+ [0-9a-f]{64}"),
                calls().getFirst());
    }

    @Test
    void interactiveRunInAUserNamespace() throws Exception {
        // The init runs as the container's mapped root, which could not connect to conmon's socket.
        Cli.Result r = Cli.exec(List.of("script", "-qec", "env CONTAINERS_CONF=" + dir.resolve("containers.conf")
                + " podman --runtime " + wrapper + " run -it --rm --uidmap 0:100000:65536 --gidmap 0:100000:65536 " + image
                + " sh -c 'tty; cat /proc/self/uid_map; sleep 0.5; exit 3'", "/dev/null"));
        assertEquals(3, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("/dev/pts/0"), r.stdout());
        assertTrue(r.stdout().replaceAll("\\s+", " ").contains(" 0 100000 65536"), "in the user namespace: " + r.stdout());
    }

    @Test
    void interactiveExecGetsATerminal() throws Exception {
        withDetached(id -> {
            Files.deleteIfExists(calls);
            Cli.Result r = Cli.exec(List.of("script", "-qec", "env CONTAINERS_CONF=" + dir.resolve("containers.conf")
                    + " podman --runtime " + wrapper + " exec -it " + id + " sh -c 'tty; sleep 0.5; exit 4'", "/dev/null"));
            assertEquals(4, r.exit(), r.stdout() + r.stderr());
            assertTrue(r.stdout().contains("/dev/pts/"), r.stdout());
            assertTrue(calls().getFirst().matches("exec --pid-file \\S+ --process \\S+ --detach --tty --console-socket \\S+ " + id),
                    calls().getFirst());
        });
    }

    @Test
    void pauseAndUnpause() throws Exception {
        withDetached(id -> {
            assertEquals(0, podman("pause", id).exit());
            assertTrue(podman("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Status}}").stdout().lines()
                    .anyMatch(l -> l.startsWith(id + " Paused")), "podman sees it paused");
            assertEquals("paused", Bundle.JSON.readTree(Cli.run(RUNTIME_ROOT, null, "state", id).stdout()).get("status").asText());
            assertEquals(0, podman("unpause", id).exit());
            assertEquals("running", Bundle.JSON.readTree(Cli.run(RUNTIME_ROOT, null, "state", id).stdout()).get("status").asText());
            assertTrue(calls().containsAll(List.of("pause " + id, "resume " + id)), calls().toString());
        });
    }

    /** Two sleeps: the container process (pid 1 in its namespace) and its child. */
    private List<String> twoSleeps(String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of(image, "sh", "-c", "sleep 1000 & exec sleep 1001"));
        return args;
    }

    @Test
    void topListsTheContainersProcessesAndNothingElse() throws Exception {
        withDetached(twoSleeps(), id -> {
            List<String> rows = awaitOutput(() -> podman("top", id, "pid", "ppid", "args"), out -> out.lines().count() >= 3).stream()
                    .map(l -> l.replaceAll("\\s+", " ").strip()).toList();
            // psgo reads /proc in the mount namespace of the pid file's process: the container's.
            assertEquals(3, rows.size(), "podman top: " + rows);
            assertEquals("PID PPID COMMAND", rows.get(0));
            assertEquals("1 0 sleep 1001", rows.get(1));
            assertTrue(rows.get(2).matches("\\d+ 1 sleep 1000"), "podman top: " + rows);
        });
    }

    @Test
    void statsReadTheContainersCgroup() throws Exception {
        withDetached(twoSleeps("--memory", "64m"), id -> {
            List<String> rows = awaitOutput(() -> podman("stats", "--no-stream", "--format", "{{.PIDs}} {{.MemUsage}}", id),
                    out -> out.startsWith("2 "));
            // 2 processes, the 64 MiB limit: the container's cgroup, not conmon's or the runtime's.
            assertTrue(rows.getFirst().matches("2 \\S+ / 67\\.11MB"), "podman stats: " + rows);
        });
    }

    @Test
    void aContainerJoinsAnothersPidAndNetworkNamespaces() throws Exception {
        withDetached(id -> {
            // podman names the other container's namespaces as /proc/PID/ns/TYPE of its pid file.
            Cli.Result r = podman("run", "--rm", "--pid", "container:" + id, "--network", "container:" + id, image,
                    "sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline; echo; readlink /proc/self/ns/net");
            assertEquals(0, r.exit(), r.stderr());
            int pid = Bundle.JSON.readTree(Cli.run(RUNTIME_ROOT, null, "state", id).stdout()).get("pid").asInt();
            assertEquals(List.of("sleep 300 ", Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString()),
                    r.stdout().lines().toList(), "its pid 1 is the other container's process; it shares the network");
        });
    }

    @Test
    void podContainersShareTheInfraContainersNamespaces() throws Exception {
        String pod = "lxcri4j-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        // The infra container runs podman's local pause image (catatonit); the others join its
        // namespaces through /proc/PID/ns/TYPE of its pid file.
        Cli.Result created = podman("pod", "create", "--share", "net,ipc,uts,pid", "--name", pod);
        assertEquals(0, created.exit(), created.stderr());
        try {
            Cli.Result sleeper = podman("run", "-d", "--pod", pod, image, "sleep", "300");
            assertEquals(0, sleeper.exit(), sleeper.stderr());
            Cli.Result r = podman("run", "--rm", "--pod", pod, image, "sh", "-c",
                    "hostname; for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done");
            assertEquals(0, r.exit(), r.stderr());
            List<String> lines = r.stdout().lines().toList();
            assertEquals(pod, lines.getFirst(), "the pod's uts namespace");
            assertTrue(lines.contains("/catatonit -P ") && lines.contains("sleep 300 "),
                    "one pid namespace with the infra process and the other container's: " + lines);
        } finally {
            podman("pod", "rm", "-f", "-t", "0", pod);
        }
    }

    @Test
    void preservedDescriptorsPassThroughConmon() throws Exception {
        Path three = Files.writeString(dir.resolve("three"), "three\n");
        String podman = "exec 3<" + three + "; exec env CONTAINERS_CONF=" + dir.resolve("containers.conf")
                + " podman --runtime " + wrapper + " ";
        Cli.Result run = Cli.exec(List.of("sh", "-c", podman + "run --rm --preserve-fds 1 " + image + " sh -c 'cat <&3'"));
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("three\n", run.stdout());
        assertTrue(calls().getFirst().matches("create .*--preserve-fds 1 .*"), calls().getFirst());
        withDetached(id -> {
            Cli.Result exec = Cli.exec(List.of("sh", "-c", podman + "exec --preserve-fds 1 " + id + " sh -c 'cat <&3'"));
            assertEquals(0, exec.exit(), exec.stderr());
            assertEquals("three\n", exec.stdout());
        });
    }

    /**
     * The output lines of {@code command} once it succeeds with output that {@code ready} accepts
     * (the container's second process may not have forked yet), or its last output.
     */
    private static List<String> awaitOutput(java.util.function.Supplier<Cli.Result> command,
                                            java.util.function.Predicate<String> ready) throws InterruptedException {
        Cli.Result r = command.get();
        for (int i = 0; i < 50 && (r.exit() != 0 || !ready.test(r.stdout())); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
            r = command.get();
        }
        assertEquals(0, r.exit(), r.stderr());
        return r.stdout().lines().toList();
    }

    @Test
    void failingProcessReportsTheRuntimeError() {
        Cli.Result r = podman("run", "--rm", image, "/no/such/program");
        // podman's code for a command that cannot be found: as with runc, create reports it
        assertEquals(127, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("exec \\\"/no/such/program\\\": No such file or directory")
                || r.stderr().contains("exec \"/no/such/program\": No such file or directory"), r.stderr());
    }

    private static boolean waitGone(String id) throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(RUNTIME_ROOT.resolve(id)); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return !Files.exists(RUNTIME_ROOT.resolve(id));
    }
}
