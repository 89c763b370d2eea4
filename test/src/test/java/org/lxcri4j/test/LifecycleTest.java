package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The OCI lifecycle through the CLI: create → created → start → running → exit → stopped → delete. */
class LifecycleTest extends RuntimeTestBase {

    @Test
    void statesAcrossTheLifecycle() throws Exception {
        String id = newId();
        Bundle b = bundle().sh("sleep 1; exit 4");
        b.config.putObject("annotations").put("org.lxcri4j.test", "yes");
        Path pidFile = tmp.resolve("pid");
        register(id, b);
        assertEquals(0, cli("create", "--bundle", b.write().toString(), "--pid-file", pidFile.toString(), id).exit());
        JsonNode created = state(id);
        assertEquals("created", created.get("status").asText());
        assertEquals(id, created.get("id").asText());
        assertEquals(b.dir.toString(), created.get("bundle").asText());
        assertEquals("yes", created.get("annotations").get("org.lxcri4j.test").asText());
        int pid = created.get("pid").asInt();
        assertTrue(pid > 0 && Files.exists(Path.of("/proc/" + pid)), "container process exists before start");
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("/dev/.lxcri4j/init"),
                "before start the init waits");
        // This caller is no subreaper, so it cannot wait for lxcri4j-start: the pid file names the
        // container process, as runc's (PidFileProcessTest has the conmon-like caller).
        assertEquals(pid, Integer.parseInt(Files.readString(pidFile).strip()));

        assertEquals(0, cli("start", id).exit());
        assertEquals("running", state(id).get("status").asText());
        assertEquals("sh", Files.readString(Path.of("/proc/" + pid + "/comm")).strip(), "the init exec'd the process");

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!state(id).get("status").asText().equals("stopped") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        JsonNode stopped = state(id);
        assertEquals("stopped", stopped.get("status").asText());
        assertEquals(0, stopped.get("pid").asInt());
        assertEquals(0, cli("delete", id).exit());
        Cli.Result gone = cli("state", id);
        assertEquals(1, gone.exit());
        assertTrue(gone.stderr().contains("does not exist"), gone.stderr());
    }

    @Test
    void runReturnsTheContainerExitStatusAndOutput() {
        Cli.Result r = run(newId(), bundle().sh("echo out; echo err >&2; exit 3"));
        assertEquals(3, r.exit());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void deathBySignalIsRecordedAs128PlusN() throws Exception {
        // PID 1 ignores signals sent from inside its namespace: this one comes from the host.
        String id = started(bundle().args("sleep", "100"));
        assertEquals(0, cli("kill", id, "KILL").exit());
        waitForStatus(id, "stopped");
        assertEquals(137, exitStatus(id));
    }

    @Test
    void processesStartWithDefaultSignalDispositionsWhateverTheCallerIgnores() throws Exception {
        // A background job runs with SIGINT and SIGQUIT ignored; that must not reach the container.
        List<String> status = List.of("grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status");
        String ignoring = "trap '' INT QUIT; bin=$0; root=$1; shift; exec \"$bin\" --root \"$root\" \"$@\"";
        String defaults = "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n";
        String id = newId();
        Bundle b = bundle().args(status.toArray(String[]::new));
        register(id, b);
        b.write();
        Cli.Result run = Cli.exec(List.of("sh", "-c", ignoring, Cli.BINARY.toString(), root.toString(),
                "run", "--bundle", b.dir.toString(), id));
        assertEquals(0, run.exit(), run.stderr());
        assertEquals(defaults, run.stdout(), "the container process");

        String running = running();
        List<String> exec = new java.util.ArrayList<>(List.of("sh", "-c", ignoring, Cli.BINARY.toString(), root.toString(),
                "exec", running));
        exec.addAll(status);
        Cli.Result execed = Cli.exec(exec);
        assertEquals(0, execed.exit(), execed.stderr());
        assertEquals(defaults, execed.stdout(), "an exec'd process");
    }

    @Test
    void killSignalsTheContainerProcess() throws Exception {
        String id = started(bundle().sh("trap 'exit 42' USR1; while :; do sleep 0.1; done"));
        Thread.sleep(300);
        assertEquals(0, cli("kill", id, "SIGUSR1").exit());
        waitForStatus(id, "stopped");
        assertEquals(42, exitStatus(id));
    }

    @Test
    void killAllReachesEveryProcessAndAcceptsNumbersAndShortNames() throws Exception {
        String id = started(bundle().sh("sleep 100 & sleep 100 & wait"));
        Thread.sleep(300);
        int pid = state(id).get("pid").asInt();
        List<String> children = List.of(Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim().split(" "));
        assertEquals(2, children.size(), "two sleeps");
        assertEquals(0, cli("kill", "--all", id, "9").exit());
        waitForStatus(id, "stopped");
        for (String c : children) {
            assertTrue(!Files.exists(Path.of("/proc/" + c)) || Files.readString(Path.of("/proc/" + c + "/stat")).contains(") Z"),
                    "child " + c + " killed");
        }
        // runc's answers, which containerd's shim relies on for a forced delete of a stopped task
        Cli.Result one = cli("kill", id, "KILL");
        assertEquals(1, one.exit(), "a stopped container cannot be killed");
        assertTrue(one.stderr().contains("container not running"), one.stderr());
        assertEquals(0, cli("kill", "--all", id, "KILL").exit(), "--all of a stopped container succeeds, as with runc");
    }

    @Test
    void listShowsContainersAsTableAndJson() throws Exception {
        String id = newId();
        assertEquals(0, create(id, bundle().args("sleep", "100")).exit());
        Cli.Result table = cli("list");
        assertTrue(table.stdout().lines().anyMatch(l -> l.startsWith(id) && l.contains("created")), table.stdout());
        JsonNode json = Bundle.JSON.readTree(cli("list", "--format", "json").stdout());
        assertEquals(id, json.get(0).get("id").asText());
        assertEquals("created", json.get(0).get("status").asText());
        assertEquals(id + "\n", cli("list", "-q").stdout());
    }

    @Test
    void deleteOfACreatedContainerKillsItWithoutForce() throws Exception {
        String id = newId();
        Bundle b = bundle().args("sleep", "100");
        assertEquals(0, create(id, b).exit());
        assertEquals(0, cli("delete", id).exit());
        assertEquals(List.of(), waitForNoLeftovers(id, b.dir));
    }

    @Test
    void debugLogsEveryStepInRuncsFormat() throws Exception {
        String id = newId();
        Bundle b = bundle().args("sleep", "100");
        register(id, b);
        assertEquals(0, cli("--debug", "create", "--bundle", b.write().toString(), id).exit());
        assertEquals(0, cli("--debug", "start", id).exit());
        List<JsonNode> debug = Files.readAllLines(log).stream().map(l -> {
            try {
                return Bundle.JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(e -> e.get("level").asText().equals("debug")).toList();
        List<String> messages = debug.stream().map(e -> e.get("msg").asText()).toList();
        for (String step : List.of("config.json read", "translated", "runtime directory written", "liblxc config written",
                "monitor spawned", "the init is ready", "the pid-file process joined", "record written, handed over")) {
            assertTrue(messages.stream().anyMatch(m -> m.matches("create " + id + ": " + step + " in \\d+ ms")), step + ": " + messages);
        }
        assertTrue(messages.contains("start " + id + ": the container process runs"), messages.toString());
        assertTrue(debug.stream().allMatch(e -> e.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z")), debug.toString());
    }

    @Test
    void versionNamesLiblxcAndTheSpec() {
        Cli.Result r = Cli.exec(List.of(Cli.BINARY.toString(), "--version"));
        assertEquals(0, r.exit());
        assertTrue(r.stdout().contains("liblxc: 5.0.2") && r.stdout().contains("spec: 1.2.0"), r.stdout());
    }

    @Test
    void preservedDescriptorsReachTheProcessOfRunAndExec() throws Exception {
        // runc's --preserve-fds: the caller's descriptors 3.. become the process's 3..
        Path three = Files.writeString(tmp.resolve("three"), "three\n");
        Path four = Files.writeString(tmp.resolve("four"), "four\n");
        String id = newId();
        Bundle b = bundle().sh("cat <&3; cat <&4; ls /proc/self/fd | wc -l");
        register(id, b);
        b.write();
        Cli.Result run = Cli.exec(List.of("sh", "-c", "exec 3<\"$1\" 4<\"$2\"; shift 2; exec \"$@\"", "sh", three.toString(),
                four.toString(), Cli.BINARY.toString(), "--root", root.toString(), "run", "--preserve-fds", "2",
                "--bundle", b.dir.toString(), id));
        assertEquals(0, run.exit(), run.stderr());
        // 0-4, and the one ls reads the directory through
        assertEquals(List.of("three", "four", "6"), run.stdout().lines().map(String::strip).toList());

        String running = running();
        Cli.Result exec = Cli.exec(List.of("sh", "-c", "exec 3<\"$1\"; shift; exec \"$@\"", "sh", three.toString(),
                Cli.BINARY.toString(), "--root", root.toString(), "exec", "--preserve-fds", "1", running,
                "sh", "-c", "cat <&3; ls /proc/self/fd | wc -l"));
        assertEquals(0, exec.exit(), exec.stderr());
        assertEquals(List.of("three", "5"), exec.stdout().lines().map(String::strip).toList());
        Cli.Result plain = cli("exec", running, "sh", "-c", "ls /proc/self/fd | wc -l");
        assertEquals("4", plain.stdout().strip(), "without the flag: stdio only");
    }
}
