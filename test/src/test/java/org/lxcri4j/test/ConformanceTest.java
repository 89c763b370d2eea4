package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The runtime-spec's MUST and SHOULD statements on the container's filesystem and namespaces
 * (config.md "mounts", config-linux.md "namespaces", "devices", "default devices",
 * runtime-linux.md "dev symbolic links"), read from inside real containers and compared with the
 * config.json that made them. podman's and containerd's generated specs are checked in their
 * client tests with the same {@link MountTable}.
 */
class ConformanceTest extends RuntimeTestBase {

    /** Between the sections of what a container prints. */
    private static final String CUT = "----";
    /** /proc/self/ns entries of the spec's types (time_for_children and pid_for_children are the process's children's). */
    private static final Map<String, String> NAMESPACES = Map.of("cgroup", "cgroup", "ipc", "ipc", "network", "net", "pid", "pid",
            "time", "time", "user", "user", "uts", "uts", "mount", "mnt");

    /** The bundle `runc spec` writes, on a busybox rootfs, running {@code script} without a terminal. */
    private Bundle runcSpec(String script) throws Exception {
        Bundle b = bundle();
        Cli.Result spec = Cli.exec(List.of("runc", "spec", "--bundle", b.dir.toString()));
        assertEquals(0, spec.exit(), spec.stderr());
        ObjectNode config = (ObjectNode) Bundle.JSON.readTree(b.dir.resolve("config.json").toFile());
        b.config.removeAll();
        b.config.setAll(config);
        b.process().put("terminal", false);
        return b.sh(script);
    }

    private String[] sections(Cli.Result r) {
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        return r.stdout().split(CUT + "\n", -1);
    }

    @Test
    void theDefaultRuncBundleIsMountedInTheSpecsOrderWithItsOptions() throws Exception {
        Bundle b = runcSpec("cat /proc/self/mountinfo");
        MountTable table = MountTable.parse(sections(run(newId(), b))[0]);
        table.assertMountsOf(b.config);
        // the spec's own /dev, not one of the runtime's, with the spec's size
        MountTable.Entry dev = table.next("/dev", -1);
        assertTrue(dev.superOptions().contains("size=65536k") && dev.superOptions().contains("mode=755"), dev.toString());
        assertTrue(!dev.options().contains("relatime") && dev.options().contains("nosuid"), "strictatime, nosuid: " + dev);
    }

    @Test
    void devHoldsTheDefaultDevicesAndTheSymbolicLinks() throws Exception {
        Bundle b = runcSpec("for d in null zero full random urandom tty; do stat -c '%n %F %t:%T %a %u:%g' /dev/$d; done; echo " + CUT
                + "; for l in ptmx fd stdin stdout stderr; do echo /dev/$l $(readlink /dev/$l); done; echo " + CUT
                + "; stat -L -c '%t:%T %d' /dev/ptmx; stat -c '%t:%T %d' /dev/pts/ptmx; echo " + CUT
                + "; [ -e /dev/console ] && echo console || echo no-console");
        String[] out = sections(run(newId(), b));
        assertEquals("""
                /dev/null character special file 1:3 666 0:0
                /dev/zero character special file 1:5 666 0:0
                /dev/full character special file 1:7 666 0:0
                /dev/random character special file 1:8 666 0:0
                /dev/urandom character special file 1:9 666 0:0
                /dev/tty character special file 5:0 666 0:0
                """, out[0]);
        assertEquals("""
                /dev/ptmx pts/ptmx
                /dev/fd /proc/self/fd
                /dev/stdin /proc/self/fd/0
                /dev/stdout /proc/self/fd/1
                /dev/stderr /proc/self/fd/2
                """, out[1], "runtime-linux.md's dev links, and /dev/ptmx a link into the container's devpts");
        List<String> ptmx = out[2].lines().toList();
        assertEquals(ptmx.get(1), ptmx.get(0), "/dev/ptmx is the ptmx of the devpts at /dev/pts");
        assertEquals("no-console\n", out[3], "/dev/console only with a terminal");
    }

    @Test
    void aUserNamespacedContainerGetsTheDefaultDevicesBoundFromTheHost() throws Exception {
        // mknod is refused in a user namespace: the host's nodes are bound, as runc and liblxc do
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Bundle b = runcSpec("for d in null zero full random urandom tty; do stat -c '%n %t:%T' /dev/$d; done; echo x > /dev/null"
                + " && head -c 4 /dev/zero | wc -c; readlink /dev/ptmx");
        ((ArrayNode) b.linux().get("namespaces")).addObject().put("type", "user");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        assertEquals("""
                /dev/null 1:3
                /dev/zero 1:5
                /dev/full 1:7
                /dev/random 1:8
                /dev/urandom 1:9
                /dev/tty 5:0
                4
                pts/ptmx
                """, sections(run(newId(), b))[0]);
    }

    @Test
    void aDeviceOverAFileThatIsNotItFailsCreate() throws Exception {
        Bundle b = bundle().args("true");
        b.linux().putArray("devices").addObject().put("path", "/bin/busybox").put("type", "c").put("major", 1).put("minor", 3);
        String id = newId();
        Cli.Result r = create(id, b);
        assertTrue(r.exit() != 0 && r.stderr().contains("a file that is not the device exists at /bin/busybox"), r.toString());
        assertTrue(Files.isRegularFile(b.dir.resolve("rootfs/bin/busybox")), "the file stays");
    }

    @Test
    void mountsOfEveryPropagationKeepTheirsInTheirOrder() throws Exception {
        Bundle b = bundle().sh("cat /proc/self/mountinfo");
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        ArrayNode mounts = (ArrayNode) b.config.get("mounts");
        for (String p : List.of("private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable")) {
            ObjectNode bind = mounts.addObject().put("destination", "/mnt/" + p).put("type", "bind").put("source", shared.toString());
            bind.putArray("options").add(p.startsWith("r") && !p.equals("rslave") ? "rbind" : "bind").add(p).add("nosuid");
            // a new tmpfs has no master to be the slave of
            ArrayNode tmpfs = mounts.addObject().put("destination", "/mnt/" + p + "/tmp").put("type", "tmpfs").put("source", "tmpfs-" + p)
                    .putArray("options").add("noexec").add("mode=0700");
            if (!p.endsWith("slave")) {
                tmpfs.add(p);
            }
        }
        // a relative destination is taken from "/" (config.md, Linux)
        mounts.addObject().put("destination", "mnt/relative").put("type", "tmpfs").put("source", "rel").putArray("options").add("ro");
        // config.md's MUST options that liblxc drops: superblock ones, nosymfollow (SHOULD), and a remount
        ArrayNode sb = mounts.addObject().put("destination", "/mnt/superblock").put("type", "tmpfs").put("source", "sb").putArray("options");
        List.of("sync", "lazytime", "nosymfollow", "async", "sync", "atime", "iversion", "loud", "silent", "size=1024k")
                .forEach(sb::add);
        mounts.addObject().put("destination", "/mnt/remounted").put("type", "tmpfs").put("source", "re").putArray("options")
                .add("size=1024k");
        ArrayNode again = mounts.addObject().put("destination", "/mnt/remounted").put("type", "tmpfs").put("source", "re")
                .putArray("options");
        List.of("remount", "ro", "nosuid", "size=2048k").forEach(again::add);
        // In a throwaway namespace, where the source is made a shared mount (a host's / may be
        // private), so that a slave has a master and a shared bind a peer.
        Cli.Result r = Cli.runIsolatedAfter("mount --bind " + shared + " " + shared + " && mount --make-shared " + shared, root, log,
                "run", "--bundle", b.write().toString(), registered(b));
        MountTable.parse(r.stdout().substring(0, r.stdout().indexOf(Cli.ROOT_LISTING))).assertMountsOf(b.config);
        assertEquals(0, r.exit(), r.stderr());
    }

    /** A new id, registered for clean-up with {@code b}. */
    private String registered(Bundle b) {
        String id = newId();
        register(id, b);
        return id;
    }

    @Test
    void namespacesGivenByPathAreExactlyThoseTheUnlistedTheRuntimesAndTheOthersNew() throws Exception {
        // namespaces of every joinable type (a mount namespace cannot be joined: refused by field)
        Process holder = new ProcessBuilder("unshare", "--ipc", "--uts", "--net", "--cgroup", "--time", "--pid", "--fork",
                "sleep", "300").start();
        try {
            int pid = holderChild(holder);
            Bundle joined = bundle().sh(readNamespaces());
            joined.config.remove("hostname");
            ArrayNode list = joined.linux().putArray("namespaces");
            list.addObject().put("type", "mount");
            for (String type : List.of("pid", "ipc", "uts", "network", "cgroup", "time")) {
                list.addObject().put("type", type).put("path", "/proc/" + pid + "/ns/" + NAMESPACES.get(type));
            }
            Map<String, String> inside = namespaces(sections(run(newId(), joined))[0]);
            for (String type : List.of("pid", "ipc", "uts", "network", "cgroup", "time")) {
                assertEquals(namespaceOf(pid, type), inside.get(type), type + " is the joined one");
            }
            assertEquals(namespaceOf((int) ProcessHandle.current().pid(), "user"), inside.get("user"), "user: not listed, the runtime's");

            // one joined (liblxc then makes a cgroup namespace of its own): every other type the runtime's
            Bundle one = bundle().sh(readNamespaces());
            one.config.remove("hostname");
            ArrayNode only = one.linux().putArray("namespaces");
            only.addObject().put("type", "mount");
            only.addObject().put("type", "network").put("path", "/proc/" + pid + "/ns/net");
            Map<String, String> inherited = namespaces(sections(run(newId(), one))[0]);
            for (String type : List.of("pid", "ipc", "uts", "cgroup", "time", "user")) {
                assertEquals(namespaceOf((int) ProcessHandle.current().pid(), type), inherited.get(type), type + " is the runtime's");
            }
            assertEquals(namespaceOf(pid, "network"), inherited.get("network"));

            // listed without a path: new ones
            Bundle created = bundle().sh(readNamespaces());
            ArrayNode all = created.linux().putArray("namespaces");
            for (String type : List.of("mount", "pid", "ipc", "uts", "network", "cgroup", "time")) {
                all.addObject().put("type", type);
            }
            Map<String, String> fresh = namespaces(sections(run(newId(), created))[0]);
            for (String type : List.of("mount", "pid", "ipc", "uts", "network", "cgroup", "time")) {
                assertNotEquals(namespaceOf((int) ProcessHandle.current().pid(), type), fresh.get(type), type + " is new");
                assertNotEquals(namespaceOf(pid, type), fresh.get(type), type + " is new");
            }
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String readNamespaces() {
        StringBuilder s = new StringBuilder();
        NAMESPACES.forEach((type, ns) -> s.append("echo ").append(type).append(" $(readlink /proc/self/ns/").append(ns).append("); "));
        return s.toString();
    }

    private static Map<String, String> namespaces(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        out.lines().map(l -> l.split(" ", 2)).forEach(f -> m.put(f[0], f.length > 1 ? f[1] : ""));
        return m;
    }

    private static String namespaceOf(int pid, String type) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + NAMESPACES.get(type))).toString();
    }

    /** The holder's sleep, the first process of its pid namespace. */
    private static int holderChild(Process holder) throws Exception {
        for (int i = 0; i < 100; i++) {
            var child = holder.toHandle().children().findFirst();
            if (child.isPresent() && Files.readString(Path.of("/proc/" + child.get().pid() + "/comm")).strip().equals("sleep")) {
                return (int) child.get().pid();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the namespace holder did not start");
    }
}
