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
import org.lxcri4j.runtime.protocol.CreateMessage;
import org.lxcri4j.runtime.protocol.RecordKey;
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

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern PID_NAMESPACE = Pattern.compile("/proc/(\\d+)/ns/pid");
    private static final String PEER = "the pid-file process";

    private PidFileProcess() {
    }

    /**
     * Moves {@code process} into the cgroups of {@code initPid} (recording the way back in
     * {@code hookConf} first) and has it enter the init's namespaces.
     */
    public static void join(Process process, int initPid, Path hookConf, CreateChannel channel) throws IOException {
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
        channel.send(CreateMessage.JOIN);
        expect(channel, process, CreateMessage.JOINED, "the container stopped while its pid-file process joined it");
    }

    /**
     * Create is done: the pid-file process stops dying with its creator (its parent-death signal,
     * and the create socket's end, take a killed create's container along).
     */
    public static void handOver(Process process, CreateChannel channel) throws IOException {
        channel.send(CreateMessage.HAND_OVER);
        expect(channel, process, CreateMessage.HANDED_OVER, "the container stopped while create handed it over");
    }

    private static void expect(CreateChannel channel, Process process, CreateMessage expected, String gone) throws IOException {
        String line = channel.receive(JOIN_TIMEOUT, process::isAlive, PEER);
        if (line == null) {
            throw new OciException(gone);
        }
        if (line.startsWith(CreateMessage.FAIL.word + " ")) {
            throw new OciException(line.substring(CreateMessage.FAIL.word.length() + 1));
        }
        if (!line.equals(expected.word)) {
            throw new OciException(PEER + " " + process.pid() + " answered '" + line + "' instead of " + expected.word);
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
            RuntimeFiles.replace(hookConf, all, true, false);
        } catch (IOException e) {
            throw new OciException("cannot write " + hookConf + ": " + e.getMessage());
        }
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
