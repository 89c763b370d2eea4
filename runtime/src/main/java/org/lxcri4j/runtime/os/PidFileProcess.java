package org.lxcri4j.runtime.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lxcri4j.lxc.CgroupMembership;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.Namespace;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.store.RuntimeFiles;

/**
 * The process create writes into the pid file: lxcri4j-start, the parent of liblxc's monitor (see
 * lxcri4j-start.c for why it is not the container's init). Once the init exists, create makes it
 * stand where the init stands, as conmon, podman and containerd's shim read "the container" from
 * the pid file's process: in the init's cgroups and namespaces. Its own pid namespace cannot
 * change; it enters the init's for its children, and {@link #pidNamespace} reads that.
 *
 * <p>It joins every cgroup of the init except in a hierarchy that counts pids: pids.current and
 * pids.max keep the spec's meaning, and ps and kill --all (which list the pids cgroup) never see
 * it. On a cgroup v2-only host that leaves it in its own cgroup. The stop hook moves it back
 * before liblxc removes the container's cgroups.
 */
public final class PidFileProcess {

    /** glibc's SIGRTMIN: queued with the init's pid as its value, it makes lxcri4j-start join. */
    public static final int JOIN_SIGNAL = 34;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern PID_NAMESPACE = Pattern.compile("/proc/(\\d+)/ns/pid");

    private PidFileProcess() {
    }

    /**
     * Moves {@code pid} into the cgroups of {@code initPid} (recording the way back in
     * {@code hookConf} first) and has it enter the init's namespaces.
     */
    public static void join(Process process, int initPid, Path hookConf) {
        int pid = (int) process.pid();
        Map<String, Path> home = CgroupMembership.of(pid).cgroups();
        Map<String, Path> container = CgroupMembership.of(initPid).cgroups();
        List<String> records = new ArrayList<>(List.of(RecordKey.EVICT.of(pid)));
        List<Path> targets = new ArrayList<>();
        container.forEach((hierarchy, dir) -> {
            Path from = home.get(hierarchy);
            if (from != null && !from.equals(dir) && !countsPids(hierarchy, dir)) {
                records.add(RecordKey.HOME.of(from));
                targets.add(dir);
            }
        });
        if (!targets.isEmpty()) {
            appendRecords(hookConf, records);
        }
        for (Path dir : targets) {
            try {
                Files.writeString(dir.resolve("cgroup.procs"), Integer.toString(pid));
            } catch (IOException e) {
                throw new OciException("cannot move the pid-file process " + pid + " into " + dir + ": " + e.getMessage());
            }
        }
        Posix.sigqueue(pid, JOIN_SIGNAL, initPid);
        awaitNamespaces(process, initPid);
    }

    /**
     * Create is done: JOIN_SIGNAL with the value 0 makes the pid-file process stop dying with
     * its creator (its parent-death signal, set so that a killed create takes it along); it
     * acknowledges with the file handed-over in the runtime directory.
     */
    public static void handOver(Process process, Path runtimeDir) {
        Path ack = RuntimeFile.HANDED_OVER.in(runtimeDir);
        Posix.sigqueue((int) process.pid(), JOIN_SIGNAL, 0);
        // until it acknowledges, this process's exit would still kill it
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (!Files.exists(ack)) {
            if (!process.isAlive()) {
                throw new OciException("the container stopped while create handed it over");
            }
            if (System.nanoTime() > deadline) {
                throw new OciException("the pid-file process " + process.pid() + " did not take the container over within "
                        + JOIN_TIMEOUT.toSeconds() + "s");
            }
            Sleep.millis(1);
        }
    }

    private static boolean countsPids(String hierarchy, Path dir) {
        if (!hierarchy.isEmpty()) {
            return List.of(hierarchy.split(",")).contains("pids");
        }
        try {
            return List.of(Files.readString(dir.resolve("cgroup.controllers")).strip().split(" ")).contains("pids");
        } catch (IOException e) {
            return true;
        }
    }

    private static void appendRecords(Path hookConf, List<String> records) {
        try {
            byte[] old = Files.readAllBytes(hookConf);
            byte[] add = RuntimeFiles.records(records);
            byte[] all = java.util.Arrays.copyOf(old, old.length + add.length);
            System.arraycopy(add, 0, all, old.length, add.length);
            RuntimeFiles.replace(hookConf, all, true);
        } catch (IOException e) {
            throw new OciException("cannot write " + hookConf + ": " + e.getMessage());
        }
    }

    private static void awaitNamespaces(Process process, int initPid) {
        int pid = (int) process.pid();
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (!sameNamespaces(pid, initPid)) {
            if (!process.isAlive()) {
                throw new OciException("the container stopped while its pid-file process joined it");
            }
            if (System.nanoTime() > deadline) {
                throw new OciException("the pid-file process " + pid + " did not enter the namespaces of pid " + initPid
                        + " within " + JOIN_TIMEOUT.toSeconds() + "s");
            }
            Sleep.millis(1);
        }
    }

    private static boolean sameNamespaces(int pid, int initPid) {
        for (Namespace ns : Namespace.values()) {
            Path mine = Path.of("/proc", Integer.toString(pid), "ns", ns.enteredEntry());
            Path init = Path.of("/proc", Integer.toString(initPid), "ns", ns.lxcName());
            if (!Files.exists(init)) {
                continue; // a namespace type this kernel lacks
            }
            try {
                if (!Files.readSymbolicLink(mine).equals(Files.readSymbolicLink(init))) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * A pid namespace path as a spec gives it, with {@code /proc/PID/ns/pid} of a pid-file process
     * (as podman and CRI-O name a container's namespaces when containers share them) taken to mean
     * that container's pid namespace: the one its pid-file process entered for its children.
     */
    public static String pidNamespace(String path) {
        Matcher m = PID_NAMESPACE.matcher(path);
        if (!m.matches()) {
            return path;
        }
        Path proc = Path.of("/proc", m.group(1));
        try {
            if (Files.readString(proc.resolve("comm")).strip().equals("lxcri4j-start")
                    && !Files.readSymbolicLink(proc.resolve("ns/pid")).equals(Files.readSymbolicLink(proc.resolve("ns/pid_for_children")))) {
                return proc.resolve("ns/pid_for_children").toString();
            }
        } catch (IOException e) {
            // gone, or not readable: the path stands as given
        }
        return path;
    }
}
