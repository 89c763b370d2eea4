package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** events: cgroup statistics that move when the container works; features: what is proven supported. */
class EventsAndFeaturesTest extends RuntimeTestBase {

    private JsonNode stats(String id) throws Exception {
        Cli.Result r = cli("events", "--stats", id);
        assertEquals(0, r.exit(), r.stderr());
        JsonNode e = Bundle.JSON.readTree(r.stdout());
        assertEquals("stats", e.get("type").asText());
        assertEquals(id, e.get("id").asText());
        return e.get("data");
    }

    @Test
    void statsMoveWhenTheContainerWorks() throws Exception {
        String id = started(bundle().sh("sleep 1000 & while :; do :; done"));
        JsonNode first = stats(id);
        Thread.sleep(500);
        JsonNode second = stats(id);
        long before = first.get("cpu").get("usage").get("total").asLong();
        long after = second.get("cpu").get("usage").get("total").asLong();
        assertTrue(after - before > 100_000_000L, "a busy loop used >100 ms of CPU in 500 ms: " + before + " -> " + after);
        assertTrue(second.get("memory").get("usage").get("usage").asLong() > 0);
        assertEquals(2, second.get("pids").get("current").asInt(), "the shell and its sleep");
        assertEquals(2, second.get("cpu").get("usage").get("percpu").size(), "one entry per CPU of this machine");
    }

    @Test
    void eventsStreamUntilTheContainerStops() throws Exception {
        String id = started(bundle().args("sleep", "1"));
        Cli.Result r = cli("events", "--interval", "200ms", id);
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.size() >= 2 && lines.size() <= 8, "a record every 200 ms for ~1 s: " + lines.size());
        for (String l : lines) {
            assertEquals("stats", Bundle.JSON.readTree(l).get("type").asText());
        }
        assertFailure(cli("events", "--stats", id), "not running");
        assertFailure(cli("events", "--interval", "soon", id), "invalid interval");
    }

    @Test
    void featuresListWhatTheTranslationSupports() throws Exception {
        Cli.Result r = cli("features");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode f = Bundle.JSON.readTree(r.stdout());
        assertEquals("1.2.0", f.get("ociVersionMax").asText());
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                list(f.get("hooks")));
        assertEquals(List.of("cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"), list(f.get("linux").get("namespaces")));
        JsonNode seccomp = f.get("linux").get("seccomp");
        assertEquals(List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
                "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"),
                list(seccomp.get("actions")), "exactly the actions the seccomp tests prove");
        assertFalse(list(f.get("linux").get("capabilities")).isEmpty());
        assertTrue(list(f.get("mountOptions")).containsAll(List.of("ro", "rbind", "nosuid", "rshared", "idmap", "ridmap")));
        assertTrue(f.get("linux").get("mountExtensions").get("idmap").get("enabled").asBoolean(), "SpecFieldsTest proves idmap");
        assertEquals(false, f.get("linux").get("apparmor").get("enabled").asBoolean());
        assertEquals("5.0.2", f.get("annotations").get("org.lxcri4j.version.liblxc").asText());
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
