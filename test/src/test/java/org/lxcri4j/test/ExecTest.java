package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** exec: another process in a running container's namespaces and cgroup, with the spec's credentials. */
class ExecTest extends RuntimeTestBase {

    @Test
    void execSeesTheContainersNamespacesAndCgroupAndReturnsItsStatus() throws Exception {
        String id = running();
        int init = state(id).get("pid").asInt();
        Cli.Result r = cli("exec", id, "sh", "-c",
                "hostname; for n in pid mnt net uts; do readlink /proc/self/ns/$n; done; grep pids /proc/self/cgroup; grep pids /proc/1/cgroup; exit 5");
        assertEquals(5, r.exit(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("lxcri4j-test", lines.get(0));
        int i = 1;
        for (String ns : List.of("pid", "mnt", "net", "uts")) {
            assertEquals(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/" + ns)).toString(), lines.get(i++), ns);
        }
        assertEquals(lines.get(i + 1), lines.get(i), "in the container's cgroup, as its PID 1");
        assertEquals(7, lines.size());
    }

    @Test
    void execRunsUnderTheContainersSeccompProfile() throws Exception {
        Bundle b = bundle().args("sleep", "1000");
        var rules = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW").putArray("syscalls");
        rules.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1).putArray("names").add("mkdir").add("mkdirat");
        String id = started(b);
        Cli.Result r = cli("exec", id, "sh", "-c", "grep '^Seccomp:' /proc/self/status; mkdir /tmp/blocked 2>&1; true");
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("Seccomp:\t2", lines.get(0), "a filter, as the container's own process has");
        assertTrue(lines.get(1).contains("Operation not permitted"), r.stdout());
    }

    @Test
    void deathBySignalIs128PlusN() throws Exception {
        String id = running();
        assertEquals(137, cli("exec", id, "sh", "-c", "kill -9 $$").exit());
    }

    @Test
    void processJsonAppliesUserEnvCwdCapabilitiesRlimitsAndNoNewPrivs() throws Exception {
        String id = running();
        ObjectNode p = Bundle.JSON.createObjectNode();
        p.putArray("args").add("sh").add("-c").add("id -u; id -G; echo $MODE; pwd; ulimit -n; cat /proc/self/status");
        p.putArray("env").add("PATH=/bin:/usr/bin").add("MODE=process-json");
        p.put("cwd", "/tmp").put("noNewPrivileges", true);
        ObjectNode user = p.putObject("user").put("uid", 1000).put("gid", 1000);
        user.putArray("additionalGids").add(10);
        ObjectNode caps = p.putObject("capabilities");
        caps.putArray("bounding").add("CAP_KILL");
        p.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("soft", 77).put("hard", 88);
        Path file = tmp.resolve("process.json");
        Files.writeString(file, p.toString());
        Cli.Result r = cli("exec", "--process", file.toString(), id);
        assertEquals(0, r.exit(), r.stderr());
        List<String> out = r.stdout().lines().toList();
        assertEquals(List.of("1000", "1000 10", "process-json", "/tmp", "77"), out.subList(0, 5));
        String status = String.join("\n", out.subList(5, out.size()));
        assertTrue(status.contains("CapBnd:\t0000000000000020"), status);
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
    }

    @Test
    void detachedExecWritesThePidFile() throws Exception {
        String id = running();
        Path pidFile = tmp.resolve("exec.pid");
        assertEquals(0, cli("exec", "--detach", "--pid-file", pidFile.toString(), id, "sleep", "77").exit());
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep\u000077"));
        List<Integer> pids = Bundle.JSON.readValue(cli("ps", "--format", "json", id).stdout(),
                Bundle.JSON.getTypeFactory().constructCollectionType(List.class, Integer.class));
        assertTrue(pids.contains(pid), "part of the container: " + pids);
    }

    @Test
    void badExecInput() throws Exception {
        String id = running();
        assertFailure(cli("exec", "--tty", "--detach", id, "sh"), "a terminal with --detach needs --console-socket");
        assertFailure(cli("exec", "--tty", "--console-socket", tmp.resolve("none.sock").toString(), id, "sh"), "connecting to");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"args\": \"sh\", \"cwd\": \"/\"}");
        assertFailure(cli("exec", "--process", bad.toString(), id), "$.args: expected an array");
        // what exec cannot apply is refused, as for create, not dropped
        Path unenforceable = tmp.resolve("apparmor.json");
        Files.writeString(unenforceable, "{\"args\": [\"true\"], \"cwd\": \"/\", \"apparmorProfile\": \"lab-profile\"}");
        assertFailure(cli("exec", "--process", unenforceable.toString(), id), "$.process.apparmorProfile: profile lab-profile given");
        Path windows = tmp.resolve("commandline.json");
        Files.writeString(windows, "{\"args\": [\"true\"], \"cwd\": \"/\", \"commandLine\": \"true.exe\"}");
        assertFailure(cli("exec", "--process", windows.toString(), id), "$.process.commandLine: not supported");
        assertEquals(List.of("init.conf", "ready", "state.json", "syncfifo"),
                Files.list(root.resolve(id).resolve("box")).map(f -> f.getFileName().toString()).sorted().toList(),
                "no exec config left behind");
        assertFailure(cli("exec", "nosuchcontainer", "true"), "does not exist");
        Cli.Result missing = cli("exec", id, "/no/such/program");
        assertEquals(127, missing.exit());
        assertTrue(missing.stderr().contains("exec \"/no/such/program\": No such file or directory"), missing.stderr());
        assertEquals(0, cli("kill", id, "KILL").exit());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!state(id).get("status").asText().equals("stopped") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFailure(cli("exec", id, "true"), "it is stopped");
    }

    /**
     * CRI-O's streaming exec with tty and stdin: `exec --process F ID` with process.terminal, no
     * console socket, run on a pty of the caller's (here util-linux script's), as runc runs it: the
     * process gets a terminal of the container's, joined to the caller's.
     */
    @Test
    void aTerminalWithoutAConsoleSocketIsRelayedThroughTheCallersStdio() throws Exception {
        String id = running();
        Path process = tmp.resolve("process.json");
        Files.writeString(process, "{\"terminal\": true, \"args\": [\"sh\"], \"cwd\": \"/\", \"env\": [\"PATH=/bin:/usr/bin\"],"
                + " \"user\": {\"uid\": 0, \"gid\": 0}}");
        String command = Cli.BINARY + " --root " + root + " exec --process " + process + " " + id;
        Path input = tmp.resolve("typed");
        Files.writeString(input, "tty; stty size; echo hello-$((6*7)); exit 3\n");
        Process script = new ProcessBuilder("script", "-qec", "stty rows 33 cols 111; " + command, "/dev/null")
                .redirectInput(input.toFile()).redirectErrorStream(true).start();
        assertTrue(script.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "exec did not end");
        String out = new String(script.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, script.exitValue(), out);
        assertTrue(out.contains("hello-42"), out);
        assertTrue(out.matches("(?s).*/dev/pts/\\d+.*"), "a terminal of the container's devpts: " + out);
        assertTrue(out.contains("33 111"), "the caller's window size: " + out);
    }
}
