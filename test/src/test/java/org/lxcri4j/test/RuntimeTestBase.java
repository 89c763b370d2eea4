package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A private --root and --log per test; after each test every container is gone, with nothing left. */
abstract class RuntimeTestBase {

    @TempDir
    Path tmp;
    Path root;
    Path log;
    private final List<String[]> created = new ArrayList<>();

    @BeforeEach
    void setUpRoot() {
        root = tmp.resolve("root");
        log = tmp.resolve("runtime.log");
    }

    @AfterEach
    void deleteEverything() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String[] c : created) {
            Cli.run(root, null, "delete", "--force", c[0]);
            List<String> left = waitForNoLeftovers(c[0], Path.of(c[1]));
            problems.addAll(left);
        }
        assertEquals(List.of(), problems, "containers left something behind");
    }

    String newId() {
        return "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 7);
    }

    Bundle bundle() {
        return new Bundle(tmp.resolve("bundle-" + created.size() + "-" + ThreadLocalRandom.current().nextInt(1000)));
    }

    /** Registers {@code id} for cleanup and runs the CLI. */
    Cli.Result cli(String... args) {
        return Cli.run(root, log, args);
    }

    /** Deletes {@code id} after the test and checks that nothing of it is left. */
    void register(String id, Bundle b) {
        created.add(new String[] {id, b.dir.toString()});
    }

    Cli.Result create(String id, Bundle b) {
        register(id, b);
        return cli("create", "--bundle", b.write().toString(), id);
    }

    /** `run` (create + start + wait): returns exit code and the container's output. */
    Cli.Result run(String id, Bundle b) {
        register(id, b);
        return cli("run", "--bundle", b.write().toString(), id);
    }

    /** Creates and starts a container from {@code b}; returns its id. */
    String started(Bundle b) throws Exception {
        String id = newId();
        assertEquals(0, create(id, b).exit());
        assertEquals(0, cli("start", id).exit());
        return id;
    }

    /** A started container idling in `sleep 1000`. */
    String running() throws Exception {
        return started(bundle().args("sleep", "1000"));
    }

    /** The host directory of the container's cgroup in a v1 {@code controller} hierarchy. */
    Path cgroupOf(String id, String controller) throws Exception {
        int pid = state(id).get("pid").asInt();
        String line = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .filter(l -> l.split(":")[1].equals(controller)).findFirst().orElseThrow();
        return Path.of("/sys/fs/cgroup", controller, line.split(":", 3)[2]);
    }

    void waitForStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!state(id).get("status").asText().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(status, state(id).get("status").asText());
    }

    /** The container process's exit status as runc reports it, from the monitor's record. */
    int exitStatus(String id) throws Exception {
        // the monitor records a wait status once it has reaped the process, which `state` may
        // already report stopped; runc reports 128 + signal for a death by signal
        Path file = root.resolve(id).resolve("exit-status");
        for (int i = 0; i < 200 && !Files.exists(file); i++) {
            Thread.sleep(10);
        }
        return new org.lxcri4j.lxc.ExitStatus(Integer.parseInt(Files.readString(file).strip())).code();
    }

    JsonNode state(String id) throws IOException {
        Cli.Result r = cli("state", id);
        assertEquals(0, r.exit(), r.stderr());
        return Bundle.JSON.readTree(r.stdout());
    }

    /** A failed command: non-zero, one line on stderr, one JSON entry in the log naming {@code expected}. */
    void assertFailure(Cli.Result r, String expected) throws IOException {
        assertNotEquals(0, r.exit(), "should fail: " + r);
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r.stderr());
        assertTrue(lines.getFirst().contains(expected), "stderr names the cause (" + expected + "): " + lines.getFirst());
        List<String> logLines = Files.readAllLines(log);
        JsonNode entry = Bundle.JSON.readTree(logLines.getLast());
        assertEquals("error", entry.get("level").asText());
        assertTrue(entry.get("msg").asText().contains(expected), entry.toString());
        assertTrue(entry.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), entry.toString());
    }

    List<String> waitForNoLeftovers(String id, Path bundle) throws IOException, InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = Host.leftovers(root, id, bundle);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }
}
