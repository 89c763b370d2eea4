package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CRI-O's life of a pod, replayed through the CLI on the config.json files CRI-O 1.31 wrote (test
 * resources cri-o/: its pause sandbox and a container of the pod, with CRI-O's own seccomp
 * profile), with the argv shapes CRI-O and conmon use. As `pinns` does, the pod's network, IPC and
 * UTS namespaces are pinned by bind mounts of a process's /proc/PID/ns/*, and the specs' paths are
 * rewritten into the test's directory; every call runs under a subreaper, as conmon is.
 *
 * <p>Everything happens in one throwaway pid and mount namespace (the holder): the pins' bind
 * mounts and the containers' processes go with it whatever the runtime does.
 */
class CrioContractTest extends RuntimeTestBase {

    /** CRI-O's own: the pod's hostname. */
    private static final String HOSTNAME = "88eae1df3c2e";
    /** In place of CRI-O's /crio, the absolute cgroupsPath parent of the pod's containers. */
    private static final String CGROUP_PARENT = "lxcri4j-crio-test";

    private Process holder;
    /** The holder's pid 1 (catatonit), as the host sees it. */
    private long holderInit;
    private final List<String> ids = new ArrayList<>();
    private Path userdata;

    @BeforeEach
    void startHolder() throws Exception {
        holder = new ProcessBuilder("unshare", "--pid", "--fork", "--mount", "--propagation", "slave", "--mount-proc",
                "catatonit", "--", "sleep", "100000").redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (holderInit == 0 && System.nanoTime() < deadline) {
            var children = holder.toHandle().children().toList();
            if (!children.isEmpty() && Files.readString(Path.of("/proc/" + children.getFirst().pid() + "/comm")).strip().equals("catatonit")) {
                holderInit = children.getFirst().pid();
            } else {
                Thread.sleep(10);
            }
        }
        assertTrue(holderInit > 0, "the throwaway namespace did not come up");
        userdata = Files.createDirectories(tmp.resolve("userdata"));
    }

    @AfterEach
    void stopHolder() throws Exception {
        for (String id : ids) {
            crio("delete", "--force", id);
        }
        holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        removeCgroupParent();
    }

    /** A command in the holder's namespaces. */
    private Cli.Result inHolder(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--target", Long.toString(holderInit), "--pid", "--mount", "--"));
        cmd.addAll(List.of(argv));
        return Cli.exec(cmd);
    }

    /** The CLI as CRI-O and conmon call it: in the holder, under a subreaper, with the global flags first. */
    private Cli.Result crio(String... args) {
        List<String> argv = new ArrayList<>(List.of("catatonit", "--", Cli.BINARY.toString()));
        if (args[0].startsWith("--root=")) {
            argv.add(args[0]);
            argv.addAll(List.of("--log", log.toString(), "--log-format", "json"));
            argv.addAll(List.of(args).subList(1, args.length));
        } else {
            argv.addAll(List.of("--root", root.toString(), "--log", log.toString(), "--log-format", "json"));
            argv.addAll(List.of(args));
        }
        return inHolder(argv.toArray(String[]::new));
    }

    private String sh(String script) {
        Cli.Result r = inHolder("sh", "-c", script);
        assertEquals(0, r.exit(), script + ": " + r);
        return r.stdout().strip();
    }

    /** pinns: a process with its own network, IPC and UTS namespaces, bind-mounted onto files. */
    private Map<String, Path> pinNamespaces() {
        Path pins = tmp.resolve("ns");
        sh("mkdir -p " + pins + " && unshare --net --ipc --uts sleep 100 & p=$!;"
                + " while [ \"$(readlink /proc/$p/ns/uts)\" = \"$(readlink /proc/self/ns/uts)\" ]; do sleep 0.01; done;"
                + " for n in net ipc uts; do touch " + pins + "/$n && mount --bind /proc/$p/ns/$n " + pins + "/$n; done; kill $p");
        return Map.of("network", pins.resolve("net"), "ipc", pins.resolve("ipc"), "uts", pins.resolve("uts"));
    }

    private static ObjectNode spec(String name) throws IOException {
        try (InputStream in = CrioContractTest.class.getResourceAsStream("/cri-o/" + name)) {
            return (ObjectNode) Bundle.JSON.readTree(in);
        }
    }

    /**
     * CRI-O's spec with its host paths moved into the test: the rootfs, the userdata files it
     * bind-mounts, the pinned namespaces, the termination message; the pid namespace of the
     * container is the sandbox's, through the sandbox's pid file as CRI-O names it.
     */
    private Bundle rewrite(ObjectNode spec, Map<String, Path> pins, String id, String sandboxPid) throws IOException {
        Bundle b = bundle();
        b.config.removeAll();
        b.config.setAll(spec);
        ((ObjectNode) b.config.get("root")).put("path", b.dir.resolve("rootfs").toString());
        Path pause = b.dir.resolve("rootfs/pause");
        Files.writeString(pause, "#!/bin/sh\ntrap 'exit 0' TERM INT\nwhile :; do sleep 1; done\n");
        pause.toFile().setExecutable(true, false);
        for (JsonNode m : b.config.get("mounts")) {
            String source = m.path("source").asText();
            if (source.startsWith("/run/crio-test/") || source.startsWith("/var/lib/crio-test/")) {
                Path local = userdata.resolve(source.substring(source.lastIndexOf('/') + 1));
                if (local.getFileName().toString().equals("shm")) {
                    Files.createDirectories(local);
                } else if (!Files.exists(local)) {
                    Files.writeString(local, local.getFileName().toString().equals("hostname") ? HOSTNAME + "\n" : "");
                }
                ((ObjectNode) m).put("source", local.toString());
            }
        }
        for (JsonNode ns : b.linux().get("namespaces")) {
            String type = ns.get("type").asText();
            if (pins.containsKey(type)) {
                ((ObjectNode) ns).put("path", pins.get(type).toString());
            } else if (type.equals("pid") && ns.has("path")) {
                ((ObjectNode) ns).put("path", "/proc/" + sandboxPid + "/ns/pid");
            }
        }
        String cgroups = b.linux().get("cgroupsPath").asText();
        b.linux().put("cgroupsPath", cgroups.startsWith("/") ? "/" + CGROUP_PARENT + "/crio-" + id : "crio-" + id);
        ObjectNode annotations = (ObjectNode) b.config.get("annotations");
        annotations.put("io.kubernetes.container.terminationMessagePath", tmp.resolve("termination-" + id).toString());
        // CRI-O's -998 for the pod's infra container needs CAP_SYS_RESOURCE, which not every host's root has
        if (b.process().has("oomScoreAdj") && !canLowerOomScoreAdj()) {
            b.process().put("oomScoreAdj", Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).strip()));
        }
        b.write();
        return b;
    }

    private static boolean canLowerOomScoreAdj() {
        return Cli.exec(List.of("sh", "-c", "echo -998 > /proc/self/oom_score_adj")).exit() == 0;
    }

    @Test
    void aPodAndItsContainerLiveAsOnRunc() throws Exception {
        Map<String, Path> pins = pinNamespaces();
        String sandbox = newId();
        String container = newId();

        // conmon: --root=ROOT create --bundle B --pid-file B/pidfile ID
        Bundle pod = rewrite(spec("sandbox.json"), pins, sandbox, null);
        register(sandbox, pod);
        ids.add(sandbox);
        Cli.Result created = crio("--root=" + root, "create", "--bundle", pod.dir.toString(), "--pid-file",
                pod.dir.resolve("pidfile").toString(), sandbox);
        assertEquals(0, created.exit(), "sandbox create: " + created);
        assertEquals("created", state(sandbox).get("status").asText());
        assertEquals(0, crio("start", sandbox).exit());
        assertEquals("running", state(sandbox).get("status").asText());
        String sandboxPidFile = Files.readString(pod.dir.resolve("pidfile")).strip();

        Bundle top = rewrite(spec("container.json"), pins, container, sandboxPidFile);
        register(container, top);
        ids.add(container);
        created = crio("--root=" + root, "create", "--bundle", top.dir.toString(), "--pid-file",
                top.dir.resolve("pidfile").toString(), container);
        assertEquals(0, created.exit(), "container create: " + created);
        assertEquals(0, crio("start", container).exit());
        assertEquals("running", state(container).get("status").asText());
        int sandboxInit = state(sandbox).get("pid").asInt();
        int init = state(container).get("pid").asInt();

        // the pod's hostname, in the pinned UTS namespace, for both
        assertEquals(HOSTNAME, sh("nsenter --target " + sandboxInit + " --uts hostname"));
        assertEquals(HOSTNAME, sh("nsenter --target " + init + " --uts hostname"));
        // every namespace but mount is the pod's: the pins', and the sandbox's pid namespace
        for (var pin : Map.of("net", pins.get("network"), "ipc", pins.get("ipc"), "uts", pins.get("uts")).entrySet()) {
            String pinned = sh("stat -L -c %i " + pin.getValue());
            assertEquals(pinned, sh("stat -L -c %i /proc/" + init + "/ns/" + pin.getKey()), pin.getKey());
            assertEquals(pinned, sh("stat -L -c %i /proc/" + sandboxInit + "/ns/" + pin.getKey()), pin.getKey());
        }
        assertEquals(sh("stat -L -c %i /proc/" + sandboxInit + "/ns/pid"), sh("stat -L -c %i /proc/" + init + "/ns/pid"));
        assertTrue(!sh("readlink /proc/" + init + "/ns/mnt").equals(sh("readlink /proc/" + sandboxInit + "/ns/mnt")));
        // the absolute cgroupsPath, in every v1 hierarchy the container has a cgroup in
        String cgroups = sh("cat /proc/" + init + "/cgroup");
        for (String line : cgroups.lines().toList()) {
            String[] f = line.split(":", 3);
            if (!f[1].isEmpty() && !f[1].startsWith("name=")) {
                assertEquals("/" + CGROUP_PARENT + "/crio-" + container, f[2], line);
            }
        }
        // CRI-O's seccomp profile in force: unshare is denied, clone without namespace flags allowed
        assertEquals("2", sh("grep '^Seccomp:' /proc/" + init + "/status | cut -f2"));
        int expectedOom = pod.process().get("oomScoreAdj").asInt();
        assertEquals(Integer.toString(expectedOom), sh("cat /proc/" + sandboxInit + "/oom_score_adj"));

        // conmon: --root=ROOT exec --pid-file F --process F --detach ID
        ObjectNode process = (ObjectNode) top.process().deepCopy();
        process.set("args", Bundle.JSON.createArrayNode().add("sh").add("-c")
                .add("{ hostname; unshare -n true 2>&1 || echo denied; (true &) && echo forked; } > /dev/shm/exec.out"));
        Path processFile = tmp.resolve("exec-process.json");
        Files.writeString(processFile, process.toString());
        Path execPid = tmp.resolve("exec.pid");
        Cli.Result exec = crio("--root=" + root, "exec", "--pid-file", execPid.toString(), "--process", processFile.toString(),
                "--detach", container);
        assertEquals(0, exec.exit(), exec.toString());
        Path out = userdata.resolve("shm/exec.out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!Files.exists(out) || Bundle.lines(Files.readString(out)).size() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<String> seen = Bundle.lines(Files.readString(out));
        assertEquals(HOSTNAME, seen.getFirst(), seen.toString());
        assertTrue(seen.contains("denied") && seen.contains("forked"), "the profile's clone rules, split as runc splits them: " + seen);

        // CRI-O's stop: kill 15, state until stopped, kill 9 for what does not stop
        assertEquals(0, crio("kill", container, "15").exit());
        waitForStatus(container, "stopped");
        assertEquals(128 + 15, exitStatus(container), "top ends on SIGTERM");
        assertEquals(0, crio("kill", sandbox, "9").exit());
        waitForStatus(sandbox, "stopped");
        assertEquals(128 + 9, exitStatus(sandbox));
        assertEquals(0, crio("delete", "--force", container).exit());
        assertEquals(0, crio("delete", "--force", sandbox).exit());
        for (String id : List.of(container, sandbox)) {
            assertTrue(!Files.exists(root.resolve(id)), id);
        }
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                assertTrue(!Files.exists(h.resolve(CGROUP_PARENT).resolve("crio-" + container)), h + ": container cgroup left");
            }
        }
    }

    @Override
    JsonNode state(String id) throws IOException {
        Cli.Result r = crio("--root=" + root, "state", id);
        assertEquals(0, r.exit(), r.stderr());
        return Bundle.JSON.readTree(r.stdout());
    }

    /** The parent cgroups of the containers' absolute cgroupsPath (liblxc removes only the leaves, as runc does). */
    private static void removeCgroupParent() throws IOException {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Files.deleteIfExists(h.resolve(CGROUP_PARENT));
            }
        } catch (IOException e) {
            // still in use by a leftover, which the base class reports
        }
    }
}
