package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bundles, images and container processes that try to reach the host: each is refused or confined
 * as runc does. Whatever could change the host if the runtime regressed (namespace paths, sysctls,
 * mounts, signals) runs the CLI in a throwaway pid and mount namespace ({@link Cli#runIsolated}).
 */
class HostileBundleTest extends RuntimeTestBase {

    private static final String NO_CAPS = "0000000000000000";

    private Cli.Result isolated(String... args) {
        return Cli.runIsolated(root, log, args);
    }

    /** `run` of {@code b} in a throwaway namespace; {@code id} is deleted after the test. */
    private Cli.Result runIsolated(String id, Bundle b) {
        register(id, b);
        return isolated("run", "--bundle", b.write().toString(), id);
    }

    /** The names `ls /` printed in the CLI's namespace after it ran. */
    private static Set<String> rootAfter(Cli.Result r) {
        String out = r.stdout();
        int at = out.indexOf(Cli.ROOT_LISTING);
        assertTrue(at >= 0, "no root listing: " + r);
        return new TreeSet<>(Bundle.lines(out.substring(at + Cli.ROOT_LISTING.length()).strip()));
    }

    private static Set<String> hostRoot() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private ObjectNode namespace(Bundle b, String type) {
        for (var ns : b.linux().get("namespaces")) {
            if (ns.get("type").asText().equals(type)) {
                return (ObjectNode) ns;
            }
        }
        return ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", type);
    }

    private int namespaceIndex(Bundle b, String type) {
        var list = b.linux().get("namespaces");
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).get("type").asText().equals(type)) {
                return i;
            }
        }
        throw new IllegalArgumentException(type);
    }

    // ---- 1. namespace paths ----------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mount|/proc/self/ns/net|joining a mount namespace is refused",
        "mount|/proc/self/ns/mnt|joining a mount namespace is refused",
        "ipc|/proc/self/ns/mnt|/proc/self/ns/mnt is a namespace of type mount, not ipc",
        "network|/proc/self/ns/pid|/proc/self/ns/pid is a namespace of type pid, not network",
        "cgroup|/proc/self/ns/ipc|/proc/self/ns/ipc is a namespace of type ipc, not cgroup",
        "uts|/etc/hostname|/etc/hostname is not a namespace file"})
    void namespacePathsOfAnotherTypeAreRefusedBeforeAnythingJoins(String type, String path, String why) throws Exception {
        Bundle b = bundle().args("true");
        namespace(b, type).put("path", path);
        String id = newId();
        register(id, b);
        Cli.Result r = isolated("create", "--bundle", b.write().toString(), id);
        assertFailure(r, "$.linux.namespaces[" + namespaceIndex(b, type) + "].path: " + why);
        assertEquals(hostRoot(), rootAfter(r), "the caller's root is its own, not the bundle's rootfs");
    }

    /** liblxc's config is "KEY = VALUE" lines: a line break in a spec value would add an item of the bundle's choosing. */
    @Test
    void aLineBreakInAValueCannotAddALiblxcItem() throws Exception {
        // short: a hostname is at most 64 bytes, which liblxc checks
        Path marker = Path.of("/tmp/l4j-" + newId());
        Bundle b = bundle().args("true");
        b.config.put("hostname", "x\nlxc.hook.pre-start = /bin/touch " + marker);
        assertFailure(runIsolated(newId(), b), "$.hostname: lxc.uts.name cannot hold a line break");
        assertFalse(Files.exists(marker), "the injected hook ran");
        Files.deleteIfExists(marker);
    }

    // ---- 2. sysctls ------------------------------------------------------------------------------

    @Test
    void hostSysctlsAreRefusedAndTheHostKeepsItsValues() throws Exception {
        Path swappiness = Path.of("/proc/sys/vm/swappiness");
        String before = Files.readString(swappiness).strip();
        String hostile = before.equals("10") ? "11" : "10";
        Bundle b = bundle().args("true");
        b.linux().putObject("sysctl").put("vm.swappiness", hostile);
        assertFailure(runIsolated(newId(), b), "$.linux.sysctl[\"vm.swappiness\"]: not a namespaced sysctl");
        assertEquals(before, Files.readString(swappiness).strip());

        Bundle noIpc = bundle().args("true");
        ((ArrayNode) noIpc.linux().get("namespaces")).remove(namespaceIndex(noIpc, "ipc"));
        noIpc.linux().putObject("sysctl").put("kernel.shmmni", "1234");
        assertFailure(runIsolated(newId(), noIpc), "$.linux.sysctl[\"kernel.shmmni\"]: needs its own IPC namespace");

        Bundle hostNet = bundle().args("true");
        namespace(hostNet, "network").put("path", "/proc/self/ns/net");
        hostNet.linux().putObject("sysctl").put("net.ipv4.ip_forward", "1");
        assertFailure(runIsolated(newId(), hostNet), "$.linux.sysctl[\"net.ipv4.ip_forward\"]: the network namespace joined is the host's");

        Bundle hostname = bundle().args("true");
        hostname.linux().putObject("sysctl").put("kernel.hostname", "evil");
        assertFailure(runIsolated(newId(), hostname), "$.linux.sysctl[\"kernel.hostname\"]: not allowed");
    }

    @Test
    void namespacedSysctlsApplyInsideTheContainerOnly() throws Exception {
        String hostShmmni = Files.readString(Path.of("/proc/sys/kernel/shmmni")).strip();
        String hostLo = Files.readString(Path.of("/proc/sys/net/ipv4/conf/lo/accept_local")).strip();
        Bundle b = bundle().sh("cat /proc/sys/kernel/shmmni /proc/sys/net/ipv4/conf/lo/accept_local /proc/sys/kernel/domainname");
        b.linux().putObject("sysctl").put("kernel.shmmni", "1234").put("net/ipv4/conf/lo/accept_local", "1")
                .put("kernel.domainname", "lab.example");
        Cli.Result r = runIsolated(newId(), b);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("1234", "1", "lab.example"), Bundle.lines(r.stdout()).subList(0, 3));
        assertEquals(hostShmmni, Files.readString(Path.of("/proc/sys/kernel/shmmni")).strip());
        assertEquals(hostLo, Files.readString(Path.of("/proc/sys/net/ipv4/conf/lo/accept_local")).strip());
    }

    // ---- 3. capabilities -------------------------------------------------------------------------

    @Test
    void aProcessWithoutCapabilitiesGetsNone() throws Exception {
        Bundle b = bundle().sh("grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status; sleep 1000");
        b.process().remove("capabilities");
        String id = newId();
        assertEquals(0, create(id, b).exit());
        assertEquals(0, cli("start", id).exit());
        int pid = state(id).get("pid").asInt();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.matches("Cap(Inh|Prm|Eff|Bnd|Amb):.*")) {
                assertEquals(NO_CAPS, line.split("\\s+")[1], "container process: " + line);
            }
        }
        Path process = tmp.resolve("process.json");
        Files.writeString(process, "{\"args\": [\"grep\", \"-E\", \"^Cap(Inh|Prm|Eff|Bnd|Amb)\", \"/proc/self/status\"], \"cwd\": \"/\","
                + " \"user\": {\"uid\": 0, \"gid\": 0}}");
        Cli.Result exec = cli("exec", "--process", process.toString(), id);
        assertEquals(0, exec.exit(), exec.toString());
        List<String> caps = Bundle.lines(exec.stdout());
        assertEquals(5, caps.size(), exec.stdout());
        caps.forEach(line -> assertEquals(NO_CAPS, line.split("\\s+")[1], "exec'd process: " + line));
    }

    // ---- 4. uids and gids ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {4294967295L, -1L, 2147483648L})
    void idsOutsideZeroToTwoToTheThirtyOneAreRefused(long id) throws Exception {
        Bundle uid = bundle().args("id");
        ((ObjectNode) uid.process().get("user")).put("uid", id);
        assertFailure(create(newId(), uid), "$.process.user.uid: " + id + " is out of range");
        Bundle gid = bundle().args("id");
        ((ObjectNode) gid.process().get("user")).put("gid", id);
        assertFailure(create(newId(), gid), "$.process.user.gid: " + id + " is out of range");
        Bundle groups = bundle().args("id");
        ((ObjectNode) groups.process().get("user")).putArray("additionalGids").add(id);
        assertFailure(create(newId(), groups), "$.process.user.additionalGids[0]: " + id + " is out of range");
        String running = running();
        Path process = tmp.resolve("process.json");
        Files.writeString(process, "{\"args\": [\"id\"], \"cwd\": \"/\", \"user\": {\"uid\": " + id + ", \"gid\": 0}}");
        assertFailure(cli("exec", "--process", process.toString(), running), "$.process.user.uid: " + id + " is out of range");
    }

    // ---- 5. runtime files ------------------------------------------------------------------------

    @Test
    void nothingOfTheRuntimeIsReadableInsideTheContainer() throws Exception {
        Bundle b = bundle().sh("sleep 1000");
        ((ArrayNode) b.process().get("env")).add("SECRET=only-for-the-process");
        String id = newId();
        assertEquals(0, create(id, b).exit());
        // created, not started: the init waits, and still nothing but its binary is there
        String look = "ls -A /dev/.lxcri4j; cat /dev/.lxcri4j/*.conf /dev/.lxcri4j/box/init.conf 2>&1;"
                + " grep -l only-for-the-process /dev/.lxcri4j/* 2>&1; (echo x >> /dev/.lxcri4j/init) 2>&1; true";
        for (String user : List.of("1000:1000", "0:0")) {
            Cli.Result r = cli("exec", "--user", user, "--cap", "CAP_DAC_OVERRIDE", id, "sh", "-c", look);
            assertEquals(0, r.exit(), r.toString());
            List<String> out = Bundle.lines(r.stdout());
            assertEquals("init", out.get(0), "only the init binary, as uid " + user + ": " + r.stdout());
            assertTrue(out.stream().noneMatch(l -> l.contains("only-for-the-process") && !l.startsWith("grep")), r.stdout());
            assertTrue(out.getLast().matches(".*(Read-only file system|Text file busy)"), "the init cannot be written: " + r.stdout());
        }
        assertEquals(0, cli("start", id).exit());
        // exec configs never become files: none in the box, none inside
        Cli.Result detached = cli("exec", "--detach", id, "sleep", "100");
        assertEquals(0, detached.exit(), detached.toString());
        try (Stream<Path> box = Files.list(root.resolve(id).resolve("box"))) {
            assertEquals(List.of("init.conf", "ready", "state.json", "syncfifo"),
                    box.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Cli.Result inside = cli("exec", id, "sh", "-c", "ls -A /dev/.lxcri4j; (echo x >> /dev/.lxcri4j/init) 2>&1; true");
        assertEquals(List.of("init", "sh: can't create /dev/.lxcri4j/init: Read-only file system"), Bundle.lines(inside.stdout()),
                inside.toString());
        // the container's init is its own copy, not the installed binary
        Path installed = Cli.BINARY.getParent().getParent().resolve("libexec/lxcri4j-init");
        assertNotEquals(Files.getAttribute(installed, "unix:ino"), Files.getAttribute(root.resolve(id).resolve("init"), "unix:ino"));
    }

    // ---- 6. paths in the rootfs ------------------------------------------------------------------

    @Test
    void devicesMasksAndReadOnlyPathsResolveInsideTheRootfs() throws Exception {
        // The image's absolute links mean paths in the rootfs; resolved on the host they would
        // put a device node in a host directory, mask the host's /etc and miss /data.
        Path hostDir = Files.createDirectories(tmp.resolve("host-dir"));
        Bundle b = bundle().sh("stat -c '%t:%T %a' /mydev/probe-null; ls -A /masked | wc -l; ls -A /etc | wc -l;"
                + " (touch /ro/x) 2>&1; true");
        Path rootfs = b.dir.resolve("rootfs");
        Files.createSymbolicLink(rootfs.resolve("mydev"), hostDir);
        Files.createSymbolicLink(rootfs.resolve("masked"), Path.of("/etc"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.createSymbolicLink(rootfs.resolve("ro"), Path.of("/data"));
        b.linux().putArray("devices").addObject().put("path", "/mydev/probe-null").put("type", "c").put("major", 1)
                .put("minor", 3).put("fileMode", 0666);
        b.linux().putArray("maskedPaths").add("/masked");
        b.linux().putArray("readonlyPaths").add("/ro");
        Cli.Result r = runIsolated(newId(), b);
        assertEquals(0, r.exit(), r.toString());
        List<String> out = Bundle.lines(r.stdout());
        assertEquals("1:3 666", out.get(0), r.stdout());
        assertEquals(List.of("0", "0"), List.of(out.get(1).strip(), out.get(2).strip()), "the rootfs's /etc is masked: " + r.stdout());
        assertTrue(out.get(3).contains("Read-only file system"), "the rootfs's /data is read-only: " + r.stdout());
        try (Stream<Path> s = Files.list(hostDir)) {
            assertEquals(List.of(), s.toList(), "the host directory the image links to stays empty");
        }
        Path inRootfs = rootfs.resolve(hostDir.toString().substring(1)).resolve("probe-null");
        assertTrue(Files.exists(inRootfs, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the node is in the rootfs: " + inRootfs);
    }

    // ---- 7. the init -----------------------------------------------------------------------------

    @Test
    void aCwdThroughAnInheritedDescriptorNeverLeavesTheContainer() throws Exception {
        String id = running();
        Path process = tmp.resolve("process.json");
        for (int fd = 3; fd < 40; fd++) {
            Files.writeString(process, "{\"args\": [\"pwd\"], \"cwd\": \"/proc/self/fd/" + fd + "\", \"user\": {\"uid\": 0, \"gid\": 0}}");
            Cli.Result r = cli("exec", "--process", process.toString(), id);
            assertNotEquals(0, r.exit(), "cwd /proc/self/fd/" + fd + " reached " + r.stdout());
            assertTrue(r.stderr().contains("chdir to cwd"), r.toString());
        }
    }

    // ---- 8. signals ------------------------------------------------------------------------------

    /*
     * Not in a throwaway namespace: the proof is that a host pid survives, which a pid namespace
     * would hide. The only process a regression could signal is this test's own bystander.
     */
    @Test
    void aPidReusedByAnotherProcessIsNeverSignalled() throws Exception {
        String id = running();
        assertEquals(0, cli("kill", id, "KILL").exit());
        waitForStatus(id, "stopped");
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            // the record names a pid that another process has now; a start time of -1 must not match it
            Path record = root.resolve(id).resolve("record");
            String rewritten = Files.readString(record).replaceAll("initpid=\\d+\0", "initpid=" + bystander.pid() + "\0")
                    .replaceAll("initstart=\\d+\0", "initstart=-1\0");
            assertTrue(rewritten.contains("initstart=-1\0"), rewritten);
            Files.writeString(record, rewritten);
            assertEquals("stopped", state(id).get("status").asText());
            assertFailure(cli("kill", id, "KILL"), "container not running");
            Thread.sleep(200);
            assertTrue(bystander.isAlive(), "the bystander was signalled");
        } finally {
            bystander.destroyForcibly().waitFor();
        }
    }

    @Test
    void killAllReachesEveryProcessOfTheContainer() throws Exception {
        String id = started(bundle().sh("for i in 1 2 3 4 5; do sleep 1000 & done; wait"));
        List<Integer> pids = pidsOf(id);
        assertTrue(pids.size() >= 6, "sh and five sleeps: " + pids);
        assertEquals(0, cli("kill", "--all", id, "KILL").exit());
        waitForStatus(id, "stopped");
        for (int pid : pids) {
            assertFalse(Files.exists(Path.of("/proc/" + pid + "/status")) && !Files.readString(Path.of("/proc/" + pid + "/status"))
                    .contains("State:\tZ"), "pid " + pid + " survived");
        }
    }

    private List<Integer> pidsOf(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Integer> pids = List.of();
        while (pids.size() < 6 && System.nanoTime() < deadline) {
            var json = Bundle.JSON.readTree(cli("ps", "--format", "json", id).stdout());
            pids = java.util.stream.StreamSupport.stream(json.spliterator(), false).map(n -> n.asInt()).toList();
            Thread.sleep(20);
        }
        return pids;
    }

    // ---- 9. seccomp ------------------------------------------------------------------------------

    @Test
    void severalConditionsOnOneArgumentAreSeparateRulesAsWithRunc() {
        Bundle b = bundle().sh("f=/dev/shm/f; touch $f; chmod 700 $f && echo 700; chmod 777 $f && echo 777; chmod 755 $f && echo 755; true");
        ObjectNode seccomp = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.putArray("architectures").add("SCMP_ARCH_X86_64");
        ArrayNode syscalls = seccomp.putArray("syscalls");
        for (var call : List.of(new Object[] {"chmod", 1}, new Object[] {"fchmodat", 2}, new Object[] {"fchmod", 1})) {
            ObjectNode rule = syscalls.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
            rule.putArray("names").add((String) call[0]);
            ArrayNode args = rule.putArray("args");
            args.addObject().put("index", (Integer) call[1]).put("value", 0700).put("op", "SCMP_CMP_EQ");
            args.addObject().put("index", (Integer) call[1]).put("value", 0777).put("op", "SCMP_CMP_EQ");
        }
        Cli.Result r = run(newId(), b);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("755"), Bundle.lines(r.stdout()), "either condition denies, others pass: " + r);
    }

    @Test
    void syscallsOfAnArchitectureTheProfileDoesNotListAreKilled() throws Exception {
        Bundle b = bundle();
        Path program = b.dir.resolve("rootfs/bin/i386-getpid");
        Cli.Result cc = Cli.exec(List.of("gcc", "-static", "-O2", "-o", program.toString(),
                Path.of("src/test/c/i386-getpid.c").toAbsolutePath().toString()));
        assertEquals(0, cc.exit(), cc.toString());
        // i386 syscalls need the kernel's IA32 emulation, which a host may leave out or switch off
        Assumptions.assumeTrue(Cli.exec(List.of(program.toString())).stdout().startsWith("i386 syscall returned"),
                "this kernel runs no i386 syscalls");
        b.sh("/bin/i386-getpid; echo status $?");
        ObjectNode seccomp = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.putArray("architectures").add("SCMP_ARCH_X86_64");
        Cli.Result killed = run(newId(), b);
        assertEquals(0, killed.exit(), killed.toString());
        assertEquals(List.of("status " + (128 + 31)), Bundle.lines(killed.stdout()), "SIGSYS for an i386 call: " + killed);
        ((ArrayNode) seccomp.get("architectures")).add("SCMP_ARCH_X86");
        Cli.Result listed = run(newId(), b);
        assertTrue(listed.stdout().startsWith("i386 syscall returned"), listed.toString());
        ((ArrayNode) seccomp.get("architectures")).add("SCMP_ARCH_VAX");
        assertFailure(create(newId(), b), "$.linux.seccomp.architectures[2]: unknown architecture SCMP_ARCH_VAX");
    }

    // ---- 10. the parser --------------------------------------------------------------------------

    @Test
    void hostileJsonEndsInOneLineNamingTheProblem() throws Exception {
        Bundle b = bundle().args("true");
        Path config = b.write().resolve("config.json");
        String valid = Files.readString(config);
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        for (String[] c : List.of(new String[] {"{\"unknown\": " + deep + ", " + valid.substring(valid.indexOf('{') + 1), "depth"},
                new String[] {valid.replaceFirst("\"ociVersion\"", "\"n\": +1, \"ociVersion\""), "malformed JSON"},
                new String[] {valid.replaceFirst("\"ociVersion\"", "\"n\": 01, \"ociVersion\""), "malformed JSON"},
                new String[] {valid.replaceFirst("\"ociVersion\"", "\"n\": \"a\u0001b\", \"ociVersion\""), "malformed JSON"},
                new String[] {valid + "{}", "malformed JSON"})) {
            Files.writeString(config, c[0]);
            String id = newId();
            register(id, b);
            Cli.Result r = cli("create", "--bundle", b.dir.toString(), id);
            assertFailure(r, c[1]);
            assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r.stderr());
        }
    }
}
