package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** update: new limits land in the running container's cgroups at once; bad values change nothing. */
class UpdateTest extends RuntimeTestBase {

    private static String read(Path p) throws Exception {
        return Files.readString(p).strip();
    }

    @Test
    void flagsChangeTheLimitsLive() throws Exception {
        String id = running();
        assertEquals(0, cli("update", "--memory", "64m", "--memory-reservation", "32m", "--cpu-shares", "300",
                "--cpu-quota", "20000", "--cpu-period", "100000", "--pids-limit", "50", id).exit());
        assertEquals(Long.toString(64L << 20), read(cgroupOf(id, "memory").resolve("memory.limit_in_bytes")));
        assertEquals(Long.toString(32L << 20), read(cgroupOf(id, "memory").resolve("memory.soft_limit_in_bytes")));
        assertEquals("300", read(cgroupOf(id, "cpu").resolve("cpu.shares")));
        assertEquals("20000", read(cgroupOf(id, "cpu").resolve("cpu.cfs_quota_us")));
        assertEquals("50", read(cgroupOf(id, "pids").resolve("pids.max")));
        assertEquals("running", state(id).get("status").asText());
        // BFQ is optional: without it the weight is refused, and nothing else changes
        Cli.Result weight = cli("update", "--blkio-weight", "200", id);
        if (Host.hasBfq()) {
            assertEquals(0, weight.exit(), weight.stderr());
            assertEquals("200", read(cgroupOf(id, "blkio").resolve("blkio.bfq.weight")).replace("default ", ""));
        } else {
            assertEquals(1, weight.exit(), weight.stderr());
            assertEquals(Long.toString(64L << 20), read(cgroupOf(id, "memory").resolve("memory.limit_in_bytes")));
        }
    }

    @Test
    void aWholeResourcesDocumentChangesWhatRuncsUpdateChanges() throws Exception {
        // containerd and CRI-O send all of linux.resources; runc ignores what its update does not
        // apply, here fields this host could not apply at create (no hugetlb, no net_cls)
        String id = running();
        Path file = tmp.resolve("whole.json");
        Files.writeString(file, "{\"pids\": {\"limit\": 13}, \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 1}],"
                + " \"network\": {\"classID\": 7}, \"devices\": [{\"allow\": false, \"access\": \"rwm\"}],"
                + " \"memory\": {\"limit\": 67108864, \"kernel\": 1}}");
        Cli.Result r = cli("update", "--resources", file.toString(), id);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("13", read(cgroupOf(id, "pids").resolve("pids.max")));
        assertEquals("67108864", read(cgroupOf(id, "memory").resolve("memory.limit_in_bytes")));
    }

    @Test
    void resourcesDocumentFromAFileAndGrowingMemoryWithSwap() throws Exception {
        String id = running();
        Path file = tmp.resolve("resources.json");
        Files.writeString(file, "{\"memory\": {\"limit\": 33554432, \"swap\": 67108864}, \"pids\": {\"limit\": 11}}");
        assertEquals(0, cli("update", "--resources", file.toString(), id).exit());
        Files.writeString(file, "{\"memory\": {\"limit\": 134217728, \"swap\": 268435456}}");
        assertEquals(0, cli("update", "--resources", file.toString(), id).exit(), "memsw raised before the limit");
        assertEquals("134217728", read(cgroupOf(id, "memory").resolve("memory.limit_in_bytes")));
        assertEquals("268435456", read(cgroupOf(id, "memory").resolve("memory.memsw.limit_in_bytes")));
        assertEquals("11", read(cgroupOf(id, "pids").resolve("pids.max")));
    }

    @Test
    void badValuesChangeNothing() throws Exception {
        String id = running();
        assertEquals(0, cli("update", "--pids-limit", "40", id).exit());
        assertFailure(cli("update", "--pids-limit", "5", "--memory", "-5", id), "nothing was changed");
        assertEquals("40", read(cgroupOf(id, "pids").resolve("pids.max")), "the valid pids limit was not applied either");
        assertFailure(cli("update", "--cpu-shares", "lots", id), "not a number");
        assertFailure(cli("update", "--kernel-memory", "1m", id), "--kernel-memory is not supported");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"pids\": {\"limit\": \"many\"}}");
        assertFailure(cli("update", "--resources", bad.toString(), id), "$.pids.limit");
        assertFailure(cli("update", id), "nothing to update");
        assertEquals("40", read(cgroupOf(id, "pids").resolve("pids.max")));
    }
}
