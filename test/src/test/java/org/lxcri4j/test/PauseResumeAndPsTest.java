package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** pause/resume freeze and thaw every process; ps lists them with host pids; spec writes a runnable config. */
class PauseResumeAndPsTest extends RuntimeTestBase {

    /** A container whose shell counts into a host file, 20 times a second. */
    private String counting(Path data) throws Exception {
        // Written through a rename: a pause never leaves a half-written file behind.
        Bundle b = bundle().sh("sleep 1000 & i=0; while :; do i=$((i+1)); echo $i > /data/n; mv /data/n /data/count; sleep 0.05; done");
        ObjectNode m = ((ArrayNode) b.config.get("mounts")).addObject().put("destination", "/data").put("type", "bind")
                .put("source", data.toString());
        m.putArray("options").add("rbind").add("rw");
        String id = started(b);
        Thread.sleep(300);
        return id;
    }

    private static long count(Path data) throws Exception {
        return Long.parseLong(Files.readString(data.resolve("count")).strip());
    }

    @Test
    void pauseFreezesEveryProcessAndResumeThawsThem() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        String id = counting(data);
        assertEquals(0, cli("pause", id).exit());
        assertEquals("paused", state(id).get("status").asText());
        long frozen = count(data);
        Thread.sleep(500);
        assertEquals(frozen, count(data), "nothing runs while paused");
        int pid = state(id).get("pid").asInt();
        String freezer = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .filter(l -> l.split(":")[1].equals("freezer")).findFirst().orElseThrow().split(":", 3)[2];
        assertEquals("FROZEN", Files.readString(Path.of("/sys/fs/cgroup/freezer" + freezer, "freezer.state")).strip());

        assertFailure(cli("pause", id), "not running");
        assertEquals(0, cli("resume", id).exit());
        assertEquals("running", state(id).get("status").asText());
        Thread.sleep(300);
        assertNotEquals(frozen, count(data), "counting again");
        assertFailure(cli("resume", id), "not paused");
    }

    @Test
    void pausedContainerCanBeForceDeleted() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        String id = counting(data);
        assertEquals(0, cli("pause", id).exit());
        assertFailure(cli("delete", id), "not stopped: paused");
        assertEquals(0, cli("delete", "--force", id).exit());
    }

    @Test
    void psListsTheContainersProcessesByHostPid() throws Exception {
        // Only long-lived processes, so json and table list the same set.
        String id = started(bundle().sh("sleep 1000 & sleep 999"));
        Thread.sleep(300);
        int init = state(id).get("pid").asInt();
        JsonNode json = Bundle.JSON.readTree(cli("ps", "--format", "json", id).stdout());
        List<Integer> pids = new ArrayList<>();
        json.forEach(n -> pids.add(n.asInt()));
        assertTrue(pids.contains(init), pids.toString());
        String sleeper = Files.readString(Path.of("/proc/" + init + "/task/" + init + "/children")).trim().split(" ")[0];
        assertTrue(pids.contains(Integer.parseInt(sleeper)), "the background sleep too: " + pids);
        List<String> table = cli("ps", id).stdout().lines().toList();
        assertTrue(table.getFirst().contains("PID"), table.getFirst());
        assertTrue(table.stream().anyMatch(l -> l.contains("sleep 1000")), table.toString());
        assertEquals(pids.size(), table.size() - 1, "one row per process: " + table);
        List<String> custom = cli("ps", id, "--", "-o", "pid,comm").stdout().lines().toList();
        assertEquals("PID COMMAND", custom.getFirst().trim().replaceAll("\\s+", " "));
    }

    @Test
    void specWritesARunnableConfigAndRefusesToOverwrite() throws Exception {
        Bundle b = bundle();
        assertEquals(0, cli("spec", "--bundle", b.dir.toString()).exit());
        ObjectNode config = (ObjectNode) Bundle.JSON.readTree(b.dir.resolve("config.json").toFile());
        assertTrue(config.get("process").get("terminal").asBoolean(), "runc's default: a terminal");
        assertFailure(cli("spec", "--bundle", b.dir.toString()), "exists");
        ((ObjectNode) config.get("process")).put("terminal", false).putArray("args").add("echo").add("from-spec");
        Files.writeString(b.dir.resolve("config.json"), config.toString());
        String id = newId();
        register(id, b);
        Cli.Result r = cli("run", "--bundle", b.dir.toString(), id);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("from-spec\n", r.stdout());

        Bundle rootless = bundle();
        assertEquals(0, cli("spec", "--rootless", "--bundle", rootless.dir.toString()).exit());
        JsonNode rl = Bundle.JSON.readTree(rootless.dir.resolve("config.json").toFile());
        assertEquals(1, rl.get("linux").get("uidMappings").get(0).get("size").asInt());
        assertTrue(rl.get("linux").get("namespaces").toString().contains("\"user\""));
    }
}
