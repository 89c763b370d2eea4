package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.runtime.AttachedProcess;
import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.CreateOptions;
import org.lxcri4j.runtime.ExecOptions;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.ResourceUsage;
import org.lxcri4j.runtime.Signals;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.spec.Resources;
import org.lxcri4j.runtime.spec.State;

/**
 * The Java runtime API driving real containers in this JVM, without the CLI. The CLI still
 * reads their state and, after each test, deletes them and checks that nothing is left.
 */
class RuntimeApiTest extends RuntimeTestBase {

    private static final Path LIBEXEC = Cli.BINARY.getParent().getParent().resolve("libexec");
    /** The container must not read this JVM's stdin (surefire's command channel) nor write its stdout. */
    private static final CreateOptions QUIET = CreateOptions.defaults()
            .withStdio(Redirect.from(Path.of("/dev/null").toFile()), Redirect.DISCARD, Redirect.DISCARD);

    private ContainerRuntime runtime;

    @BeforeEach
    void openRuntime() {
        runtime = ContainerRuntime.open(root, LIBEXEC);
    }

    private Container create(Bundle b, CreateOptions options) {
        String id = newId();
        register(id, b);
        return runtime.create(id, b.write(), options);
    }

    private Container runSleeping() {
        Bundle b = bundle().args("sleep", "1000");
        String id = newId();
        register(id, b);
        return runtime.run(id, b.write(), QUIET);
    }

    @Test
    void threadsOfOneJvmWaitForEachOthersHoldOnAContainer() throws Exception {
        // every signal takes the container's lock; a lock per process alone made the threads collide
        Container c = runSleeping();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        c.kill(18); // SIGCONT
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), errors.stream().map(Throwable::toString).toList());
        assertEquals(State.RUNNING, c.state().status());
    }

    @Test
    void createStartSignalWaitAndDelete() throws Exception {
        Path out = tmp.resolve("out");
        Bundle b = bundle().sh("trap 'echo bye; exit 7' TERM; echo started; while :; do sleep 0.1; done");
        Container c = create(b,
                QUIET.withStdio(Redirect.from(Path.of("/dev/null").toFile()), Redirect.appendTo(out.toFile()), Redirect.appendTo(out.toFile())));
        assertEquals(State.CREATED, c.state().status());
        assertEquals(List.of(c.id()), runtime.list().stream().map(State::id).toList());
        c.start();
        assertEquals(State.RUNNING, c.state().status());
        assertEquals(State.RUNNING, state(c.id()).get("status").asText(), "the CLI sees what the API did");
        assertEquals(Optional.empty(), c.waitFor(Duration.ofMillis(200)), "still running");
        awaitOutput(out, "started\n");

        c.kill(Signals.SIGTERM);
        ExitStatus status = c.waitFor(Duration.ofSeconds(10)).orElseThrow();
        assertTrue(status.exited(), status.toString());
        assertEquals(7, status.exitCode());
        assertEquals(State.STOPPED, c.state().status());
        assertEquals("started\nbye\n", Files.readString(out));

        c.delete();
        assertEquals(Optional.empty(), runtime.find(c.id()));
        assertEquals(List.of(), waitForNoLeftovers(c.id(), b.dir));
    }

    @Test
    void waitReportsDeathBySignalAsRuncDoes() {
        Container c = runSleeping();
        c.kill(Signals.SIGKILL);
        ExitStatus status = c.waitFor(Duration.ofSeconds(10)).orElseThrow();
        assertTrue(status.signaled(), status.toString());
        assertEquals(9, status.signal());
        assertEquals(137, status.code());
        assertEquals(Optional.of(status), c.exitStatus());
    }

    @Test
    void execRunsInTheContainerWithPipedStdio() throws Exception {
        Container c = runSleeping();
        int init = c.state().pid();
        AttachedProcess cat = c.exec(c.process().withArgs(List.of("cat")), ExecOptions.piped());
        assertTrue(c.pids().contains(cat.pid()), "in the container's cgroup: " + c.pids());
        for (String ns : List.of("pid", "mnt", "uts", "ipc", "net")) {
            assertEquals(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/" + ns)),
                    Files.readSymbolicLink(Path.of("/proc/" + cat.pid() + "/ns/" + ns)), ns + " namespace");
        }
        cat.stdin().write("through the pipe\n".getBytes(StandardCharsets.UTF_8));
        cat.stdin().close();
        assertEquals("through the pipe\n", new String(cat.stdout().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, cat.waitFor(Duration.ofSeconds(10)).orElseThrow().exitCode(), "cat saw end of file");

        AttachedProcess sh = c.exec(c.process().withArgs(List.of("sh", "-c", "echo $(hostname) $$; echo oops >&2; exit 5")),
                ExecOptions.piped());
        sh.stdin().close();
        assertEquals("lxcri4j-test", new String(sh.stdout().readAllBytes(), StandardCharsets.UTF_8).split(" ")[0]);
        assertEquals("oops\n", new String(sh.stderr().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(5, sh.waitFor().exitCode());
    }

    @Test
    void execWaitTimesOutAndOneProcessCanBeSignalled() throws Exception {
        Container c = runSleeping();
        AttachedProcess sleep = c.exec(c.process().withArgs(List.of("sleep", "1000")), ExecOptions.piped());
        assertEquals(Optional.empty(), sleep.waitFor(Duration.ofMillis(200)));

        // a pid outside the container is refused and nothing is signalled
        int self = (int) ProcessHandle.current().pid();
        OciException outside = assertThrows(OciException.class, () -> c.signal(self, Signals.SIGKILL));
        assertTrue(outside.getMessage().contains("not a process of container " + c.id()), outside.getMessage());
        assertThrows(OciException.class, () -> c.signal(1, Signals.SIGKILL));

        c.signal(sleep.pid(), Signals.SIGKILL);
        ExitStatus status = sleep.waitFor(Duration.ofSeconds(10)).orElseThrow();
        assertEquals(9, status.signal());
        assertEquals(State.RUNNING, c.state().status(), "only that process died");
        assertThrows(OciException.class, () -> sleep.signal(Signals.SIGTERM), "an exited process's pid may be reused");

        AttachedProcess other = c.exec(c.process().withArgs(List.of("sleep", "1000")), ExecOptions.piped());
        other.signal(Signals.SIGTERM);
        assertEquals(143, other.waitFor(Duration.ofSeconds(10)).orElseThrow().code());
    }

    @Test
    void updatePauseAndStatsStream() throws Exception {
        Bundle b = bundle().sh("while :; do :; done");
        String id = newId();
        register(id, b);
        Container c = runtime.run(id, b.write(), QUIET);

        Resources limit = SpecReader.parsePart("{\"memory\":{\"limit\":67108864},\"pids\":{\"limit\":50}}", "update", Resources.class);
        c.update(limit);
        ResourceUsage usage = c.stats();
        assertEquals(67108864L, usage.memoryLimitBytes());
        assertEquals(50, usage.pidsLimit());
        assertEquals("67108864", Files.readString(cgroupOf(id, "memory").resolve("memory.limit_in_bytes")).strip());

        List<ResourceUsage> samples = new CopyOnWriteArrayList<>();
        Thread stream = Thread.ofPlatform().start(() -> c.streamStats(Duration.ofMillis(100), samples::add));
        while (samples.size() < 3) {
            Thread.sleep(50);
        }
        c.pause();
        assertEquals(State.PAUSED, c.state().status());
        long frozen = c.stats().cpuNanos();
        Thread.sleep(300);
        assertTrue(c.stats().cpuNanos() - frozen < 5_000_000, "no CPU time while frozen");
        c.resume();
        assertEquals(State.RUNNING, c.state().status());

        c.killAll(Signals.SIGKILL);
        stream.join(Duration.ofSeconds(10));
        assertFalse(stream.isAlive(), "the stream ends with the container");
        assertTrue(samples.getLast().cpuNanos() > samples.getFirst().cpuNanos(), "CPU time moves under a busy loop");
        assertTrue(samples.getFirst().pids() >= 1);
    }

    @Test
    void wrongStatesAndBadIdsAreRefusedAndChangeNothing() {
        assertTrue(assertThrows(OciException.class, () -> runtime.container("../x")).getMessage().contains("../x"));
        assertTrue(assertThrows(OciException.class, () -> runtime.container("nosuch")).getMessage().contains("does not exist"));
        Container c = create(bundle().args("sleep", "1000"), QUIET);
        assertTrue(assertThrows(OciException.class, c::pause).getMessage().contains("created, not running"));
        assertTrue(assertThrows(OciException.class, c::resume).getMessage().contains("not paused"));
        c.start();
        assertTrue(assertThrows(OciException.class, c::start).getMessage().contains("not created"));
        assertTrue(assertThrows(OciException.class, c::delete).getMessage().contains("not stopped"));
        assertEquals(State.RUNNING, c.state().status());
        c.kill(Signals.SIGKILL);
        c.waitFor(Duration.ofSeconds(10)).orElseThrow();
        assertTrue(assertThrows(OciException.class, () -> c.exec(c.process().withArgs(List.of("true"))))
                .getMessage().contains("it is stopped"));
        assertTrue(assertThrows(OciException.class, () -> c.kill(Signals.SIGTERM)).getMessage().contains("not running"));
        c.delete();
        assertTrue(assertThrows(OciException.class, c::state).getMessage().contains("does not exist"));
    }

    private static void awaitOutput(Path file, String expected) throws Exception {
        for (int i = 0; i < 100 && !(Files.exists(file) && Files.readString(file).equals(expected)); i++) {
            Thread.sleep(50);
        }
        assertEquals(expected, Files.readString(file));
    }
}
