package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.lxcri4j.lxc.CgroupMembership;
import org.lxcri4j.lxc.ContainerLog;
import org.lxcri4j.lxc.LxcContainer;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.CreateOptions;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.cgroup.CgroupSweep;
import org.lxcri4j.runtime.json.JsonWriter;
import org.lxcri4j.runtime.os.CallerReaper;
import org.lxcri4j.runtime.os.CreateChannel;
import org.lxcri4j.runtime.os.Fifo;
import org.lxcri4j.runtime.os.IdmapNamespaces;
import org.lxcri4j.runtime.os.PidFileProcess;
import org.lxcri4j.runtime.os.PreservedFds;
import org.lxcri4j.runtime.os.ProcessInfo;
import org.lxcri4j.runtime.protocol.CreateMessage;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.Spec;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerId;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;
import org.lxcri4j.runtime.store.RuntimeFiles;
import org.lxcri4j.runtime.translate.Translation;
import org.lxcri4j.runtime.translate.Translator;
import org.tinylog.Logger;

/**
 * create: the bundle translated, the runtime directory written, liblxc's monitor spawned, the
 * container held before its user process; on any failure nothing is left behind.
 */
public final class CreateOperation {

    private static final String PEER = "lxcri4j-start";

    private CreateOperation() {
    }

    /** Creates container {@code id} from {@code bundle}; on failure nothing is left behind. */
    public static void create(RuntimeContext ctx, String id, Path bundle, CreateOptions options) {
        ContainerId.validate(id);
        PreservedFds.requireOpen(options.preserveFds());
        Path consoleSocket = options.consoleSocket();
        Path bundleDir = bundle.toAbsolutePath().normalize();
        StepClock clock = new StepClock(ctx.debug(), "create " + id);
        Spec spec = SpecReader.read(bundleDir);
        clock.step("config.json read");
        boolean terminal = Boolean.TRUE.equals(spec.process().terminal());
        if (terminal && consoleSocket == null) {
            throw new OciException("$.process.terminal is true: --console-socket is required to receive the terminal");
        }
        if (!terminal && consoleSocket != null) {
            throw new OciException("--console-socket: process.terminal is false; a console socket needs a terminal");
        }
        if (terminal && !Files.exists(consoleSocket)) {
            throw new OciException("--console-socket " + consoleSocket + ": no such socket");
        }
        try (ContainerLock lock = ctx.store().create(id)) {
            createLocked(ctx, id, spec, bundleDir, options, clock);
        }
    }

    private static void createLocked(RuntimeContext ctx, String id, Spec spec, Path bundleDir, CreateOptions options,
                                     StepClock clock) {
        Path pidFile = options.pidFile();
        Path dir = ctx.store().dir(id);
        Process monitor = null;
        try {
            Translation t = Translator.translate(spec, bundleDir, dir, ctx.libexec().resolve("lxcri4j-hook"), CgroupLayout.host(),
                    options.preserveFds());
            clock.step("translated");
            claimCgroups(ctx, id, t.cgroups());
            RuntimeDirectory.writeBox(ctx, dir, t, spec, options.preserveFds());
            clock.step("runtime directory written");
            RuntimeDirectory.writeConfig(dir, t, ctx.debug());
            clock.step("liblxc config written");
            int initPid;
            try (CreateChannel channel = CreateChannel.listen(RuntimeFile.CREATE_SOCKET.in(dir));
                 IdmapNamespaces idmaps = IdmapNamespaces.open(t.idmappedMounts())) {
                monitor = spawnMonitor(ctx, id, dir, options, CgroupLayout.rooted(spec.linux() == null ? null : spec.linux().cgroupsPath()),
                        channel.path());
                Process started = monitor;
                channel.accept(ContainerStatus.CREATE_TIMEOUT, started::isAlive, PEER);
                clock.step("monitor spawned");
                if (t.createHooks()) {
                    runCreateHooks(ctx, id, dir, t, spec, bundleDir, monitor);
                    clock.step("create hooks run");
                }
                initPid = awaitReady(id, dir, spec, monitor, channel);
                clock.step("the init is ready");
                // stdin of startContainer hooks, now with the pid
                writeHookState(RuntimeFile.START_STATE.in(dir), new State(ContainerRuntime.OCI_VERSION, id, State.CREATED, initPid,
                        bundleDir.toString(), ContainerStatus.annotations(spec)));
                PidFileProcess.join(monitor, initPid, RuntimeFile.HOOK_CONF.in(dir), channel);
                clock.step("the pid-file process joined");
                ContainerRecord record = new ContainerRecord(id, bundleDir.toString(), ContainerStatus.annotations(spec),
                        (int) monitor.pid(), initPid,
                        ProcessInfo.startTime(initPid), Instant.now().toString(), t.poststart(), t.poststop(),
                        cgroupDirs(initPid));
                ctx.store().write(record);
                if (pidFile != null) {
                    RuntimeFiles.writePidFile(pidFile, CallerReaper.isSubreaper() ? (int) monitor.pid() : initPid);
                }
                // until here, the pid-file process dies with this one (lxcri4j-start.c)
                PidFileProcess.handOver(monitor, channel);
                clock.step("record written, handed over");
            }
        } catch (IOException e) {
            abort(ctx, id, monitor);
            throw new OciException("create " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abort(ctx, id, monitor);
            throw e;
        }
    }

    /**
     * Makes sure the cgroups liblxc will make do not exist (liblxc refuses one that does): one a
     * killed container left empty is removed, one that holds processes fails create with its
     * path. Then records where they will be, before anything is started, for delete --force.
     */
    private static void claimCgroups(RuntimeContext ctx, String id, List<Path> planned) throws IOException {
        List<Path> busy = CgroupSweep.populated(planned);
        if (!busy.isEmpty()) {
            throw new OciException("create " + id + ": cgroup " + busy.getFirst() + " already exists and holds processes"
                    + " (left by an earlier container of this name?)");
        }
        List<Path> left = CgroupSweep.killAndRemove(planned);
        if (!left.isEmpty()) {
            throw new OciException("create " + id + ": cannot remove the leftover cgroup " + left.getFirst());
        }
        ctx.store().writePlannedCgroups(id, planned);
    }

    /**
     * The hooks of create that come before pivot_root, in the spec's order: prestart and
     * createRuntime here, in the runtime's namespaces, while liblxc's mount hook (the box's init)
     * waits in the container's; then the createContainer hooks, which that mount hook runs. A
     * failure makes the mount hook fail, which abandons the start.
     */
    private static void runCreateHooks(RuntimeContext ctx, String id, Path dir, Translation t, Spec spec, Path bundle, Process monitor) throws IOException {
        Path created = RuntimeFile.CREATED_FIFO.in(dir);
        Path proceed = RuntimeFile.PROCEED_FIFO.in(dir);
        String peer = "the container's mount hook";
        String pid = Fifo.read(created, ContainerStatus.CREATE_TIMEOUT, monitor::isAlive, peer);
        State state;
        try {
          state = new State(ContainerRuntime.OCI_VERSION, id, State.CREATING, Integer.parseInt(pid), bundle.toString(), ContainerStatus.annotations(spec));
        } catch (NumberFormatException e) {
            throw new OciException("create " + id + ": the container's mount hook reported " + pid);
        }
        try {
            HookRunner.run("prestart", t.prestart(), state);
            HookRunner.run("createRuntime", t.createRuntime(), state);
        } catch (OciException e) {
            Fifo.write(proceed, "fail", ContainerStatus.START_TIMEOUT, monitor::isAlive, peer);
            throw e;
        }
        writeHookState(RuntimeFile.CREATE_STATE.in(dir), state);
        Fifo.write(proceed, "ok", ContainerStatus.START_TIMEOUT, monitor::isAlive, peer);
        String result = Fifo.read(created, ContainerStatus.START_TIMEOUT, monitor::isAlive, peer);
        if (!result.equals("ok")) {
            throw new OciException("create " + id + ": " + result);
        }
    }

    /**
     * The init's report once it waits for start, through lxcri4j-start: the terminal handed over
     * and the program found (the init's host pid then), or why not; as with runc, a program that
     * cannot be run fails create. lxcri4j-start's exit before that is liblxc's failure to start.
     */
    private static int awaitReady(String id, Path dir, Spec spec, Process monitor, CreateChannel channel) throws IOException {
        String line = channel.receive(ContainerStatus.CREATE_TIMEOUT, monitor::isAlive, PEER);
        if (line == null) {
            int exit = exitValue(monitor);
            throw new OciException("create " + id + ": container failed to start: " + failureReason(dir, exit));
        }
        if (line.startsWith(CreateMessage.READY.word + " ")) {
            try {
                return Integer.parseInt(line.substring(CreateMessage.READY.word.length() + 1));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        String why = line.startsWith(CreateMessage.FAIL.word + " ") ? line.substring(CreateMessage.FAIL.word.length() + 1) : line;
        ContainerStatus.terminationMessage(ContainerStatus.annotations(spec), why);
        throw new OciException("create " + id + ": " + why);
    }

    /** The exit status of lxcri4j-start, which has closed its end of the create socket. */
    private static int exitValue(Process monitor) {
        try {
            if (monitor.waitFor(ContainerStatus.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return monitor.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** A state for hooks the init runs. */
    private static void writeHookState(Path file, State state) throws IOException {
        RuntimeFiles.writeReadable(file, JsonWriter.write(state, false).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cgroups liblxc made for the container process and for its monitor (the process's
     * parent): theirs minus any they share with this process, which liblxc did not make.
     */
    private static List<String> cgroupDirs(int initPid) {
        Set<String> dirs = new LinkedHashSet<>();
        for (int pid : new int[] {initPid, ProcessInfo.parent(initPid)}) {
            CgroupMembership.of(pid).cgroups().values().forEach(d -> dirs.add(d.toString()));
        }
        CgroupMembership.of(ProcessHandle.current().pid()).cgroups().values().forEach(d -> dirs.remove(d.toString()));
        return List.copyOf(dirs);
    }

    /** The monitor's stdio becomes the container process's (for the CLI: whatever called create, e.g. conmon's pipes). */
    private static Process spawnMonitor(RuntimeContext ctx, String id, Path dir, CreateOptions options, boolean rootedCgroups,
                                        Path socket) throws IOException {
        Path console = options.consoleSocket();
        ProcessBuilder start = new ProcessBuilder(ctx.libexec().resolve("lxcri4j-start").toString(), id, ctx.store().root().toString(),
                RuntimeFile.CONFIG.in(dir).toString(), RuntimeFile.EXIT_STATUS.in(dir).toString(),
                socket.toString(), Integer.toString(options.preserveFds()),
                console == null ? "" : console.toAbsolutePath().toString(), RuntimeFile.BOX.in(dir).toString(),
                rootedCgroups ? "rooted" : "")
                .redirectInput(options.stdin()).redirectOutput(options.stdout()).redirectError(options.stderr());
        // it dies with this process until the hand-over, even if this one is gone before it looks
        start.environment().put("LXCRI4J_CREATOR", Long.toString(ProcessHandle.current().pid()));
        return start.start();
    }

    private static String failureReason(Path dir, int exit) {
        String errors = ContainerLog.errors(RuntimeFile.LXC_LOG.in(dir).toString(), 0);
        // what the mount hook could not do, which liblxc logs only as "Failed to run mount hooks"
        Path hook = RuntimeFile.HOOK_ERRORS.in(dir);
        try {
            if (Files.exists(hook)) {
                errors = String.join("; ", Files.readAllLines(hook)) + (errors.isEmpty() ? "" : "; " + errors);
            }
        } catch (IOException e) {
            // the liblxc log still says that the hook failed
        }
        return errors.isEmpty() ? "monitor exited with " + exit + " (see " + RuntimeFile.LXC_LOG.in(dir) + ")" : errors;
    }

    /** Undo a failed create: stop whatever started, remove the runtime directory. */
    private static void abort(RuntimeContext ctx, String id, Process monitor) {
        if (monitor != null && monitor.isAlive()) {
            try (LxcContainer c = LxcContainer.open(id, ctx.store().root())) {
                c.stop();
            } catch (RuntimeException ignored) {
                // the monitor may already be going
            }
            try {
                // A stopped monitor removes the container's cgroups; killing it would leave them.
                if (!monitor.waitFor(ContainerStatus.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    monitor.destroyForcibly();
                    monitor.waitFor(ContainerStatus.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (monitor != null) {
            try {
                monitor.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // a monitor that died could not remove the cgroups, nor end what runs in them
        CgroupSweep.killAndRemove(ctx.store().plannedCgroups(id));
        ctx.store().remove(id);
        if (ctx.debug()) {
            Logger.debug("create {}: undone", id);
        }
    }
}
