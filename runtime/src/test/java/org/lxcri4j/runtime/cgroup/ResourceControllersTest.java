package org.lxcri4j.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.spec.Resources;

/** Each controller on a v1 and a v2 layout, for create and update alike, without a container. */
class ResourceControllersTest {

    @TempDir
    Path tmp;

    private CgroupLayout v1() {
        return FakeCgroupHost.v1(tmp.resolve("v1"), List.of("memory", "pids", "blkio", "cpuset", "devices", "net_cls", "hugetlb"),
                "memory/memory.memsw.limit_in_bytes", "blkio/blkio.bfq.io_serviced", "cpu,cpuacct/cpu.cfs_burst_us");
    }

    private CgroupLayout v2() {
        return FakeCgroupHost.v2(tmp.resolve("v2"), "cpuset cpu io memory hugetlb pids");
    }

    private static Resources resources(String json) {
        return SpecReader.parsePart(json, "test", Resources.class);
    }

    private static List<String> update(String json, CgroupLayout layout, Map<String, String> current) {
        FakeCgroupHost.Writes w = new FakeCgroupHost.Writes();
        w.current.putAll(current);
        ResourceControllers.update(resources(json), layout, w);
        return w.lines;
    }

    private static List<String> create(String json, CgroupLayout layout) {
        FakeCgroupHost.Writes w = new FakeCgroupHost.Writes();
        ResourceControllers.create(resources(json), List.of(), layout, w);
        return w.lines;
    }

    @Test
    void memoryOnV1AndV2() {
        String json = "{\"memory\": {\"limit\": 67108864, \"reservation\": 33554432, \"swap\": 134217728, \"swappiness\": 10,"
                + " \"disableOOMKiller\": true}}";
        assertEquals(List.of("memory.limit_in_bytes=67108864", "memory.memsw.limit_in_bytes=134217728",
                "memory.soft_limit_in_bytes=33554432", "memory.swappiness=10", "memory.oom_control=1"), create(json, v1()));
        OciException v2 = assertThrows(OciException.class, () -> create(json, v2()));
        assertEquals("$.linux.resources.memory.swappiness: not available with cgroup v2", v2.getMessage());
        assertEquals(List.of("memory.max=67108864", "memory.low=33554432", "memory.swap.max=67108864"),
                create("{\"memory\": {\"limit\": 67108864, \"reservation\": 33554432, \"swap\": 134217728}}", v2()));
    }

    @Test
    void anUnlimitedMemoryLimitIsTheSameForCreateAndUpdate() {
        String json = "{\"memory\": {\"limit\": -1, \"swap\": -1}}";
        assertEquals(List.of("memory.max=max", "memory.swap.max=max"), create(json, v2()));
        assertEquals(create(json, v2()), update(json, v2(), Map.of()));
        assertEquals(List.of("memory.limit_in_bytes=-1", "memory.memsw.limit_in_bytes=-1"), create(json, v1()));
    }

    @Test
    void memswIsRaisedBeforeAGrowingLimitAndLoweredAfterAShrinkingOne() {
        String json = "{\"memory\": {\"limit\": 134217728, \"swap\": 268435456}}";
        assertEquals(List.of("memory.memsw.limit_in_bytes=268435456", "memory.limit_in_bytes=134217728"),
                update(json, v1(), Map.of("memory.limit_in_bytes", "33554432")));
        assertEquals(List.of("memory.limit_in_bytes=134217728", "memory.memsw.limit_in_bytes=268435456"),
                update(json, v1(), Map.of("memory.limit_in_bytes", "268435456")));
    }

    @Test
    void badValuesNameTheirField() {
        assertEquals("$.memory.limit: must be -1 (unlimited) or a byte count, not -5",
                assertThrows(OciException.class, () -> update("{\"memory\": {\"limit\": -5}}", v1(), Map.of())).getMessage());
        assertEquals("$.linux.resources.blockIO.weight: must be 10 to 1000, not 5",
                assertThrows(OciException.class, () -> create("{\"blockIO\": {\"weight\": 5}}", v1())).getMessage());
        assertTrue(assertThrows(OciException.class, () -> create("{\"cpu\": {\"shares\": -2}}", v2())).getMessage()
                .startsWith("$.linux.resources.cpu.shares: must be positive"));
        OciException swap = assertThrows(OciException.class, () -> create("{\"memory\": {\"swap\": 1}}",
                FakeCgroupHost.v1(tmp.resolve("noswap"), List.of("memory"))));
        assertTrue(swap.getMessage().contains("swap accounting is off"), swap.getMessage());
    }

    @Test
    void cpuOnV1AndV2() {
        String json = "{\"cpu\": {\"shares\": 1024, \"quota\": 20000, \"period\": 100000, \"burst\": 1000, \"cpus\": \"0\", \"mems\": \"0\"}}";
        assertEquals(List.of("cpu.shares=1024", "cpu.cfs_period_us=100000", "cpu.cfs_quota_us=20000", "cpu.cfs_burst_us=1000",
                "cpuset.cpus=0", "cpuset.mems=0"), create(json, v1()));
        assertEquals(List.of("cpu.weight=39", "cpu.max=20000 100000", "cpu.max.burst=1000", "cpuset.cpus=0", "cpuset.mems=0"),
                create(json, v2()));
        assertEquals(List.of("cpu.max=max 50000"), update("{\"cpu\": {\"quota\": -1, \"period\": 50000}}", v2(), Map.of()));
        assertEquals(List.of(), update("{\"cpu\": {\"shares\": 0, \"quota\": 0}}", v1(), Map.of()), "zero is unset, as with runc");
    }

    @Test
    void sharesBecomeWeightsAsRuncConvertsThem() {
        assertEquals(1, CpuController.weight(2));
        assertEquals(39, CpuController.weight(1024));
        assertEquals(10000, CpuController.weight(262144));
    }

    @Test
    void pidsBlockIoAndHugepages() {
        String json = "{\"pids\": {\"limit\": 0}, \"blockIO\": {\"weight\": 300, \"throttleReadBpsDevice\":"
                + " [{\"major\": 8, \"minor\": 0, \"rate\": 1048576}]}, \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 4194304}]}";
        assertEquals(List.of("pids.max=max", "blkio.bfq.weight=300", "blkio.throttle.read_bps_device=8:0 1048576",
                "hugetlb.2MB.limit_in_bytes=4194304"), create(json, v1()));
        assertEquals(List.of("pids.max=max", "io.bfq.weight=300", "io.max=8:0 rbps=1048576", "hugetlb.2MB.max=4194304"),
                create(json, v2()));
        OciException noBfq = assertThrows(OciException.class, () -> create("{\"blockIO\": {\"weight\": 300}}",
                FakeCgroupHost.v1(tmp.resolve("nobfq"), List.of("blkio"))));
        assertEquals("$.linux.resources.blockIO.weight: not supported here: no BFQ I/O scheduler on this host", noBfq.getMessage());
        OciException noHugetlb = assertThrows(OciException.class, () -> create("{\"hugepageLimits\": [{\"pageSize\": \"2MB\","
                + " \"limit\": 1}]}", FakeCgroupHost.v1(tmp.resolve("nohuge"), List.of("memory"))));
        assertTrue(noHugetlb.getMessage().startsWith("$.linux.resources.hugepageLimits[0]: the hugetlb cgroup controller"));
    }

    @Test
    void unifiedAndNetClsBelongToOneVersionEach() {
        assertEquals(List.of("memory.high=1000000"), create("{\"unified\": {\"memory.high\": \"1000000\"}}", v2()));
        assertTrue(assertThrows(OciException.class, () -> create("{\"unified\": {\"memory.high\": \"1\"}}", v1())).getMessage()
                .startsWith("$.linux.resources.unified: needs a cgroup v2 host"));
        assertEquals(List.of("net_cls.classid=7"), create("{\"network\": {\"classID\": 7}}", v1()));
        assertTrue(assertThrows(OciException.class, () -> create("{\"network\": {\"classID\": 7}}", v2())).getMessage()
                .contains("net_cls is a cgroup v1 controller"));
    }

    @Test
    void deviceRulesAreCreateOnlyAndKeepTheDefaultNodes() {
        List<String> rules = create("{\"devices\": [{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"type\": \"c\","
                + " \"major\": 10, \"minor\": 200, \"access\": \"rw\"}]}", v1());
        assertEquals("devices.deny=a", rules.get(0));
        assertEquals("devices.allow=c 10:200 rw", rules.get(1));
        assertTrue(rules.contains("devices.allow=c 136:* rwm"), rules.toString());
        assertEquals(List.of(), update("{\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}", v1(), Map.of()));
    }

    @Test
    void updateChangesWhatRuncsUpdateChangesAndIgnoresTheRest() {
        // containerd and CRI-O send the whole linux.resources; runc applies only these
        String whole = "{\"memory\": {\"limit\": 1048576, \"kernel\": 1, \"swappiness\": 10}, \"pids\": {\"limit\": 5}, \"blockIO\": {\"weight\": 200, \"weightDevice\": [{\"major\": 8, \"minor\": 0}],"
                + " \"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 1}]}, \"hugepageLimits\": [{\"pageSize\": \"2MB\","
                + " \"limit\": 1}], \"network\": {\"classID\": 7}, \"rdma\": {\"mlx\": {}}}";
        CgroupLayout bare = FakeCgroupHost.v1(tmp.resolve("bare"), List.of("memory", "pids", "blkio"), "blkio/blkio.bfq.io_serviced");
        assertEquals(List.of("memory.limit_in_bytes=1048576", "pids.max=5", "blkio.bfq.weight=200"), update(whole, bare, Map.of()));
    }
}
