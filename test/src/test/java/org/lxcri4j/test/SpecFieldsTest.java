package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** One test per translated spec field, observing its effect from inside a real container (or on its cgroup). */
class SpecFieldsTest extends RuntimeTestBase {

    /** Runs the bundle's `sh -c SCRIPT` and returns its stdout; fails with its stderr. */
    private String inside(Bundle b, String script) {
        Cli.Result r = run(newId(), b.sh(script));
        assertEquals(0, r.exit(), "container failed: " + r.stderr() + r.stdout());
        return r.stdout();
    }

    private static String statusField(String status, String field) {
        return status.lines().filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow().split("\\s+")[1];
    }

    // ---- process ---------------------------------------------------------------------------------

    @Test
    void hostnameAndDomainname() {
        Bundle b = bundle();
        b.config.put("hostname", "field-host").put("domainname", "field.example");
        assertEquals("field-host\nfield.example\n", inside(b, "hostname; cat /proc/sys/kernel/domainname"));
    }

    @Test
    void envAndCwd() {
        Bundle b = bundle();
        ((ArrayNode) b.process().get("env")).add("GREETING=hello world");
        b.process().put("cwd", "/tmp");
        assertEquals("hello world\n/tmp\n", inside(b, "echo \"$GREETING\"; pwd"));
    }

    @Test
    void userGroupsAndUmask() {
        Bundle b = bundle();
        ObjectNode user = b.process().putObject("user").put("uid", 1000).put("gid", 1001).put("umask", 027);
        user.putArray("additionalGids").add(10).add(20);
        assertEquals(List.of("1000", "1001", "1001 10 20", "0027"), Bundle.lines(inside(b, "id -u; id -g; id -G; umask")));
    }

    @Test
    void rlimits() {
        Bundle b = bundle();
        ((ArrayNode) b.process().get("rlimits")).addObject().put("type", "RLIMIT_NPROC").put("soft", 321).put("hard", 654);
        assertEquals(List.of("1024", "321", "654"), Bundle.lines(inside(b, "ulimit -n; ulimit -u; ulimit -Hu")));
    }

    @Test
    void capabilitySetsAsTheSpecSays() {
        Bundle b = bundle();
        ObjectNode caps = b.process().putObject("capabilities");
        caps.putArray("bounding").add("CAP_NET_BIND_SERVICE").add("CAP_KILL").add("CAP_CHOWN");
        caps.putArray("effective").add("CAP_KILL");
        caps.putArray("permitted").add("CAP_KILL").add("CAP_NET_BIND_SERVICE");
        caps.putArray("inheritable").add("CAP_NET_BIND_SERVICE");
        caps.putArray("ambient").add("CAP_NET_BIND_SERVICE");
        b.process().putObject("user").put("uid", 1000).put("gid", 1000);
        String status = inside(b, "cat /proc/self/status");
        // For a non-root process after exec: effective = permitted = ambient.
        assertEquals("0000000000000421", statusField(status, "CapBnd"));
        assertEquals("0000000000000400", statusField(status, "CapInh"));
        assertEquals("0000000000000400", statusField(status, "CapPrm"));
        assertEquals("0000000000000400", statusField(status, "CapEff"));
        assertEquals("0000000000000400", statusField(status, "CapAmb"));
    }

    @Test
    void rootKeepsExactlyTheGivenCapabilities() {
        String status = inside(bundle(), "cat /proc/self/status");
        assertEquals("0000000020000420", statusField(status, "CapEff"));
        assertEquals("0000000020000420", statusField(status, "CapBnd"));
    }

    @Test
    void noNewPrivileges() {
        assertEquals("1", statusField(inside(bundle(), "cat /proc/self/status"), "NoNewPrivs"));
        Bundle off = bundle();
        off.process().put("noNewPrivileges", false);
        assertEquals("0", statusField(inside(off, "cat /proc/self/status"), "NoNewPrivs"));
    }

    @Test
    void oomScoreAdj() {
        Bundle b = bundle();
        b.process().put("oomScoreAdj", 500);
        assertEquals("500\n", inside(b, "cat /proc/self/oom_score_adj"));
    }

    @Test
    void apparmorProfileAndSelinuxLabelNeedTheirLsm() throws Exception {
        // This host runs neither AppArmor nor SELinux: "unconfined" runs, anything else is refused.
        assertTrue(!Files.exists(Path.of("/sys/module/apparmor/parameters/enabled")) && !Files.exists(Path.of("/sys/fs/selinux")));
        Bundle b = bundle();
        b.process().put("apparmorProfile", "unconfined");
        assertEquals("unconfined\n", inside(b, "cat /proc/self/attr/current 2>/dev/null || echo unconfined"));
        Bundle profile = bundle();
        profile.process().put("apparmorProfile", "lxcri4j-test-profile");
        assertFailure(create(newId(), profile), "$.process.apparmorProfile");
        Bundle label = bundle();
        label.process().put("selinuxLabel", "system_u:system_r:container_t:s0");
        assertFailure(create(newId(), label), "$.process.selinuxLabel");
    }

    // ---- root and mounts -----------------------------------------------------------------------

    @Test
    void readonlyRootAndWritableRoot() {
        assertTrue(inside(bundle(), "touch /probe 2>&1 || true").contains("Read-only file system"));
        Bundle rw = bundle();
        ((ObjectNode) rw.config.get("root")).put("readonly", false);
        assertEquals("written\n", inside(rw, "touch /probe && echo written"));
    }

    @Test
    void bindMountsReadOnlyAndRelativeToTheBundle() throws Exception {
        Bundle b = bundle();
        Path shared = Files.createDirectories(b.dir.resolve("shared"));
        Files.writeString(shared.resolve("file"), "from-host");
        ArrayNode mounts = (ArrayNode) b.config.get("mounts");
        ObjectNode m = mounts.addObject().put("destination", "/data").put("source", "shared").put("type", "bind");
        m.putArray("options").add("rbind").add("ro");
        String out = inside(b, "cat /data/file; echo; touch /data/new 2>&1 || true");
        assertTrue(out.startsWith("from-host\n"), out);
        assertTrue(out.contains("Read-only file system"), out);
    }

    @Test
    void idmappedBindMountShowsOwnersThroughItsMappings() throws Exception {
        Bundle b = bundle();
        Path shared = Files.createDirectories(b.dir.resolve("owned"));
        Files.setOwner(Files.writeString(shared.resolve("root"), "r"), lookup("0"));
        Files.setOwner(Files.writeString(shared.resolve("user"), "u"), lookup("1000"));
        ObjectNode m = idmapped(b, "idmap");
        m.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 1000).put("size", 1);
        m.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 1000).put("size", 1);
        // as runc makes it: a user namespace with the mount's mappings (0 on disk is 1000 in the
        // mount); 1000 on disk is outside them, so unmapped (65534)
        assertEquals(List.of("root 1000", "user 65534"), Bundle.lines(inside(b, "cd /owned; for f in *; do echo $f $(stat -c %u $f); done")));
        assertEquals(List.of(0, 1000), List.of(Files.getAttribute(shared.resolve("root"), "unix:uid"),
                Files.getAttribute(shared.resolve("user"), "unix:uid")), "the files themselves keep their owners");
    }

    @Test
    void idmappedMountMisuseIsRejectedByField() throws Exception {
        Bundle noMappings = bundle();
        Files.createDirectories(noMappings.dir.resolve("owned"));
        idmapped(noMappings, "idmap");
        assertFailure(create(newId(), noMappings), "$.mounts[");
        Bundle noOption = bundle();
        Files.createDirectories(noOption.dir.resolve("owned"));
        idmapped(noOption, "rbind").putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 1000).put("size", 1);
        assertFailure(create(newId(), noOption), "uidMappings and gidMappings need the idmap or ridmap option");
    }

    private static ObjectNode idmapped(Bundle b, String option) {
        ObjectNode m = ((ArrayNode) b.config.get("mounts")).addObject().put("destination", "/owned").put("source", "owned")
                .put("type", "bind");
        m.putArray("options").add("bind").add(option);
        return m;
    }

    private static java.nio.file.attribute.UserPrincipal lookup(String uid) throws IOException {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(uid);
    }

    @Test
    void tmpfsMountWithOptions() {
        Bundle b = bundle();
        ObjectNode m = ((ArrayNode) b.config.get("mounts")).addObject().put("destination", "/scratch").put("type", "tmpfs")
                .put("source", "tmpfs");
        m.putArray("options").add("size=1m").add("mode=700");
        String out = inside(b, "grep ' /scratch ' /proc/mounts; stat -c %a /scratch");
        assertTrue(out.contains("tmpfs /scratch tmpfs") && out.contains("size=1024k"), out);
        assertTrue(out.endsWith("700\n"), out);
    }

    @Test
    void maskedPathsAreUnreadable() throws Exception {
        Bundle b = bundle();
        Path file = Path.of("/proc/timer_list");
        Path dir = Path.of("/sys/firmware");
        assertTrue(Files.size(file) >= 0 && Files.readString(file).length() > 0, "host has " + file);
        String out = inside(b, "wc -c < " + file + "; ls " + dir + " | wc -l");
        assertEquals(List.of("0", "0"), Bundle.lines(out), "masked file empty, masked directory empty");
    }

    @Test
    void readonlyPathsAreUnwritable() {
        String out = inside(bundle(), "(echo x > /proc/sys/kernel/domainname) 2>&1 || true; grep ' /proc/sys ' /proc/mounts");
        assertTrue(out.contains("Read-only file system"), out);
        assertTrue(out.contains("/proc/sys proc ro,"), out);
    }

    @Test
    void mountFlagsOfDevMasksAndReadonlyPathsAsRunc() {
        // liblxc mounts /dev itself: the spec's flags for it; runc's nosuid/noexec on masks and
        // nosuid/nodev/noexec on read-only paths
        Bundle b = bundle();
        b.config.withArray("mounts").forEach(m -> {
            if (m.get("destination").asText().equals("/dev")) {
                ((ArrayNode) m.get("options")).add("noexec");
            }
        });
        List<String> flags = Bundle.lines(inside(b, "for p in /dev /proc/timer_list /proc/sys; do"
                + " grep \" $p \" /proc/self/mountinfo | head -1 | cut -d' ' -f6; done"));
        assertEquals(3, flags.size(), flags.toString());
        assertTrue(List.of(flags.get(0).split(",")).containsAll(List.of("nosuid", "noexec")), "/dev " + flags.get(0));
        assertTrue(List.of(flags.get(1).split(",")).containsAll(List.of("nosuid", "noexec")), "mask " + flags.get(1));
        assertTrue(List.of(flags.get(2).split(",")).containsAll(List.of("ro", "nosuid", "nodev", "noexec")), "ro " + flags.get(2));
    }

    @Test
    void ioPrioritySchedulerAndCpuAffinityApplyToTheProcessAndExec() throws Exception {
        Bundle b = bundle().args("sleep", "100");
        b.process().putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 6);
        b.process().putObject("scheduler").put("policy", "SCHED_BATCH").put("nice", 5);
        b.process().putObject("execCPUAffinity").put("final", "0");
        String id = started(b);
        int pid = state(id).get("pid").asInt();
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ", 2)[1].split(" ");
        assertEquals(List.of("5", "3"), List.of(stat[16], stat[38]), "nice 5, policy 3 (SCHED_BATCH)");
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/status")).contains("Cpus_allowed_list:\t0\n"));
        // an exec derives from the container's process: the same attributes
        Cli.Result exec = cli("exec", id, "sh", "-c", "ionice; grep Cpus_allowed_list /proc/self/status");
        assertEquals(0, exec.exit(), exec.stderr());
        assertEquals(List.of("best-effort: prio 6", "Cpus_allowed_list:\t0"), exec.stdout().lines().toList());
        Bundle bad = bundle();
        bad.process().putObject("scheduler").put("policy", "SCHED_NOPE");
        assertFailure(create(newId(), bad), "$.process.scheduler.policy: invalid policy SCHED_NOPE");
    }

    @Test
    void homeComesFromPasswdWhenTheEnvironmentHasNone() {
        // as runc: the user's home from the container's /etc/passwd, else /
        Bundle b = bundle();
        assertEquals("/root\n", inside(b, "echo $HOME"));
        b.process().putObject("user").put("uid", 4242).put("gid", 4242);
        assertEquals("/\n", inside(b, "echo $HOME"));
        ((ArrayNode) b.process().get("env")).add("HOME=/given");
        assertEquals("/given\n", inside(b, "echo $HOME"));
    }

    @Test
    void rootfsPropagation() {
        Bundle b = bundle();
        b.linux().put("rootfsPropagation", "rshared");
        String root = Bundle.lines(inside(b, "cat /proc/self/mountinfo")).stream().filter(l -> l.split(" ")[4].equals("/"))
                .findFirst().orElseThrow();
        assertTrue(root.contains("shared:"), root);
    }

    // ---- namespaces ------------------------------------------------------------------------------

    @Test
    void namespacesAreTheContainersOwnExceptThoseLeftOut() throws Exception {
        Bundle b = bundle();
        ArrayNode ns = (ArrayNode) b.linux().get("namespaces");
        for (int i = 0; i < ns.size(); i++) {
            if (ns.get(i).get("type").asText().equals("ipc")) {
                ns.remove(i);
                break;
            }
        }
        ns.addObject().put("type", "time");
        List<String> inside = Bundle.lines(inside(b, "for n in pid net ipc uts mnt cgroup time; do readlink /proc/self/ns/$n; done"));
        List<String> names = List.of("pid", "net", "ipc", "uts", "mnt", "cgroup", "time");
        for (int i = 0; i < names.size(); i++) {
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + names.get(i))).toString();
            if (names.get(i).equals("ipc")) {
                assertEquals(host, inside.get(i), "ipc not listed: shared with the host");
            } else {
                assertNotEquals(host, inside.get(i), names.get(i) + " is the container's own");
            }
        }
    }

    @Test
    void timeOffsetsShiftTheContainersClocks() throws Exception {
        Bundle b = bundle();
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "time");
        ObjectNode clocks = b.linux().putObject("timeOffsets");
        clocks.putObject("boottime").put("secs", 86400);
        clocks.putObject("monotonic").put("nanosecs", 500_000_000);
        double hostUptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        String out = inside(b, "cut -d' ' -f1 /proc/uptime; grep -E '^(monotonic|boottime)' /proc/self/timens_offsets");
        List<String> lines = Bundle.lines(out);
        double uptime = Double.parseDouble(lines.get(0));
        assertTrue(uptime >= hostUptime + 86400 && uptime < hostUptime + 86400 + 60, "boot time a day ahead: " + out);
        List<String> offsets = lines.subList(1, lines.size()).stream().map(l -> l.replaceAll("\\s+", " ")).toList();
        assertTrue(offsets.containsAll(List.of("monotonic 0 500000000", "boottime 86400 0")), out);
        Bundle noNamespace = bundle();
        noNamespace.linux().putObject("timeOffsets").putObject("boottime").put("secs", 1);
        assertFailure(create(newId(), noNamespace), "$.linux.timeOffsets: needs a new time namespace");
        Bundle both = bundle();
        ((ArrayNode) both.linux().get("namespaces")).addObject().put("type", "time");
        both.linux().putObject("timeOffsets").putObject("monotonic").put("secs", 1).put("nanosecs", 1);
        assertFailure(create(newId(), both), "$.linux.timeOffsets.monotonic: whole seconds or nanoseconds alone");
    }

    @Test
    void joiningAnotherContainersNamespaceByPath() throws Exception {
        String first = newId();
        assertEquals(0, create(first, bundle().args("sleep", "100")).exit());
        int pid = state(first).get("pid").asInt();
        Bundle b = bundle();
        ArrayNode ns = (ArrayNode) b.linux().get("namespaces");
        for (JsonNode n : ns) {
            if (n.get("type").asText().equals("network")) {
                ((ObjectNode) n).put("path", "/proc/" + pid + "/ns/net");
            }
        }
        String theirs = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
        assertEquals(theirs + "\n", inside(b, "readlink /proc/self/ns/net"));
    }

    @Test
    void userNamespaceWithIdMappings() throws Exception {
        // The mapped root must reach the rootfs: JUnit's temp dir is 0700.
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Bundle b = bundle();
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "user");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        List<String> maps = Bundle.lines(inside(b, "cat /proc/self/uid_map /proc/self/gid_map"));
        assertEquals(List.of("0", "100000", "65536"), List.of(maps.get(0).trim().split("\\s+")));
        assertEquals(List.of("0", "100000", "65536"), List.of(maps.get(1).trim().split("\\s+")));
    }

    @Test
    void bindMountsOfAUserNamespacedContainerComeFromWhereOnlyTheHostsRootReaches() throws Exception {
        // as CRI-O's userdata (0700, root's) for a user-namespaced pod: runc mounts it as the host's root
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path userdata = Files.createDirectories(tmp.resolve("userdata"));
        Files.setPosixFilePermissions(userdata, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.writeString(userdata.resolve("hostname"), "pod-host\n");
        Files.createDirectories(userdata.resolve("shm"));
        Bundle b = bundle();
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "user");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        ArrayNode mounts = (ArrayNode) b.config.get("mounts");
        // mount points the container's root may create: its rootfs here is the host root's, but for /tmp
        mounts.addObject().put("destination", "/tmp/hostname").put("type", "bind").put("source", userdata.resolve("hostname").toString())
                .putArray("options").add("rbind").add("ro").add("nosuid");
        mounts.addObject().put("destination", "/tmp/data").put("type", "bind").put("source", userdata.resolve("shm").toString())
                .putArray("options").add("bind").add("rw");
        List<String> out = Bundle.lines(inside(b, "cat /tmp/hostname; (echo x > /tmp/hostname) 2>&1; grep -E ' /tmp/(hostname|data) ' /proc/self/mountinfo | wc -l"));
        assertEquals("pod-host", out.get(0));
        assertTrue(out.get(1).contains("Read-only file system"), out.toString());
        assertEquals("2", out.get(2).strip(), out.toString());
    }

    // ---- devices -------------------------------------------------------------------------------

    @Test
    void deviceNodeIsCreatedAndUsable() {
        Bundle b = bundle();
        b.linux().putArray("devices").addObject().put("path", "/dev/lab-null").put("type", "c").put("major", 1)
                .put("minor", 3).put("fileMode", 0640).put("uid", 0).put("gid", 0);
        assertEquals("1 3 640\nok\n", inside(b, "stat -c '%t %T %a' /dev/lab-null; echo x > /dev/lab-null && echo ok"));
    }

    @Test
    void deviceCgroupDeniesWhatTheRulesDeny() {
        Bundle b = bundle();
        ((ArrayNode) b.process().get("capabilities").get("bounding")).add("CAP_MKNOD");
        ((ArrayNode) b.process().get("capabilities").get("effective")).add("CAP_MKNOD");
        ((ArrayNode) b.process().get("capabilities").get("permitted")).add("CAP_MKNOD");
        // The device cgroup denies creating (m) and using c 1:11; the allowed c 1:3 can be created.
        String out = inside(b, "mknod /dev/kmsg-probe c 1 11 2>&1 || true; mknod /dev/null-probe c 1 3 && echo x > /dev/null-probe && echo null-ok");
        assertTrue(out.contains("kmsg-probe: Operation not permitted"), out);
        assertTrue(out.contains("null-ok"), out);
    }

    // ---- cgroups -------------------------------------------------------------------------------

    /** Creates a sleeping container from {@code b} and returns the host directory of its cgroup in {@code hierarchy}. */
    private Path cgroupOf(Bundle b, String hierarchy) throws Exception {
        return cgroupOf(idle(b), hierarchy);
    }

    /** A created container of {@code b} running `sleep 100`; each hierarchy's cgroup is read from its pid. */
    private String idle(Bundle b) {
        String id = newId();
        assertEquals(0, create(id, b.args("sleep", "100")).exit());
        return id;
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p).strip();
    }

    /** The cgroup parents the cgroupsPath tests name (liblxc removes only the leaves, as runc does). */
    @org.junit.jupiter.api.AfterAll
    static void removeTestCgroupParents() throws Exception {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                for (String parent : List.of("lxcri4j-test", "lxcri4j-test.slice")) {
                    Path p = h.resolve(parent);
                    if (Files.isDirectory(p)) {
                        try (var walk = Files.walk(p)) {
                            for (Path d : walk.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
                                Files.deleteIfExists(d);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void cgroupsPathPlacesTheContainer() throws Exception {
        Bundle b = bundle();
        String path = "/lxcri4j-test/" + newId();
        b.linux().put("cgroupsPath", path);
        assertEquals(Path.of("/sys/fs/cgroup/pids" + path), cgroupOf(b, "pids"));
        assertTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/pids" + path + ".monitor")), "the monitor's cgroup is a sibling");
    }

    @Test
    void systemdStyleCgroupsPath() throws Exception {
        Bundle b = bundle();
        String name = newId();
        b.linux().put("cgroupsPath", "lxcri4j-test.slice:lab:" + name);
        assertEquals(Path.of("/sys/fs/cgroup/pids/lxcri4j-test.slice/lab-" + name + ".scope"), cgroupOf(b, "pids"));
    }

    @Test
    void memoryAndPidsLimits() throws Exception {
        Bundle b = bundle();
        ObjectNode r = (ObjectNode) b.linux().get("resources");
        r.putObject("memory").put("limit", 64L << 20).put("reservation", 32L << 20).put("swappiness", 10)
                .put("disableOOMKiller", true);
        r.putObject("pids").put("limit", 42);
        String id = idle(b);
        Path mem = cgroupOf(id, "memory");
        assertEquals(Long.toString(64L << 20), read(mem.resolve("memory.limit_in_bytes")));
        assertEquals(Long.toString(32L << 20), read(mem.resolve("memory.soft_limit_in_bytes")));
        assertEquals("10", read(mem.resolve("memory.swappiness")));
        assertTrue(read(mem.resolve("memory.oom_control")).contains("oom_kill_disable 1"));
        assertEquals("42", read(cgroupOf(id, "pids").resolve("pids.max")));
    }

    @Test
    void aRelativeCgroupsPathIsBelowTheCallersCgroupsAndItsMountShowsIt() throws Exception {
        // as runc: relative to the runtime's own cgroup in each hierarchy, which need not be the root
        Bundle b = bundle();
        String id = newId();
        b.linux().put("cgroupsPath", "lxcri4j-rel-" + id);
        ((ObjectNode) b.linux().get("resources")).putObject("memory").put("limit", 40L << 20);
        b.sh("cat /sys/fs/cgroup/memory/memory.limit_in_bytes; sleep 100");
        register(id, b);
        Path out = tmp.resolve("out");
        // the container's stdout is create's
        Cli.Result created = Cli.exec(List.of("sh", "-c", "\"$@\" > " + out, "sh", Cli.BINARY.toString(), "--root", root.toString(),
                "create", "--bundle", b.write().toString(), id));
        assertEquals(0, created.exit(), created.toString());
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.split(":")[1].equals("memory"))
                .findFirst().orElseThrow().split(":", 3)[2];
        assertEquals(Path.of("/sys/fs/cgroup/memory", own, "lxcri4j-rel-" + id), cgroupOf(id, "memory"));
        assertEquals(0, cli("start", id).exit());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.readString(out).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(Long.toString(40L << 20)), Bundle.lines(Files.readString(out)), "the mount shows the container's own");
    }

    @Test
    void cgroupMountShowsTheContainersOwnCgroupsReadOnly() {
        // as runc's: each hierarchy's own cgroup at /sys/fs/cgroup/NAME, not at its host path
        Bundle b = bundle();
        b.linux().put("cgroupsPath", "/lxcri4j-test/" + newId());
        ((ObjectNode) b.linux().get("resources")).putObject("memory").put("limit", 48L << 20);
        String out = inside(b, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes; grep -cx 1 /sys/fs/cgroup/pids/cgroup.procs;"
                + " ls /sys/fs/cgroup/memory | grep -c lxcri4j-test; touch /sys/fs/cgroup/memory/x 2>&1; true");
        List<String> lines = Bundle.lines(out);
        assertEquals(Long.toString(48L << 20), lines.get(0));
        assertEquals("1", lines.get(1), "the container's pid 1 is in it: " + out);
        assertEquals("0", lines.get(2), "no host paths below it");
        assertTrue(lines.get(3).contains("Read-only file system"), out);
    }

    @Test
    void pidsLimitStopsForks() {
        Bundle b = bundle();
        ((ObjectNode) b.linux().get("resources")).putObject("pids").put("limit", 5);
        String out = inside(b, "for i in 1 2 3 4 5 6 7 8; do sleep 5 & done 2>&1 | head -1; echo done");
        assertTrue(out.contains("fork") || out.contains("Resource temporarily unavailable"), out);
    }

    @Test
    void cpuLimits() throws Exception {
        Bundle b = bundle();
        ((ObjectNode) b.linux().get("resources")).putObject("cpu").put("shares", 512).put("quota", 50000)
                .put("period", 100000).put("burst", 10000).put("cpus", "0").put("mems", "0");
        String id = idle(b);
        Path cpu = cgroupOf(id, "cpu");
        assertEquals("512", read(cpu.resolve("cpu.shares")));
        assertEquals("50000", read(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals("100000", read(cpu.resolve("cpu.cfs_period_us")));
        assertEquals("10000", read(cpu.resolve("cpu.cfs_burst_us")));
        assertEquals("0", read(cgroupOf(id, "cpuset").resolve("cpuset.cpus")));
    }

    @Test
    void blockIoWeight() throws Exception {
        Bundle b = bundle();
        ((ObjectNode) b.linux().get("resources")).putObject("blockIO").put("weight", 300);
        if (!Host.hasBfq()) { // optional in the kernel: refused by field where it is missing
            assertFailure(create(newId(), b), "$.linux.resources.blockIO.weight");
            return;
        }
        assertTrue(read(cgroupOf(b, "blkio").resolve("blkio.bfq.weight")).matches("(default )?300"));
    }

    @Test
    void blockIoThrottlesAndSwapLimit() throws Exception {
        Bundle b = bundle();
        String[] dev = Host.someBlockDevice().split(":");
        ObjectNode r = (ObjectNode) b.linux().get("resources");
        r.putObject("blockIO").putArray("throttleReadBpsDevice").addObject().put("major", Long.parseLong(dev[0]))
                .put("minor", Long.parseLong(dev[1])).put("rate", 1048576);
        ((ObjectNode) r.get("blockIO")).putArray("throttleWriteIOPSDevice").addObject().put("major", Long.parseLong(dev[0]))
                .put("minor", Long.parseLong(dev[1])).put("rate", 100);
        r.putObject("memory").put("limit", 64L << 20).put("swap", 96L << 20);
        String id = idle(b);
        Path blkio = cgroupOf(id, "blkio");
        assertEquals(dev[0] + ":" + dev[1] + " 1048576", read(blkio.resolve("blkio.throttle.read_bps_device")));
        assertEquals(dev[0] + ":" + dev[1] + " 100", read(blkio.resolve("blkio.throttle.write_iops_device")));
        assertEquals(Long.toString(96L << 20), read(cgroupOf(id, "memory").resolve("memory.memsw.limit_in_bytes")));
    }

    @Test
    void controllersThisHostLacksAreRejectedByField() throws Exception {
        Bundle a = bundle();
        ((ObjectNode) a.linux().get("resources")).putArray("hugepageLimits").addObject().put("pageSize", "2MB").put("limit", 1);
        assertFailure(create(newId(), a), "$.linux.resources.hugepageLimits[0]");
        Bundle n = bundle();
        ((ObjectNode) n.linux().get("resources")).putObject("network").put("classID", 7);
        assertFailure(create(newId(), n), "$.linux.resources.network.classID");
        Bundle u = bundle();
        ((ObjectNode) u.linux().get("resources")).putObject("unified").put("memory.high", "1M");
        assertFailure(create(newId(), u), "$.linux.resources.unified");
    }

    // ---- sysctl, seccomp, personality ------------------------------------------------------------

    @Test
    void userNamespacedContainerRunsWhateverTheCallersUmask() throws Exception {
        // its hooks run as the mapped root and read hook.conf: 0644 even under umask 077
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Bundle b = bundle().sh("echo in; cat /proc/self/uid_map");
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "user");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        String id = newId();
        register(id, b);
        b.write();
        Cli.Result r = Cli.exec(List.of("sh", "-c", "umask 077; exec \"$@\"", "sh", Cli.BINARY.toString(), "--root",
                root.toString(), "run", "--bundle", b.dir.toString(), id));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("in", r.stdout().lines().findFirst().orElse(""), r.stdout());
    }

    @Test
    void sysctlInTheContainersNamespace() throws Exception {
        Bundle b = bundle();
        b.linux().putObject("sysctl").put("net.ipv4.ip_forward", "1");
        String host = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        assertEquals("1\n", inside(b, "cat /proc/sys/net/ipv4/ip_forward"));
        assertEquals(host, Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip(), "host unchanged");
    }

    @Test
    void seccompActionsAndArgumentConditions() {
        Bundle b = bundle();
        ObjectNode s = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        ArrayNode rules = s.putArray("syscalls");
        ObjectNode mkdir = rules.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 13);
        mkdir.putArray("names").add("mkdir").add("mkdirat");
        ObjectNode kill = rules.addObject().put("action", "SCMP_ACT_ERRNO");
        kill.putArray("names").add("kill");
        kill.putArray("args").addObject().put("index", 1).put("value", 0).put("op", "SCMP_CMP_EQ");
        String out = inside(b, "mkdir /tmp/d 2>&1 || true; kill -CONT $$ && echo signal-ok; kill -0 $$ 2>&1 || true");
        assertTrue(out.contains("Permission denied"), "errnoRet 13 for mkdir: " + out);
        assertTrue(out.contains("signal-ok"), "kill with another signal is allowed: " + out);
        assertTrue(out.contains("Operation not permitted"), "kill(pid, 0) denied with EPERM: " + out);
    }

    @Test
    void seccompKillAndTrapEndTheCallingProcess() {
        Bundle b = bundle();
        ArrayNode rules = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW").putArray("syscalls");
        rules.addObject().put("action", "SCMP_ACT_KILL").putArray("names").add("mkdir").add("mkdirat");
        rules.addObject().put("action", "SCMP_ACT_TRAP").putArray("names").add("rmdir");
        rules.addObject().put("action", "SCMP_ACT_KILL_PROCESS").putArray("names").add("link").add("linkat");
        // 159 = 128 + SIGSYS: the calling process dies, the container's shell goes on.
        assertEquals("kill=159\ntrap=159\nkill_process=159\n", inside(b, "sh -c '/bin/mkdir /tmp/a'; echo kill=$?;"
                + " sh -c '/bin/rmdir /tmp'; echo trap=$?; sh -c '/bin/ln /bin/sh /tmp/l'; echo kill_process=$?"));
    }

    @Test
    void seccompLogAllowsAndTraceWithoutATracerFailsWithEnosys() {
        Bundle b = bundle();
        ObjectNode s = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        // the flags reach seccomp(2): an unknown one would fail the container's start
        s.putArray("flags").add("SECCOMP_FILTER_FLAG_LOG").add("SECCOMP_FILTER_FLAG_SPEC_ALLOW");
        ArrayNode rules = s.putArray("syscalls");
        rules.addObject().put("action", "SCMP_ACT_LOG").putArray("names").add("mkdir").add("mkdirat");
        rules.addObject().put("action", "SCMP_ACT_TRACE").putArray("names").add("rmdir");
        assertEquals("made\nrmdir: '/dev/shm/d': Function not implemented\n",
                inside(b, "mkdir /dev/shm/d && echo made; rmdir /dev/shm/d 2>&1; true"));
    }

    @Test
    void personalityLinux32() {
        Bundle b = bundle();
        b.linux().putObject("personality").put("domain", "LINUX32");
        assertEquals("i686\n", inside(b, "uname -m"));
    }

    // ---- hooks -----------------------------------------------------------------------------------

    @Test
    void everyHookKindRunsAtItsPointInItsNamespacesWithTheState() throws Exception {
        Bundle b = bundle().sh("cat /dev/shm/start-hook; echo process; cat /dev/shm/start-state");
        Path out = tmp.resolve("hooks.log");
        ObjectNode hooks = b.config.putObject("hooks");
        // Each records its kind, hostname, mount namespace and the state on its stdin. Their paths
        // and this log are the host's: createContainer runs in the container's namespaces, but
        // before pivot_root, so the host's paths still resolve.
        for (String kind : List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop")) {
            ObjectNode h = hooks.putArray(kind).addObject().put("path", "/bin/sh");
            h.putArray("args").add("sh").add("-c")
                    .add("read -r s; echo \"" + kind + " $(hostname) $(readlink /proc/self/ns/mnt) $s\" >> " + out);
        }
        ObjectNode start = hooks.putArray("startContainer").addObject().put("path", "/bin/sh");
        start.putArray("args").add("sh").add("-c")
                .add("echo start-container-hook > /dev/shm/start-hook; cat > /dev/shm/start-state");
        String id = newId();
        Cli.Result r = run(id, b);
        assertEquals(0, r.exit(), r.stderr());
        List<String> printed = r.stdout().lines().toList();
        assertEquals(List.of("start-container-hook", "process"), printed.subList(0, 2),
                "startContainer ran in the container before the process");
        JsonNode startState = Bundle.JSON.readTree(printed.get(2));
        List<String[]> lines = Files.readAllLines(out).stream().map(l -> l.split(" ", 4)).toList();
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop"),
                lines.stream().map(l -> l[0]).toList(), "the spec's order");
        String hostMnt = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        for (String[] l : lines) {
            boolean inContainer = l[0].equals("createContainer");
            assertEquals(inContainer ? "lxcri4j-test" : host, l[1], l[0] + " hostname");
            assertEquals(inContainer, !l[2].equals(hostMnt), l[0] + " in the container's mount namespace: " + l[2]);
        }
        int pid = -1;
        for (String[] l : lines.subList(0, 3)) {
            JsonNode state = Bundle.JSON.readTree(l[3]);
            assertEquals(id, state.get("id").asText());
            assertEquals("creating", state.get("status").asText(), l[0]);
            assertTrue(state.get("pid").asInt() > 0, l[0] + " gets the container's pid");
            assertTrue(pid < 0 || pid == state.get("pid").asInt(), "one pid for all");
            pid = state.get("pid").asInt();
        }
        assertEquals("running", Bundle.JSON.readTree(lines.get(3)[3]).get("status").asText());
        assertEquals(pid, Bundle.JSON.readTree(lines.get(3)[3]).get("pid").asInt(), "the container process");
        assertEquals("stopped", Bundle.JSON.readTree(lines.get(4)[3]).get("status").asText());
        assertEquals(pid, startState.get("pid").asInt(), "startContainer's state has the pid too");
    }

    @Test
    void failingHookFailsCreateAndLeavesNothing() throws Exception {
        // prestart runs in the runtime, createContainer in the container's mount hook
        assertFailingHook("prestart", "echo hook says no >&2; exit 5", "hook prestart[0] /bin/sh exited with 5: hook says no");
        assertFailingHook("createContainer", "exit 3", "createContainer hook /bin/sh failed");
    }

    private void assertFailingHook(String kind, String script, String expected) throws Exception {
        Bundle b = bundle();
        ObjectNode h = b.config.putObject("hooks").putArray(kind).addObject().put("path", "/bin/sh");
        h.putArray("args").add("sh").add("-c").add(script);
        String id = newId();
        assertFailure(create(id, b), expected);
        assertEquals(List.of(), waitForNoLeftovers(id, b.dir));
    }

    @Test
    void terminalMisuseIsRejectedByField() throws Exception {
        // A terminal needs a console socket to hand its master to, and a socket that exists.
        Bundle t = bundle();
        t.process().put("terminal", true);
        assertFailure(create(newId(), t), "--console-socket is required");
        assertFailure(cli("create", "--bundle", t.write().toString(), "--console-socket", tmp.resolve("none.sock").toString(),
                newId()), "no such socket");
        // without a terminal the spec says a consoleSize is ignored
        Bundle size = bundle().sh("echo ran");
        size.process().putObject("consoleSize").put("height", 10).put("width", 10);
        assertEquals("ran\n", inside(size, "echo ran"));
    }
}
