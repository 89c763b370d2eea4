package org.lxcri4j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.lxcri4j.lxc.AttachFlag;
import org.lxcri4j.lxc.AttachOptions;
import org.lxcri4j.lxc.CgroupMembership;
import org.lxcri4j.lxc.ContainerLog;
import org.lxcri4j.lxc.EnvPolicy;
import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.lxc.ContainerState;
import org.lxcri4j.lxc.LxcContainer;
import org.lxcri4j.lxc.LxcException;
import org.lxcri4j.runtime.spec.Spec;
import org.lxcri4j.runtime.spec.State;

/**
 * The OCI operations on liblxc, by container id; {@link Runtime} and {@link Container} are their
 * public face. Each container lives in {@code ROOT/ID}: its liblxc config, the record, the init's
 * box (init binary, init.conf, sync fifo) and the monitor's exit status.
 */
final class OciRuntime {

    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String TERMINATION_MESSAGE = "io.kubernetes.container.terminationMessagePath";
    /** Init records that every exec'd process gets as well (see Translation.everyProcess). */
    private static final String EXEC_RECORDS = "exec.records";
    /** The status `list` gives a container whose record cannot be read (`state` says why). */
    static final String BROKEN = "broken";
    /** In the box: linux.seccomp as compiled at create, loaded by the init for every process. */
    static final String SECCOMP_PROGRAM = "seccomp.bpf";
    /** Written by the monitor: the container process's wait status. */
    private static final String EXIT_STATUS = "exit-status";

    private final ContainerStore store;
    private final Path libexec;
    private final boolean debug;

    /**
     * @param root    runtime state directory (runc's --root)
     * @param libexec directory holding lxcri4j-start, lxcri4j-init and lxcri4j-hook
     */
    OciRuntime(Path root, Path libexec, boolean debug) {
        this.store = new ContainerStore(root);
        this.libexec = libexec;
        this.debug = debug;
    }

    Path dir(String id) {
        return store.dir(id);
    }

    // ---- create ----------------------------------------------------------------------------------

    /** Creates container {@code id} from {@code bundle}; on failure nothing is left behind. */
    void create(String id, Path bundle, CreateOptions options) {
        ContainerId.validate(id);
        PreservedFds.requireOpen(options.preserveFds());
        Path consoleSocket = options.consoleSocket();
        Path bundleDir = bundle.toAbsolutePath().normalize();
        Spec spec = SpecReader.read(bundleDir);
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
        try (ContainerLock lock = store.create(id)) {
            createLocked(id, spec, bundleDir, options);
        }
    }

    private void createLocked(String id, Spec spec, Path bundleDir, CreateOptions options) {
        Path pidFile = options.pidFile();
        Path dir = store.dir(id);
        Process monitor = null;
        try {
            Translation t = new Translator(spec, bundleDir, dir, libexec.resolve("lxcri4j-hook"), CgroupMode.detect(),
                    options.preserveFds()).translate();
            claimCgroups(id, t.cgroups());
            writeBox(dir, t, spec, options.preserveFds());
            configure(id, dir, t);
            int initPid;
            try (IdmapNamespaces idmaps = IdmapNamespaces.open(t.idmappedMounts())) {
                monitor = spawnMonitor(id, dir, options, CgroupMode.rooted(spec.linux() == null ? null : spec.linux().cgroupsPath()));
                if (t.createHooks()) {
                    runCreateHooks(id, dir, t, spec, bundleDir, monitor);
                }
                initPid = awaitInit(id, dir, monitor);
            }
            awaitReady(id, dir, spec, monitor);
            // stdin of startContainer hooks, now with the pid
            writeHookState(dir.resolve(Translator.BOX).resolve("state.json"), new State(Runtime.OCI_VERSION, id, State.CREATED, initPid,
                    bundleDir.toString(), annotations(spec)));
            PidFileProcess.join(monitor, initPid, dir.resolve("hook.conf"));
            ContainerRecord record = new ContainerRecord(spec.ociVersion(), id, bundleDir.toString(), annotations(spec),
                    (int) monitor.pid(), initPid,
                    ProcessInfo.startTime(initPid), Instant.now().toString(), t.poststart(), t.poststop(),
                    cgroupDirs(initPid));
            store.write(record);
            if (pidFile != null) {
                writePidFile(pidFile, CallerReaper.isSubreaper() ? (int) monitor.pid() : initPid);
            }
            // until here, the pid-file process dies with this one (lxcri4j-start.c)
            PidFileProcess.handOver(monitor, dir);
        } catch (IOException e) {
            abort(id, monitor);
            throw new OciException("create " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abort(id, monitor);
            throw e;
        }
    }

    /**
     * Makes sure the cgroups liblxc will make do not exist (liblxc refuses one that does): one a
     * killed container left empty is removed, one that holds processes fails create with its
     * path. Then records where they will be, before anything is started, for delete --force.
     */
    private void claimCgroups(String id, List<Path> planned) throws IOException {
        List<Path> busy = CgroupSweep.populated(planned);
        if (!busy.isEmpty()) {
            throw new OciException("create " + id + ": cgroup " + busy.getFirst() + " already exists and holds processes"
                    + " (left by an earlier container of this name?)");
        }
        List<Path> left = CgroupSweep.killAndRemove(planned);
        if (!left.isEmpty()) {
            throw new OciException("create " + id + ": cannot remove the leftover cgroup " + left.getFirst());
        }
        store.writePlannedCgroups(id, planned);
    }

    /**
     * The hooks of create that come before pivot_root, in the spec's order: prestart and
     * createRuntime here, in the runtime's namespaces, while liblxc's mount hook (the box's init)
     * waits in the container's; then the createContainer hooks, which that mount hook runs. A
     * failure makes the mount hook fail, which abandons the start.
     */
    private void runCreateHooks(String id, Path dir, Translation t, Spec spec, Path bundle, Process monitor) throws IOException {
        Path box = dir.resolve(Translator.BOX);
        Path created = box.resolve(Translator.CREATED_FIFO);
        Path proceed = box.resolve(Translator.PROCEED_FIFO);
        String peer = "the container's mount hook";
        String pid = Fifo.read(created, CREATE_TIMEOUT, monitor::isAlive, peer);
        State state;
        try {
            state = new State(Runtime.OCI_VERSION, id, State.CREATING, Integer.parseInt(pid), bundle.toString(), annotations(spec));
        } catch (NumberFormatException e) {
            throw new OciException("create " + id + ": the container's mount hook reported " + pid);
        }
        try {
            HookRunner.run("prestart", t.prestart(), state);
            HookRunner.run("createRuntime", t.createRuntime(), state);
        } catch (OciException e) {
            Fifo.write(proceed, "fail", START_TIMEOUT, monitor::isAlive, peer);
            throw e;
        }
        writeHookState(box.resolve(Translator.CREATE_STATE), state);
        Fifo.write(proceed, "ok", START_TIMEOUT, monitor::isAlive, peer);
        String result = Fifo.read(created, START_TIMEOUT, monitor::isAlive, peer);
        if (!result.equals("ok")) {
            throw new OciException("create " + id + ": " + result);
        }
    }

    /**
     * The init's report once it waits for start: the terminal handed over and the program found,
     * or why not; as with runc, a program that cannot be run fails create.
     */
    private static void awaitReady(String id, Path dir, Spec spec, Process monitor) {
        String ready = Fifo.read(dir.resolve(Translator.BOX).resolve("ready"), START_TIMEOUT, monitor::isAlive, "the container init");
        if (!ready.equals("ok")) {
            terminationMessage(annotations(spec), ready);
            throw new OciException("create " + id + ": " + ready);
        }
    }

    /** A state for hooks the init runs. */
    private static void writeHookState(Path file, State state) throws IOException {
        RuntimeFiles.writeReadable(file, Json.write(state.toMap(), false).getBytes(StandardCharsets.UTF_8));
    }


    private static Map<String, String> annotations(Spec spec) {
        return spec.annotations() == null ? Map.of() : spec.annotations();
    }

    /**
     * The container's copy of the init (its own, so that nothing done to it reaches the host's
     * binary or another container) and the box of what the init reads, which the init gets as a
     * descriptor and the container never sees; only the container's root may enter it.
     */
    private void writeBox(Path dir, Translation t, Spec spec, int preserveFds) throws IOException {
        Files.copy(libexec.resolve("lxcri4j-init"), dir.resolve(Translator.INIT_BINARY), StandardCopyOption.COPY_ATTRIBUTES);
        Path box = Files.createDirectory(dir.resolve(Translator.BOX),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        List<String> init = new ArrayList<>(t.init());
        if (preserveFds > 0) {
            init.add("preservefds=" + preserveFds); // the init closes every descriptor above them
        }
        Files.write(box.resolve("init.conf"), RuntimeFiles.records(init));
        RuntimeFiles.writeReadable(dir.resolve("hook.conf"), RuntimeFiles.records(t.hookRecords()));
        Posix.mkfifo(box.resolve("syncfifo"), 0600);
        // The init reports on this fifo during create: the terminal handed over and the program
        // found, or why not.
        Posix.mkfifo(box.resolve("ready"), 0600);
        if (t.createHooks()) {
            Files.write(box.resolve(Translator.CREATE_HOOKS), RuntimeFiles.records(t.createContainer()));
            Posix.mkfifo(box.resolve(Translator.CREATED_FIFO), 0600);
            Posix.mkfifo(box.resolve(Translator.PROCEED_FIFO), 0600);
        }
        if (t.seccompFilter() != null) {
            Files.write(box.resolve(SECCOMP_PROGRAM), t.seccompFilter().program());
        }
        Files.write(dir.resolve(EXEC_RECORDS), RuntimeFiles.records(t.everyProcess()));
        if (!t.heldSources().isEmpty()) {
            Files.write(box.resolve("sources"), RuntimeFiles.records(t.heldSources()));
        }
        if (!t.setns().isEmpty()) {
            Files.write(box.resolve("setns"), RuntimeFiles.records(t.setns()));
        }
        mappedRoot(spec).ifPresent(ids -> shareWithMappedRoot(dir, box, ids));
    }

    /** Host uid and gid of the container's root when it runs in a user namespace with mappings. */
    private static java.util.Optional<long[]> mappedRoot(Spec spec) {
        var linux = spec.linux();
        if (linux == null || linux.uidMappings() == null || linux.uidMappings().isEmpty()) {
            return java.util.Optional.empty();
        }
        long uid = hostIdOfRoot(linux.uidMappings());
        long gid = linux.gidMappings() == null ? uid : hostIdOfRoot(linux.gidMappings());
        return java.util.Optional.of(new long[] {uid, gid});
    }

    private static long hostIdOfRoot(List<org.lxcri4j.runtime.spec.IdMapping> maps) {
        for (var m : maps) {
            if (m.containerID() == 0) {
                return m.hostID();
            }
        }
        throw new OciException("$.linux.uidMappings: no mapping for the container's root (containerID 0)");
    }

    /**
     * liblxc makes the container's root traverse the lxc path and the init reads its box as that
     * root: the directories become 0711 (traversable, not listable) and the box is the root's.
     */
    private void shareWithMappedRoot(Path dir, Path box, long[] ids) {
        try {
            var traverse = java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x");
            Files.setPosixFilePermissions(store.root(), traverse);
            Files.setPosixFilePermissions(dir, traverse);
            var lookup = box.getFileSystem().getUserPrincipalLookupService();
            var user = lookup.lookupPrincipalByName(Long.toString(ids[0]));
            var group = lookup.lookupPrincipalByGroupName(Long.toString(ids[1]));
            try (var files = Files.list(box)) {
                for (Path p : java.util.stream.Stream.concat(java.util.stream.Stream.of(box), files).toList()) {
                    Files.setOwner(p, user);
                    Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new OciException("cannot hand the runtime directory to the container's root: " + e.getMessage());
        }
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


    /** Sets every item through liblxc, which validates it, and saves ROOT/ID/config. */
    private void configure(String id, Path dir, Translation t) {
        try (LxcContainer c = LxcContainer.open(id, store.root())) {
            c.setConfigItem("lxc.log.file", dir.resolve("lxc.log").toString());
            c.setConfigItem("lxc.log.level", debug ? "DEBUG" : "WARN");
            for (Translation.ConfigItem item : t.items()) {
                try {
                    c.setConfigItem(item.key(), item.value());
                } catch (LxcException e) {
                    throw new OciException(item.source() + ": liblxc rejected " + item.key() + " = " + item.value()
                            + (e.errorString() == null ? "" : " (" + e.errorString() + ")"));
                }
            }
            c.saveConfig();
        }
    }

    /** The monitor's stdio becomes the container process's (for the CLI: whatever called create, e.g. conmon's pipes). */
    private Process spawnMonitor(String id, Path dir, CreateOptions options, boolean rootedCgroups) throws IOException {
        Path console = options.consoleSocket();
        ProcessBuilder start = new ProcessBuilder(libexec.resolve("lxcri4j-start").toString(), id, store.root().toString(),
                dir.resolve("config").toString(), dir.resolve(EXIT_STATUS).toString(),
                Integer.toString(PidFileProcess.JOIN_SIGNAL), Integer.toString(options.preserveFds()),
                console == null ? "" : console.toAbsolutePath().toString(), dir.resolve(Translator.BOX).toString(),
                rootedCgroups ? "rooted" : "")
                .redirectInput(options.stdin()).redirectOutput(options.stdout()).redirectError(options.stderr());
        // it dies with this process until the hand-over, even if this one is gone before it looks
        start.environment().put("LXCRI4J_CREATOR", Long.toString(ProcessHandle.current().pid()));
        return start.start();
    }

    /**
     * Kills the container's lxcri4j-start processes (the pid-file process and the monitor), found
     * by their command line: for delete --force of a container whose record is missing or broken.
     */
    private void killHelpers(String id) {
        String prefix = libexec.resolve("lxcri4j-start") + "\0" + id + "\0" + store.root() + "\0";
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("cmdline")).startsWith(prefix)) {
                        Pidfd.open(Integer.parseInt(p.getFileName().toString())).ifPresent(fd -> {
                            try (fd) {
                                fd.signal(Signals.SIGKILL);
                            }
                        });
                    }
                } catch (IOException e) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new OciException("delete " + id + ": cannot list /proc: " + e.getMessage());
        }
    }

    /** Waits until liblxc reports the container running, i.e. the init waits on the sync fifo. */
    private int awaitInit(String id, Path dir, Process monitor) {
        long deadline = System.nanoTime() + CREATE_TIMEOUT.toNanos();
        long logMark = 0;
        try (LxcContainer c = LxcContainer.open(id, store.root())) {
            while (System.nanoTime() < deadline) {
                if (!monitor.isAlive()) {
                    throw new OciException("create " + id + ": container failed to start: "
                            + failureReason(dir, logMark, monitor.exitValue()));
                }
                if (c.state() == ContainerState.RUNNING) {
                    var pid = c.initPid();
                    if (pid.isPresent()) {
                        return pid.getAsInt();
                    }
                }
                sleep(5);
            }
        }
        throw new OciException("create " + id + ": container did not start within " + CREATE_TIMEOUT.toSeconds() + "s");
    }

    private static String failureReason(Path dir, long mark, int exit) {
        String errors = ContainerLog.errors(dir.resolve("lxc.log").toString(), mark);
        // what the mount hook could not do, which liblxc logs only as "Failed to run mount hooks"
        Path hook = dir.resolve(Translator.BOX).resolve("hook.errors");
        try {
            if (Files.exists(hook)) {
                errors = String.join("; ", Files.readAllLines(hook)) + (errors.isEmpty() ? "" : "; " + errors);
            }
        } catch (IOException e) {
            // the liblxc log still says that the hook failed
        }
        return errors.isEmpty() ? "monitor exited with " + exit + " (see " + dir.resolve("lxc.log") + ")" : errors;
    }

    private static void writePidFile(Path pidFile, int pid) throws IOException {
        RuntimeFiles.replace(pidFile, Integer.toString(pid).getBytes(StandardCharsets.UTF_8), true);
    }

    /** Undo a failed create: stop whatever started, remove the runtime directory. */
    private void abort(String id, Process monitor) {
        if (monitor != null && monitor.isAlive()) {
            try (LxcContainer c = LxcContainer.open(id, store.root())) {
                c.stop();
            } catch (RuntimeException ignored) {
                // the monitor may already be going
            }
            try {
                // A stopped monitor removes the container's cgroups; killing it would leave them.
                if (!monitor.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    monitor.destroyForcibly();
                    monitor.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
        CgroupSweep.killAndRemove(store.plannedCgroups(id));
        store.remove(id);
    }

    // ---- start -----------------------------------------------------------------------------------

    /** Lets the container process run: releases the init from the sync fifo. */
    void start(String id) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            String status = status(r);
            if (!status.equals(State.CREATED)) {
                throw new OciException("cannot start container " + id + ": it is " + status + ", not created");
            }
            String reply = Fifo.read(store.dir(id).resolve(Translator.BOX).resolve("syncfifo"), START_TIMEOUT, () -> true, "the container init");
            if (!reply.equals("ok")) {
                terminationMessage(r.annotations(), reply);
                throw new OciException("start " + id + ": " + reply);
            }
            Files.writeString(store.dir(id).resolve("started"), Instant.now().toString());
            try {
                HookRunner.run("poststart", r.poststart(), state(r, State.RUNNING));
            } catch (OciException e) {
                throw new OciException("start " + id + ": container started, but " + e.getMessage());
            }
        } catch (IOException e) {
            throw new OciException("start " + id + ": " + e.getMessage(), e);
        }
    }

    private static void terminationMessage(Map<String, String> annotations, String message) {
        String path = annotations == null ? null : annotations.get(TERMINATION_MESSAGE);
        if (path != null && !path.isEmpty()) {
            try {
                Files.writeString(Path.of(path), message + "\n");
            } catch (IOException ignored) {
                // best effort: the error still goes to stderr and the log
            }
        }
    }

    // ---- state -----------------------------------------------------------------------------------

    State state(String id) {
        ContainerRecord r = store.read(id);
        if (r == null) {
            requireCreating(id);
            return new State(Runtime.OCI_VERSION, id, State.CREATING, 0, null, Map.of());
        }
        return state(r, status(r));
    }

    /** No record: create is still at work (it holds the lock), or was killed before it wrote one. */
    private void requireCreating(String id) {
        try (ContainerLock lock = ContainerLock.tryAcquire(store.root(), id)) {
            if (lock != null && store.read(id) == null) {
                throw new OciException("container " + id + ": its create did not finish (no record in " + store.dir(id)
                        + "); delete --force removes the container");
            }
        }
    }

    private State state(ContainerRecord r, String status) {
        boolean alive = !status.equals(State.STOPPED);
        return new State(Runtime.OCI_VERSION, r.id(), status, alive ? r.initPid() : 0, r.bundle(), r.annotations());
    }

    private String status(ContainerRecord r) {
        if (!ProcessInfo.alive(r.initPid(), r.initStartTime())) {
            return State.STOPPED;
        }
        if (!Files.exists(store.dir(r.id()).resolve("started"))) {
            return State.CREATED;
        }
        if (!Files.exists(store.dir(r.id()).resolve("paused"))) {
            return State.RUNNING;
        }
        try {
            return Freezer.of(cgroups(r)).frozen() ? State.PAUSED : State.RUNNING;
        } catch (OciException e) {
            return State.STOPPED; // exited meanwhile
        }
    }

    // ---- pause, resume, ps -------------------------------------------------------------------------

    /** Freezes every process of a running container (cgroup freezer); `state` then says paused. */
    void pause(String id) {
        freezerTransition(id, "pause", State.RUNNING, true);
    }

    /** Thaws a paused container. */
    void resume(String id) {
        freezerTransition(id, "resume", State.PAUSED, false);
    }

    private void freezerTransition(String id, String verb, String from, boolean freeze) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            String status = status(r);
            if (!status.equals(from)) {
                throw new OciException("cannot " + verb + " container " + id + ": it is " + status + ", not " + from);
            }
            Freezer.of(cgroups(r)).freeze(freeze);
            Path marker = store.dir(id).resolve("paused");
            if (freeze) {
                Files.writeString(marker, Instant.now().toString());
            } else {
                Files.deleteIfExists(marker);
            }
        } catch (IOException e) {
            throw new OciException(verb + " " + id + ": " + e.getMessage(), e);
        }
    }

    // ---- exec ----------------------------------------------------------------------------------

    /**
     * Starts {@code process} in the container's namespaces and cgroup, through liblxc attach and the
     * container's own init binary (which applies user, groups, rlimits, capabilities and
     * no_new_privs as for the first process). Writes the pid file; the process is this one's child.
     */
    AttachedProcess exec(String id, org.lxcri4j.runtime.spec.Process process, ExecOptions options) {
        Path consoleSocket = options.consoleSocket();
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            String status = status(r);
            if (!status.equals(State.RUNNING) && !status.equals(State.CREATED)) {
                throw new OciException("cannot exec in container " + id + ": it is " + status);
            }
            boolean terminal = Boolean.TRUE.equals(process.terminal());
            if (!terminal && consoleSocket != null) {
                throw new OciException("exec: --console-socket needs a terminal (--tty or process.terminal)");
            }
            if (process.args() == null || process.args().isEmpty()) {
                throw new OciException("exec: process.args must name a program");
            }
            if (process.cwd() == null || !process.cwd().startsWith("/")) {
                throw new OciException("exec: process.cwd must be an absolute path");
            }
            List<String> records = new ArrayList<>(ProcessRecords.of(process, "$.process"));
            records.addAll(RuntimeFiles.readRecords(store.dir(id).resolve(EXEC_RECORDS)));
            // the exec's own SELinux label or AppArmor profile, where it gives one
            String selinux = LsmLabels.selinux(process, "$.process");
            String apparmor = LsmLabels.apparmor(process, "$.process");
            String label = selinux != null ? selinux : apparmor;
            if (terminal) {
                records.add("tty=1");
                var size = process.consoleSize();
                if (size != null && size.height() != null && size.width() != null) {
                    records.add("consolesize=" + size.height() + ":" + size.width());
                }
            }
            records.addAll(ProcessRecords.rlimits(process.rlimits(), "$.process.rlimits"));
            if (options.preserveFds() > 0) {
                PreservedFds.requireOpen(options.preserveFds());
                // liblxc attach passes on all of this process's descriptors; the init keeps these.
                records.add("preservefds=" + options.preserveFds());
            }
            if (terminal && (options.stdin() != ProcessBuilder.Redirect.INHERIT
                    || options.stdout() != ProcessBuilder.Redirect.INHERIT || options.stderr() != ProcessBuilder.Redirect.INHERIT)) {
                throw new OciException("exec: a terminal replaces stdio; it cannot also be piped");
            }
            AttachedProcess attached;
            try (LxcContainer c = LxcContainer.open(id, store.root()); ExecStdio stdio = new ExecStdio(options)) {
                // The init applies credentials itself: keep liblxc from dropping capabilities first.
                // LSM_EXEC: the container's AppArmor profile, if any, as the first process has it
                // (the seccomp program is the init's to load).
                var flags = java.util.EnumSet.of(AttachFlag.MOVE_TO_CGROUP, AttachFlag.SET_PERSONALITY, AttachFlag.LSM_EXEC);
                if (label != null) {
                    flags.add(AttachFlag.LSM_LABEL);
                }
                AttachOptions attach = AttachOptions.defaults().withFlags(flags).withLsmLabel(label)
                        .withEnv(EnvPolicy.CLEAR, List.of(), List.of())
                        .withStdio(stdio.childStdin(), stdio.childStdout(), stdio.childStderr());
                // A terminal: the init gets the console socket as stdin and sends the pty master over
                // it; without a console socket, over a socket pair whose other end this process keeps.
                int[] pair = terminal && consoleSocket == null ? Posix.socketpair() : null;
                int console = !terminal ? -1 : pair != null ? pair[0] : Posix.connectUnix(consoleSocket);
                // The records (and the container's seccomp program) reach the init as inherited
                // memfds: no file of them exists in the container.
                Path program = store.dir(id).resolve(Translator.BOX).resolve(SECCOMP_PROGRAM);
                int seccomp = Files.exists(program) ? Posix.memfd("lxcri4j-seccomp", Files.readAllBytes(program)) : -1;
                if (seccomp >= 0) {
                    records.add("seccompfd=" + seccomp);
                }
                int conf = Posix.memfd("lxcri4j-exec", RuntimeFiles.records(records));
                try {
                    if (console >= 0) {
                        attach = attach.withStdio(console, console, console);
                    }
                    int pid = c.attach(attach, List.of("/" + Translator.INIT_DIR + "/init", "--exec-fd", Integer.toString(conf)));
                    attached = new AttachedProcess(id, pid, stdio);
                } finally {
                    Posix.close(conf);
                    if (seccomp >= 0) {
                        Posix.close(seccomp);
                    }
                    if (console >= 0) {
                        Posix.close(console);
                    }
                }
                if (pair != null) {
                    attached.terminal(receiveTerminal(id, pair[1], attached));
                }
            } catch (LxcException e) {
                throw new OciException("exec in " + id + ": " + e.getMessage());
            }
            if (options.pidFile() != null) {
                writePidFile(options.pidFile(), attached.pid());
            }
            return attached;
        } catch (IOException e) {
            throw new OciException("exec in " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pty master the exec'd init sends over {@code socket}, or what it said instead (its
     * error, written to the socket as its stderr), after which the process is reaped.
     */
    private static Terminal receiveTerminal(String id, int socket, AttachedProcess process) {
        Posix.Received r;
        try {
            r = Posix.receiveFd(socket);
        } finally {
            Posix.close(socket);
        }
        if (r.fd() >= 0) {
            return new Terminal(r.fd());
        }
        process.waitFor(Duration.ofSeconds(5));
        String said = new String(r.data(), StandardCharsets.UTF_8).strip();
        throw new OciException("exec in " + id + ": " + (said.isEmpty() ? "the process got no terminal" : said));
    }

    /** The container's own process from its bundle: the defaults of `exec` without --process. */
    org.lxcri4j.runtime.spec.Process containerProcess(String id) {
        return SpecReader.read(Path.of(requireRecord(id).bundle())).process();
    }

    // ---- update ------------------------------------------------------------------------------

    /** Applies new resource limits to the running container's cgroups; a bad value changes nothing. */
    void update(String id, org.lxcri4j.runtime.spec.Resources resources) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            String status = status(r);
            if (status.equals(State.STOPPED)) {
                throw new OciException("cannot update container " + id + ": it is stopped");
            }
            CgroupFiles cgroups = cgroups(r);
            for (var e : ResourceUpdate.of(resources, CgroupMode.detect().v2(), cgroups).entrySet()) {
                cgroups.write(e.getKey(), e.getValue());
            }
        }
    }

    // ---- checkpoint and restore ------------------------------------------------------------------

    /** Dumps the running container with CRIU into {@code imagePath}; it keeps running with {@code leaveRunning}. */
    void checkpoint(String id, Path imagePath, boolean leaveRunning) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            if (!status(r).equals(State.RUNNING)) {
                throw new OciException("cannot checkpoint container " + id + ": it is " + status(r));
            }
            Files.createDirectories(imagePath);
            try (LxcContainer c = LxcContainer.open(id, store.root())) {
                c.checkpoint(imagePath.toAbsolutePath(), !leaveRunning, true);
            } catch (LxcException e) {
                throw new OciException("checkpoint " + id + ": " + e.getMessage());
            }
        } catch (IOException e) {
            throw new OciException("checkpoint " + id + ": " + e.getMessage(), e);
        }
    }

    /** Restores a checkpointed container from {@code imagePath}. */
    void restore(String id, Path imagePath) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            if (!status(r).equals(State.STOPPED)) {
                throw new OciException("cannot restore container " + id + ": it is " + status(r) + ", not stopped");
            }
            if (!Files.isDirectory(imagePath)) {
                throw new OciException("restore " + id + ": no checkpoint at " + imagePath);
            }
            try (LxcContainer c = LxcContainer.open(id, store.root())) {
                c.restore(imagePath.toAbsolutePath(), true);
            } catch (LxcException e) {
                throw new OciException("restore " + id + ": " + e.getMessage());
            }
        }
    }

    // ---- events --------------------------------------------------------------------------------

    /** The resource usage of a container that is not stopped. */
    ResourceUsage stats(String id) {
        ContainerRecord r = requireRecord(id);
        if (status(r).equals(State.STOPPED)) {
            throw new OciException("container " + id + " is not running");
        }
        return ResourceUsage.of(Stats.of(cgroups(r), CgroupMode.detect().v2()));
    }

    /** Whether the container still has a live process (for streaming `events`). */
    boolean alive(String id) {
        ContainerRecord r = store.read(id);
        return r != null && !status(r).equals(State.STOPPED);
    }

    /** The host pids of every process in the container. */
    List<Integer> pids(String id) {
        ContainerRecord r = requireRecord(id);
        if (status(r).equals(State.STOPPED)) {
            return List.of();
        }
        return containerPids(r);
    }

    private ContainerRecord requireRecord(String id) {
        ContainerRecord r = store.read(id);
        if (r == null) {
            throw new OciException("container " + id + " is still being created, or its create did not finish");
        }
        return r;
    }

    // ---- kill ----------------------------------------------------------------------------------

    /** Sends {@code signal} to the container process, or with {@code all} to every process in it. */
    void kill(String id, int signal, boolean all) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            String status = status(r);
            if (status.equals(State.STOPPED)) {
                throw new OciException("cannot kill container " + id + ": it is not running");
            }
            if (all) {
                signalAll(r, signal);
                return;
            }
            try (Pidfd init = Pidfd.open(r.initPid(), r.initStartTime())
                    .orElseThrow(() -> new OciException("cannot kill container " + id + ": it is not running"))) {
                init.signal(signal);
            }
        }
    }

    /** Sends {@code signal} to one process of the container, by host pid. */
    void signal(String id, int pid, int signal) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerRecord r = requireRecord(id);
            if (status(r).equals(State.STOPPED)) {
                throw new OciException("cannot signal container " + id + ": it is not running");
            }
            // opened before the check: if the pid is the container's then, the pidfd names that process
            try (Pidfd p = Pidfd.open(pid).orElseThrow(() -> new OciException("pid " + pid + " is not a process of container " + id))) {
                if (!containerPids(r).contains(pid)) {
                    throw new OciException("pid " + pid + " is not a process of container " + id);
                }
                p.signal(signal);
            }
        }
    }

    /**
     * Signals every process of the container, as runc does: the cgroup frozen while its processes
     * are listed and signalled (none can fork or exit, so each pid is the one listed), each
     * through a pidfd; thawed afterwards unless it was paused.
     */
    private void signalAll(ContainerRecord r, int signal) {
        CgroupFiles cgroups;
        try {
            cgroups = cgroups(r);
        } catch (OciException e) {
            return; // nothing left to signal
        }
        Freezer freezer = cgroups.has("freezer") ? Freezer.of(cgroups) : null;
        boolean thaw = freezer != null && !freezer.frozen();
        if (thaw) {
            freezer.freeze(true);
        }
        try {
            for (int pid : cgroups.procs()) {
                Pidfd.open(pid).ifPresent(p -> {
                    try (p) {
                        p.signal(signal);
                    }
                });
            }
        } finally {
            if (thaw) {
                freezer.freeze(false);
            }
        }
    }

    /**
     * The container's cgroups, read through its init while a pidfd proves the pid is still the
     * init's: a reused pid would otherwise hand out another process's cgroups (a host service's).
     */
    private static CgroupFiles cgroups(ContainerRecord r) {
        try (Pidfd init = Pidfd.open(r.initPid(), r.initStartTime())
                .orElseThrow(() -> new OciException("container " + r.id() + " is not running"))) {
            CgroupFiles files = CgroupFiles.of(r.initPid());
            if (!init.alive()) {
                throw new OciException("container " + r.id() + " is not running");
            }
            return files;
        }
    }

    /** Every pid in the container's cgroup. */
    static List<Integer> containerPids(ContainerRecord r) {
        try {
            return cgroups(r).procs();
        } catch (OciException e) {
            if (!ProcessInfo.alive(r.initPid(), r.initStartTime())) {
                return List.of(); // gone meanwhile: nothing left to signal
            }
            throw e;
        }
    }

    // ---- delete --------------------------------------------------------------------------------

    /** Deletes a stopped or created container; with {@code force} also a running one, or none at all. */
    void delete(String id, boolean force) {
        if (force && !Files.isDirectory(store.dir(id))) {
            // as runc: forcing the delete of a container that is gone is not an error; a create
            // killed before it made the directory may have left the lock file, which lock removes
            try {
                store.lock(id).close();
            } catch (OciException e) {
                // does not exist: the expected answer
            }
            return;
        }
        ContainerRecord r;
        try (ContainerLock lock = store.lock(id)) {
            try {
                r = store.read(id);
            } catch (ContainerStore.BrokenRecord e) {
                if (!force && !CgroupSweep.populated(store.plannedCgroups(id)).isEmpty()) {
                    throw e;
                }
                r = null;
            }
            if (r == null && !force && !CgroupSweep.populated(store.plannedCgroups(id)).isEmpty()) {
                throw new OciException("cannot delete container " + id + ": it has no record and its cgroups hold processes"
                        + " (use --force)");
            }
            if (r != null) {
                String status = status(r);
                if ((status.equals(State.RUNNING) || status.equals(State.PAUSED)) && !force) {
                    throw new OciException("cannot delete container " + id + " that is not stopped: " + status);
                }
                if (!status.equals(State.STOPPED)) {
                    signalAll(r, Signals.SIGKILL);
                    if (status.equals(State.PAUSED)) {
                        try {
                            Freezer.of(cgroups(r)).freeze(false); // a frozen task cannot die
                        } catch (OciException e) {
                            // gone meanwhile
                        }
                    }
                }
                awaitExit(r.monitorPid(), STOP_TIMEOUT);
            } else {
                killHelpers(id); // a monitor may not be in its cgroup yet
            }
            // liblxc's monitor removes the cgroups when the container stops; one that was killed
            // could not. Whatever the record says or lacks: every process and cgroup of the
            // container, by the names create planned and those the record has.
            Set<Path> cgroups = new LinkedHashSet<>(store.plannedCgroups(id));
            if (r != null) {
                r.cgroups().forEach(c -> cgroups.add(Path.of(c)));
            }
            List<Path> left = CgroupSweep.killAndRemove(List.copyOf(cgroups));
            if (!left.isEmpty()) {
                throw new OciException("delete " + id + ": cannot remove the cgroup " + left.getFirst());
            }
            store.remove(id);
        }
        if (r != null) {
            try {
                HookRunner.run("poststop", r.poststop(), new State(Runtime.OCI_VERSION, id, State.STOPPED, 0, r.bundle(), r.annotations()));
            } catch (OciException e) {
                // poststop failures are logged, not fatal (runtime spec)
                System.err.println("warning: " + e.getMessage());
            }
        }
    }

    private static void awaitExit(int pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessInfo.exists(pid) && System.nanoTime() < deadline) {
            sleep(5);
        }
    }

    // ---- wait and list ------------------------------------------------------------------------

    /**
     * Waits up to {@code timeout} for the container process to exit and returns its wait status;
     * empty if it still runs. The monitor records the status before it exits, so the file is the
     * truth and the monitor's pid is only waited on while the file is missing.
     */
    java.util.Optional<ExitStatus> await(String id, Duration timeout) {
        ContainerRecord r = requireRecord(id);
        java.util.Optional<ExitStatus> status = exitStatus(id);
        if (status.isPresent()) {
            return status;
        }
        var monitor = ProcessHandle.of(r.monitorPid());
        if (monitor.isPresent()) {
            try {
                monitor.get().onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return java.util.Optional.empty();
            } catch (ExecutionException e) {
                throw new OciException("waiting for container " + id + ": " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OciException("interrupted while waiting for container " + id);
            }
        }
        return java.util.Optional.of(exitStatus(id).orElseThrow(
                () -> new OciException("container " + id + ": its monitor exited without recording an exit status")));
    }

    /** The container process's wait status as the monitor recorded it, once it has exited. */
    java.util.Optional<ExitStatus> exitStatus(String id) {
        try {
            return java.util.Optional.of(new ExitStatus(Integer.parseInt(Files.readString(store.dir(id).resolve(EXIT_STATUS)).strip())));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** Every container; one whose record is broken, or whose create did not finish, as {@link #BROKEN}. */
    List<State> list() {
        List<State> out = new ArrayList<>();
        for (String id : store.ids()) {
            try {
                out.add(state(id));
            } catch (OciException e) {
                if (Files.isDirectory(store.dir(id))) {
                    out.add(new State(Runtime.OCI_VERSION, id, BROKEN, 0, null, Map.of()));
                } // else removed while listing
            }
        }
        return out;
    }

    /** When each container was created, for `list`. */
    String created(String id) {
        try {
            ContainerRecord r = store.read(id);
            return r == null ? "" : r.created();
        } catch (OciException e) {
            return ""; // broken, or gone meanwhile
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted");
        }
    }

}
