package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Faults a container manager meets: a runtime killed at any instant, a record lost to a crash, a
 * cgroup left by an earlier container, a low descriptor limit. Each ends with delete --force and
 * nothing left (RuntimeTestBase checks processes, cgroups, mounts, runtime dirs and lock files).
 */
class FaultTest extends RuntimeTestBase {

    @Test
    void aCreateKilledAtAnyInstantLeavesNothingAfterDeleteForce() throws Exception {
        Bundle b = bundle().args("sleep", "100");
        b.write();
        List<String> problems = new ArrayList<>();
        // create takes about 0.2 s here: the kills land before, during and after each of its steps
        for (int delay = 0; delay <= 360; delay += 24) {
            String id = newId();
            register(id, b);
            List<String> argv = new ArrayList<>(List.of(Cli.BINARY.toString(), "--root", root.toString(), "create", "--bundle",
                    b.dir.toString(), id));
            Process create = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(delay);
            create.destroyForcibly();
            assertTrue(create.waitFor(10, TimeUnit.SECONDS));
            Cli.Result delete = cli("delete", "--force", id);
            if (delete.exit() != 0) {
                problems.add("killed after " + delay + " ms: delete --force: " + delete.stderr().strip());
            }
            String when = "killed after " + delay + " ms: ";
            waitForNoLeftovers(id, b.dir).forEach(l -> problems.add(when + l));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aBrokenRecordIsListedAsSuchNamedByStateAndDeletedWithAllItHad() throws Exception {
        Bundle b = bundle().args("sleep", "100");
        String id = started(b);
        String other = started(bundle().args("sleep", "100"));
        int pid = state(id).get("pid").asInt();
        Files.writeString(root.resolve(id).resolve("record"), ""); // a crash mid-write
        Cli.Result list = cli("list");
        assertEquals(0, list.exit(), list.stderr());
        assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith(id + " ") && l.contains("broken")), list.stdout());
        assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith(other + " ") && l.contains("running")), list.stdout());
        assertFailure(cli("state", id), "record is broken");
        assertFailure(cli("delete", id), "record is broken");
        assertEquals(0, cli("delete", "--force", id).exit());
        assertEquals(List.of(), waitForNoLeftovers(id, b.dir));
        assertTrue(!Files.exists(Path.of("/proc/" + pid)) || !Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep"),
                "the container's process is gone");
        // the same name again, as after any delete
        assertEquals(0, create(id, bundle().args("sleep", "100")).exit());
    }

    @Test
    void aLeftoverCgroupIsRemovedWhenEmptyAndNamedWhenNot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/sys/fs/cgroup/pids/cgroup.procs")),
                "needs the cgroup v1 pids hierarchy");
        String id = newId();
        Bundle b = bundle().args("sleep", "100");
        // with no cgroupsPath the container's cgroup is lxc.payload.ID at each hierarchy's root,
        // wherever the caller sits (lxcri4j-start moves the monitor there)
        Path leftover = Files.createDirectories(Path.of("/sys/fs/cgroup/pids/lxc.payload." + id));
        assertEquals(0, create(id, b).exit(), "an empty leftover is removed");
        assertEquals(0, cli("delete", "--force", id).exit());

        String busy = newId();
        Path held = Files.createDirectories(Path.of("/sys/fs/cgroup/pids/lxc.payload." + busy));
        Process sleeper = new ProcessBuilder("sleep", "100").start();
        try {
            Files.writeString(held.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            Cli.Result r = create(busy, bundle().args("sleep", "100"));
            assertFailure(r, "cgroup " + held + " already exists and holds processes");
            assertTrue(sleeper.isAlive(), "another's process is not touched");
        } finally {
            sleeper.destroyForcibly().waitFor();
            for (int i = 0; i < 100 && Files.exists(held); i++) {
                try {
                    Files.deleteIfExists(held);
                } catch (java.io.IOException e) {
                    Thread.sleep(20);
                }
            }
            Files.deleteIfExists(leftover);
        }
    }

    @Test
    void theHelpersWorkWithASoftLimitOf32Descriptors() throws Exception {
        // a descriptor leak in lxcri4j-start, the hook or the init fails here instead of drifting
        Bundle b = bundle().args("sleep", "100");
        String id = newId();
        register(id, b);
        String cli = "ulimit -Sn 32 && " + Cli.BINARY + " --root " + root + " ";
        for (String command : List.of("create --bundle " + b.write() + " " + id, "start " + id, "exec " + id + " true", "kill " + id + " KILL",
                "delete --force " + id)) {
            Cli.Result r = Cli.exec(List.of("sh", "-c", cli + command));
            assertEquals(0, r.exit(), command + ": " + r.stderr());
        }
    }

    @Test
    void stateOfAKilledCreateSaysSoInsteadOfCreatingForever() throws Exception {
        Bundle b = bundle().args("sleep", "100");
        String id = newId();
        register(id, b);
        Path dir = root.resolve(id);
        Process create = new ProcessBuilder(Cli.BINARY.toString(), "--root", root.toString(), "create", "--bundle",
                b.write().toString(), id).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 200 && !Files.exists(dir.resolve("config")); i++) {
            Thread.sleep(5);
        }
        create.destroyForcibly().waitFor();
        Cli.Result state = cli("state", id);
        if (Files.exists(dir.resolve("record"))) {
            assertNotEquals("creating", Bundle.JSON.readTree(state.stdout()).path("status").asText(), state.toString());
        } else {
            assertFailure(state, "its create did not finish");
        }
    }
}
