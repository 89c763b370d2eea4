package org.lxcri4j.runtime.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.cgroup.FakeCgroupHost;
import org.lxcri4j.runtime.spec.Spec;

/**
 * Each section of the translation, from a spec to liblxc items and the helpers' records, on a v1
 * and a v2 cgroup layout: no root, no container, no liblxc.
 */
class TranslatorTest {

    @TempDir
    Path tmp;
    private Path bundle;
    private CgroupLayout v1;
    private CgroupLayout v2;

    @BeforeEach
    void bundle() throws IOException {
        bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.createDirectories(bundle.resolve("rootfs"));
        Files.writeString(bundle.resolve("data.txt"), "x");
        v1 = FakeCgroupHost.v1(tmp.resolve("cg1"), List.of("memory", "pids", "freezer"), "memory/memory.memsw.limit_in_bytes");
        v2 = FakeCgroupHost.v2(tmp.resolve("cg2"), "cpu memory pids");
    }

    /** A minimal valid spec with {@code extra} top-level members ("" for none), as runc spec lays it out. */
    private static String spec(String extra, String linux) {
        return """
                {"ociVersion": "1.2.0", "root": {"path": "rootfs"},
                 "process": {"args": ["sh"], "cwd": "/", "env": ["PATH=/bin"], "user": {"uid": 0, "gid": 0}},
                 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                   {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]}]%s,
                 "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "network"}]%s}}
                """.formatted(extra, linux);
    }

    private Translation translate(String json, CgroupLayout layout) {
        Spec s = SpecReader.parse(json, "config.json");
        return Translator.translate(s, bundle, tmp.resolve("run/c1"), Path.of("/usr/libexec/lxcri4j/lxcri4j-hook"), layout, 0);
    }

    private static List<String> values(Translation t, String key) {
        return t.items().stream().filter(i -> i.key().equals(key)).map(Translation.ConfigItem::value).toList();
    }

    @Test
    void rootProcessAndNamespaces() {
        Translation t = translate(spec(", \"hostname\": \"box\"", ""), v1);
        assertEquals(List.of("dir:" + bundle.resolve("rootfs")), values(t, "lxc.rootfs.path"));
        assertEquals(List.of("pid mnt uts net"), values(t, "lxc.namespace.clone"));
        assertEquals(List.of("box"), values(t, "lxc.uts.name"));
        assertEquals(List.of("empty"), values(t, "lxc.net.0.type"));
        assertEquals(List.of("/dev/.lxcri4j/init --box-fd 3"), values(t, "lxc.init.cmd"));
        assertTrue(t.init().containsAll(List.of("arg=sh", "cwd=/", "env=PATH=/bin", "uid=0", "gid=0")), t.init().toString());
        assertEquals("mountprop=" + ((1L << 19) | 16384) + " /", t.init().stream().filter(r -> r.startsWith("mountprop=")).findFirst()
                .orElseThrow(), "rslave root before any mount, as runc");
    }

    @Test
    void mountsKeepTheirOrderAndTheirOptions() {
        Translation t = translate(spec(", \"mounts\": [{\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"},"
                + " {\"destination\": \"data\", \"type\": \"bind\", \"source\": \"data.txt\", \"options\": [\"rbind\", \"ro\", \"nosuid\", \"rshared\"]},"
                + " {\"destination\": \"/mnt\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"rro\"]}]", ""), v1);
        List<String> mounts = values(t, "lxc.mount.entry");
        assertEquals("tmpfs dev tmpfs create=dir 0 0", mounts.get(0));
        assertEquals(bundle.resolve("data.txt") + " data none rbind,ro,nosuid,rshared,create=file 0 0", mounts.get(1));
        assertEquals("tmpfs mnt tmpfs create=dir 0 0", mounts.get(2), "recursive options are the hook's");
        assertTrue(mounts.get(3).contains(".lxcri4j/init"), "the init binary comes after the spec's mounts");
        assertTrue(t.init().contains("mountprop=" + ((1L << 20) | 16384) + " /data"), t.init().toString());
        assertTrue(t.hookRecords().stream().anyMatch(r -> r.startsWith("mountattr=") && r.endsWith(" 1 /mnt")), t.hookRecords().toString());
        assertTrue(t.hookRecords().containsAll(List.of("dev=c 1 3 666 0 0 /dev/null", "link=pts/ptmx /dev/ptmx")));
    }

    @Test
    void aMountThatWouldLandOnTheHostIsRefused() {
        assertEquals("$.mounts[0].type: /dev must be a tmpfs (the runtime's init is placed in it)", assertThrows(OciException.class,
                () -> translate(spec(", \"mounts\": [{\"destination\": \"/dev\", \"type\": \"bind\", \"source\": \"/dev\","
                        + " \"options\": [\"rbind\"]}]", ""), v1)).getMessage());
        assertTrue(assertThrows(OciException.class, () -> translate(spec(", \"mounts\": [{\"destination\": \"/x\", \"type\": \"bind\","
                + " \"source\": \"missing\", \"options\": [\"bind\"]}]", ""), v1)).getMessage().startsWith("$.mounts[0].source:"));
    }

    @Test
    void theCgroupMountShowsTheContainersOwnCgroups() {
        String cgroup = ", \"mounts\": [{\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\"}]";
        List<String> onV1 = values(translate(spec(cgroup, ""), v1), "lxc.mount.entry");
        assertTrue(onV1.getFirst().startsWith("tmpfs sys/fs/cgroup tmpfs"), onV1.toString());
        assertTrue(onV1.contains(tmp.resolve("cg1/memory/lxc.payload.c1") + " sys/fs/cgroup/memory none bind,ro,nosuid,nodev,noexec,optional,create=dir 0 0"),
                onV1.toString());
        assertFalse(onV1.stream().anyMatch(m -> m.contains("sys/fs/cgroup/unified")), "the hybrid layout's unified is left out");
        List<String> onV2 = values(translate(spec(cgroup, ""), v2), "lxc.mount.entry");
        assertEquals(tmp.resolve("cg2/lxc.payload.c1") + " sys/fs/cgroup none bind,ro,nosuid,nodev,noexec,create=dir 0 0", onV2.getFirst());
    }

    @Test
    void resourcesBecomeCgroupItemsOfTheHostsVersion() {
        String linux = ", \"resources\": {\"memory\": {\"limit\": 67108864}, \"pids\": {\"limit\": 20}}";
        Translation t1 = translate(spec("", linux), v1);
        assertEquals(List.of("67108864"), values(t1, "lxc.cgroup.memory.limit_in_bytes"));
        assertEquals(List.of("20"), values(t1, "lxc.cgroup.pids.max"));
        assertEquals(List.of("lxc.payload.c1"), values(t1, "lxc.cgroup.dir.container"));
        assertTrue(t1.cgroups().contains(tmp.resolve("cg1/memory/lxc.payload.c1")), t1.cgroups().toString());
        Translation t2 = translate(spec("", linux), v2);
        assertEquals(List.of("67108864"), values(t2, "lxc.cgroup2.memory.max"));
        assertEquals(List.of(tmp.resolve("cg2/lxc.payload.c1"), tmp.resolve("cg2/lxc.monitor.c1")), t2.cgroups());
    }

    @Test
    void namespacedSettingsNeedTheirNamespace() {
        assertEquals("$.linux.sysctl[\"net.ipv4.ip_forward\"]: needs its own network namespace in linux.namespaces; it would change the host's",
                assertThrows(OciException.class, () -> translate(spec("", "").replace(", {\"type\": \"network\"}", "")
                        .replace("\"namespaces\"", "\"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}, \"namespaces\""), v1)).getMessage());
        assertTrue(translate(spec("", ", \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}"), v1).hookRecords()
                .contains("sysctl=net.ipv4.ip_forward=1"));
        assertEquals("$.hostname: needs a UTS namespace in linux.namespaces (new or joined); it would rename the host",
                assertThrows(OciException.class, () -> translate(spec(", \"hostname\": \"h\"", "").replace(", {\"type\": \"uts\"}", ""), v1))
                        .getMessage());
        assertEquals("$.linux.namespaces[4].type: namespace pid listed twice", assertThrows(OciException.class,
                () -> translate(spec("", "").replace("{\"type\": \"network\"}", "{\"type\": \"network\"}, {\"type\": \"pid\"}"), v1))
                .getMessage());
    }

    @Test
    void devicesPathsAndPersonality() {
        Translation t = translate(spec("", ", \"devices\": [{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229}],"
                + " \"maskedPaths\": [\"/proc/kcore\"], \"readonlyPaths\": [\"/proc/sys\"], \"personality\": {\"domain\": \"LINUX32\"}"), v1);
        assertTrue(t.hookRecords().containsAll(List.of("dev=c 10 229 666 0 0 /dev/fuse", "mask=/proc/kcore", "ro=/proc/sys")),
                t.hookRecords().toString());
        assertEquals(List.of("linux32"), values(t, "lxc.arch"));
    }

    @Test
    void hooksBeforePivotRootSplitTheMountHook() {
        String hooks = ", \"hooks\": {\"createContainer\": [{\"path\": \"/bin/true\", \"args\": [\"true\"], \"timeout\": 5}],"
                + " \"startContainer\": [{\"path\": \"/bin/echo\"}], \"poststop\": [{\"path\": \"/bin/true\"}]}";
        Translation t = translate(spec(hooks, ""), v1);
        List<String> mountHooks = values(t, "lxc.hook.mount");
        assertEquals(3, mountHooks.size(), mountHooks.toString());
        assertTrue(mountHooks.get(0).contains(" --devices "), mountHooks.toString());
        assertTrue(mountHooks.get(1).endsWith("init --create-hooks"), mountHooks.toString());
        assertTrue(mountHooks.get(2).contains(" --paths "), mountHooks.toString());
        assertEquals(List.of("hook=/bin/true", "hookarg=true", "hooktimeout=5"), t.createContainer());
        assertTrue(t.init().contains("hook=/bin/echo"), t.init().toString());
        assertEquals(1, t.poststop().size());
        assertEquals(1, values(translate(spec("", ""), v1), "lxc.hook.mount").size(), "without them: one --all hook");
    }

    @Test
    void fieldsThisRuntimeDoesNotImplementAreRefusedByPath() {
        assertEquals("$.solaris: not supported", assertThrows(OciException.class,
                () -> translate(spec(", \"solaris\": {\"milestone\": \"x\"}", ""), v1)).getMessage());
        assertEquals("$.linux.intelRdt: not supported", assertThrows(OciException.class,
                () -> translate(spec("", ", \"intelRdt\": {\"closID\": \"a\"}"), v1)).getMessage());
        assertEquals("$.linux.resources.unified: needs a cgroup v2 host (this host uses cgroup v1 controllers)",
                assertThrows(OciException.class, () -> translate(spec("", ", \"resources\": {\"unified\": {\"memory.high\": \"1\"}}"), v1))
                        .getMessage());
    }
}
