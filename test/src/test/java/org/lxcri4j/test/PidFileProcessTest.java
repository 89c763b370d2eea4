package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

/**
 * For a caller that reaps orphans (conmon, containerd's shims; here catatonit), the pid file names
 * lxcri4j-start, the parent of liblxc's monitor: what that caller waits for, what podman top
 * inspects and whose cgroups podman stats and the shim's metrics read. It must stand where the
 * container process stands.
 */
class PidFileProcessTest extends RuntimeTestBase {

    private static final List<String> NAMESPACES = List.of("user", "mnt", "uts", "ipc", "net", "cgroup", "time");

    private record Created(String id, int pidFileProcess, int containerProcess) {
    }

    private Created created(Bundle b) throws Exception {
        String id = newId();
        Path pidFile = tmp.resolve(id + ".pid");
        register(id, b);
        Cli.Result r = Cli.runUnderSubreaper(root, log, "create", "--bundle", b.write().toString(), "--pid-file",
                pidFile.toString(), id);
        assertEquals(0, r.exit(), r.stderr());
        return new Created(id, Integer.parseInt(Files.readString(pidFile).strip()), state(id).get("pid").asInt());
    }

    @Test
    void standsInTheContainersNamespacesAndCgroupsExceptTheCountOfPids() throws Exception {
        // With a user namespace too, the one a join must enter first. Its root must reach the rootfs.
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Bundle b = bundle().args("sleep", "100");
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "user");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        Created c = created(b);
        assertNotEquals(c.pidFileProcess(), c.containerProcess());
        for (String ns : NAMESPACES) {
            assertEquals(namespace(c.containerProcess(), ns), namespace(c.pidFileProcess(), ns), ns + " namespace");
        }
        assertEquals(namespace(c.containerProcess(), "pid"), namespace(c.pidFileProcess(), "pid_for_children"));
        assertNotEquals(namespace((int) ProcessHandle.current().pid(), "mnt"), namespace(c.pidFileProcess(), "mnt"), "left the host's mount namespace");
        Map<String, String> container = cgroups(c.containerProcess());
        Map<String, String> pidFile = cgroups(c.pidFileProcess());
        assertEquals(container.keySet(), pidFile.keySet());
        container.forEach((hierarchy, path) -> {
            if (hierarchy.equals("pids")) {
                assertNotEquals(path, pidFile.get(hierarchy), "not counted in pids.current");
            } else {
                assertEquals(path, pidFile.get(hierarchy), hierarchy + " cgroup");
            }
        });

        assertEquals(0, cli("start", c.id()).exit());
        JsonNode ps = Bundle.JSON.readTree(cli("ps", "--format", "json", c.id()).stdout());
        assertEquals(List.of(c.containerProcess()), List.of(ps.get(0).asInt()), "ps: " + ps);
        assertEquals(1, ps.size(), "ps lists the container's processes only: " + ps);
    }

    @Test
    void namespacePathsThroughItLeadIntoTheContainer() throws Exception {
        // podman pods and CRI-O share a container's namespaces as /proc/PID/ns/TYPE of its pid file.
        Created a = created(bundle().args("sleep", "100"));
        Bundle b = bundle().sh("for n in pid net ipc uts; do readlink /proc/self/ns/$n; done");
        b.config.remove("hostname");
        ArrayNode namespaces = b.linux().putArray("namespaces");
        namespaces.addObject().put("type", "mount");
        for (String type : List.of("pid", "network", "ipc", "uts")) {
            String ns = type.equals("network") ? "net" : type;
            namespaces.addObject().put("type", type).put("path", "/proc/" + a.pidFileProcess() + "/ns/" + ns);
        }
        Cli.Result r = run(newId(), b);
        assertEquals(0, r.exit(), r.stderr());
        List<String> expected = new java.util.ArrayList<>();
        for (String ns : List.of("pid", "net", "ipc", "uts")) {
            expected.add(namespace(a.containerProcess(), ns));
        }
        assertEquals(expected, r.stdout().lines().toList());
    }

    @Test
    void aCallerThatCannotWaitForItGetsTheContainerProcess() throws Exception {
        String id = newId();
        Bundle b = bundle().args("sleep", "100");
        Path pidFile = tmp.resolve(id + ".pid");
        register(id, b);
        assertEquals(0, cli("create", "--bundle", b.write().toString(), "--pid-file", pidFile.toString(), id).exit());
        int pid = state(id).get("pid").asInt();
        assertEquals(pid, Integer.parseInt(Files.readString(pidFile).strip()), "as runc: the container process");
        Created c = created(bundle().args("sleep", "100"));
        assertNotEquals(c.containerProcess(), c.pidFileProcess());
        assertEquals("lxcri4j-start", Files.readString(Path.of("/proc", Integer.toString(c.pidFileProcess()), "comm")).strip());
    }

    @Test
    void aSignalToItReachesTheContainerProcess() throws Exception {
        Created c = created(bundle().sh("trap 'exit 42' USR1; while :; do sleep 0.1; done"));
        assertEquals(0, cli("start", c.id()).exit());
        Thread.sleep(300); // the trap is set
        assertEquals(0, new ProcessBuilder("kill", "-USR1", Integer.toString(c.pidFileProcess())).start().waitFor());
        waitForStatus(c.id(), "stopped");
        assertEquals(42, exitStatus(c.id()));
    }

    @Test
    void killingItStopsTheContainerAndDeleteLeavesNothing() throws Exception {
        Bundle b = bundle().args("sleep", "100");
        Created c = created(b);
        assertEquals(0, cli("start", c.id()).exit());
        Path memory = cgroupOf(c.id(), "memory");
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Integer.toString(c.pidFileProcess())).start().waitFor());
        waitForStatus(c.id(), "stopped");
        assertTrue(Files.exists(memory), "liblxc's monitor died with it and could not remove the container's cgroups");
        assertEquals(0, cli("delete", c.id()).exit());
        assertEquals(List.of(), waitForNoLeftovers(c.id(), b.dir));
    }

    private static String namespace(int pid, String ns) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "ns", ns)).toString();
    }

    /** Hierarchy ("memory", "name=systemd", "" for v2) to cgroup path. */
    private static Map<String, String> cgroups(int pid) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "cgroup"))) {
            String[] f = line.split(":", 3);
            m.put(f[1], f[2]);
        }
        return m;
    }
}
