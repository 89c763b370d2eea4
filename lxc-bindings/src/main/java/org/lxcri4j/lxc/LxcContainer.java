package org.lxcri4j.lxc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lxc.bindings.lxc_attach_command_t;
import org.lxcri4j.lxc.bindings.lxc_console_log;
import org.lxcri4j.lxc.bindings.lxc_container;
import org.lxcri4j.lxc.bindings.lxc_h;
import org.lxcri4j.lxc.bindings.lxc_mount;
import org.lxcri4j.lxc.bindings.lxc_snapshot;
import org.lxcri4j.lxc.bindings.migrate_opts;

/**
 * One reference to a liblxc container ({@code struct lxc_container}), the Java counterpart of
 * go-lxc's {@code Container}. Every method maps to one member of the struct (see the module README).
 *
 * <p>Lifetime: {@link #open} takes a reference, {@link #close()} drops it with one
 * {@code lxc_container_put}; any call after {@code close()} throws {@link IllegalStateException}.
 * Arguments are copied into a confined arena per call and freed on return; strings liblxc allocates
 * are copied and freed before the method returns.
 *
 * <p>Thread safety: an instance may be shared between threads. Calls on one instance are
 * serialized (liblxc reports errors through fields of the shared struct, so overlapping calls would
 * mix them up); a call that blocks, such as {@link #waitFor} or {@link #attachRunWait}, holds the
 * instance until it returns. To act on the same container concurrently, open a second instance:
 * liblxc's own locks coordinate instances.
 *
 * <p>Failures of liblxc calls raise {@link LxcException}; invalid arguments raise
 * {@link IllegalArgumentException} before anything reaches liblxc.
 */
public final class LxcContainer implements AutoCloseable {

    /** liblxc's command socket refuses larger console-log replies (EMSGSIZE). */
    public static final long CONSOLE_LOG_READ_MAX = 4096;

    /** console_log's answer for an empty ring buffer. */
    private static final int ENODATA = 61;

    /** liblxc puts a container's name into paths and abstract socket names: keep it a path element. */
    static final int MAX_NAME_LENGTH = 255;

    private static final MethodHandle CONTAINER_NEW = CallState.capturing(
            lxc_h.lxc_container_new$address(), lxc_h.lxc_container_new$descriptor());

    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = CallState.allocate(arena);
    private MemorySegment struct;
    private String name;
    private boolean closed;
    private int lastErrno;
    private String logFile;
    private boolean logFileKnown;
    private long logMark;

    private LxcContainer(MemorySegment pointer) {
        this.struct = pointer.reinterpret(lxc_container.sizeof());
        this.name = CStrings.read(lxc_container.name(struct));
    }

    /** Opens container {@code name} in liblxc's default lxc path. */
    public static LxcContainer open(String name) {
        return open(name, null);
    }

    /**
     * Opens container {@code name} in {@code lxcPath} ({@code null}: liblxc's default). The container
     * need not exist yet: {@link #isDefined()} tells, {@link #create} or {@link #saveConfig()} defines it.
     */
    public static LxcContainer open(String name, @Nullable Path lxcPath) {
        validateName(name);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = CallState.allocate(a);
            MemorySegment p = (MemorySegment) CONTAINER_NEW.invokeExact(state, CStrings.of(a, name),
                    CStrings.of(a, lxcPath == null ? null : lxcPath.toString()));
            if (p.equals(MemorySegment.NULL)) {
                throw new LxcException("lxc_container_new", name, null, 0, CallState.errno(state));
            }
            return new LxcContainer(p);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Rejects names liblxc would turn into a path outside the lxc path, or cannot represent. */
    static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("container name must not be null or empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("container name longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid container name '" + name.replace('\0', '?')
                    + "': it must not be '.' or '..' nor contain '/' or NUL");
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Body<T> {
        T run(Arena arena);
    }

    private <T> T locked(String operation, Body<T> body) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("container '" + name + "' is closed; cannot " + operation);
            }
            try (Arena a = Arena.ofConfined()) {
                if (!logFileKnown) {
                    logFile = configItemOrNull(a, "lxc.log.file");
                    logFileKnown = true;
                }
                logMark = ContainerLog.mark(logFile);
                return body.run(a);
            }
        } finally {
            lock.unlock();
        }
    }

    private String configItemOrNull(Arena a, String key) {
        int length = (int) invoke(Member.GET_CONFIG_ITEM, CStrings.of(a, key), MemorySegment.NULL, 0);
        if (length <= 0) {
            return null;
        }
        MemorySegment buffer = a.allocate(length + 1L);
        invoke(Member.GET_CONFIG_ITEM, CStrings.of(a, key), buffer, length + 1);
        return buffer.getString(0);
    }

    private Object invoke(Member member, Object... args) {
        MemorySegment fn = pointer(member);
        return call(member.handle(), member, fn, args);
    }

    private Object invokeVariadic(Member member, Object[] fixed, List<MemorySegment> varargs) {
        MemorySegment fn = pointer(member);
        Object[] args = Arrays.copyOf(fixed, fixed.length + varargs.size());
        for (int i = 0; i < varargs.size(); i++) {
            args[fixed.length + i] = varargs.get(i);
        }
        return call(member.variadicHandle(varargs.size()), member, fn, args);
    }

    private MemorySegment pointer(Member member) {
        MemorySegment fn = member.pointer(struct);
        if (fn.equals(MemorySegment.NULL)) {
            throw new UnsupportedOperationException(member.cName() + " is not provided by this liblxc");
        }
        return fn;
    }

    private Object call(MethodHandle handle, Member member, MemorySegment fn, Object[] args) {
        Object[] all = new Object[args.length + 3];
        all[0] = fn;
        all[1] = callState;
        all[2] = struct;
        System.arraycopy(args, 0, all, 3, args.length);
        CallState.clear(callState);
        try {
            return handle.invokeWithArguments(all);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(member.cName() + ": " + t, t);
        } finally {
            lastErrno = CallState.errno(callState);
        }
    }

    /**
     * The failure of the call just made: liblxc's error fields, the captured errno, and the ERROR
     * lines liblxc wrote to the container's log during the call (its API returns only a boolean).
     */
    private LxcException failure(String operation) {
        String detail = CStrings.read(lxc_container.error_string(struct));
        String logged = ContainerLog.errors(logFile, logMark);
        if (!logged.isEmpty()) {
            detail = detail == null || detail.isBlank() ? logged : detail.strip() + "; " + logged;
        }
        return new LxcException(operation, name, detail, lxc_container.error_num(struct), lastErrno);
    }

    /**
     * Members returning an int report failure as a negative value, often {@code -errno}; prefer
     * that over a stale captured errno.
     */
    private int requireNonNegative(String operation, int ret) {
        if (ret < 0) {
            if (lastErrno == 0 && ret < -1) {
                lastErrno = -ret;
            }
            throw failure(operation);
        }
        return ret;
    }

    private void require(Member member, Object... args) {
        if (!(boolean) invoke(member, args)) {
            throw failure(member.cName());
        }
    }

    private static @Nullable String path(@Nullable Path p) {
        return p == null ? null : p.toString();
    }

    private static int seconds(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return -1;
        }
        long s = timeout.toSeconds();
        return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }

    // ---- identity and state ----------------------------------------------------------------------

    /** The container's name. */
    public String name() {
        return locked("name", a -> name);
    }

    /** Whether liblxc daemonizes the container on {@link #start} (the struct's {@code daemonize}). */
    public boolean daemonize() {
        return locked("daemonize", a -> lxc_container.daemonize(struct));
    }

    /** {@code is_defined}: whether the container has a config in its lxc path. */
    public boolean isDefined() {
        return locked("is_defined", a -> (boolean) invoke(Member.IS_DEFINED));
    }

    /** {@code is_running}. */
    public boolean isRunning() {
        return locked("is_running", a -> (boolean) invoke(Member.IS_RUNNING));
    }

    /** {@code state}. */
    public ContainerState state() {
        return locked("state", a -> ContainerState.of(CStrings.read((MemorySegment) invoke(Member.STATE))));
    }

    /** {@code init_pid}: the container init's pid in the caller's pid namespace, empty when not running. */
    public OptionalInt initPid() {
        return locked("init_pid", a -> {
            int pid = (int) invoke(Member.INIT_PID);
            return pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty();
        });
    }

    /** {@code init_pidfd}: a pidfd for the container's init, owned by the caller. */
    public NativeFd initPidfd() {
        return fdFrom(Member.INIT_PIDFD);
    }

    /** {@code devpts_fd}: a descriptor of the container's devpts mount, owned by the caller. */
    public NativeFd devptsFd() {
        return fdFrom(Member.DEVPTS_FD);
    }

    /** {@code seccomp_notify_fd}: the seccomp notify listener, owned by the caller. */
    public NativeFd seccompNotifyFd() {
        return fdFrom(Member.SECCOMP_NOTIFY_FD);
    }

    /** {@code seccomp_notify_fd_active}: the notify listener of the running container, owned by the caller. */
    public NativeFd seccompNotifyFdActive() {
        return fdFrom(Member.SECCOMP_NOTIFY_FD_ACTIVE);
    }

    private NativeFd fdFrom(Member member) {
        return locked(member.cName(), a -> {
            return new NativeFd(requireNonNegative(member.cName(), (int) invoke(member)));
        });
    }

    /** {@code may_control}: whether the caller has the privilege to manage the container. */
    public boolean mayControl() {
        return locked("may_control", a -> (boolean) invoke(Member.MAY_CONTROL));
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    /**
     * {@code create}: creates the container's config and rootfs, running {@code template} (a name
     * from liblxc's template directory or a path to an executable; {@code null} for none).
     *
     * @param bdevType storage backend ({@code dir}, {@code btrfs}, {@code lvm}, ...), {@code null} for liblxc's choice
     * @param specs    backend options, or {@code null}
     * @param quiet    {@code LXC_CREATE_QUIET}: template output to /dev/null
     * @param templateArgs arguments passed to the template
     */
    public void create(@Nullable String template, @Nullable String bdevType, @Nullable BdevSpecs specs, boolean quiet, List<String> templateArgs) {
        locked("create", a -> {
            require(Member.CREATE, CStrings.of(a, template), CStrings.of(a, bdevType),
                    specs == null ? MemorySegment.NULL : specs.toNative(a), quiet ? lxc_h.LXC_CREATE_QUIET() : 0,
                    CStrings.array(a, List.copyOf(templateArgs)));
            return null;
        });
    }

    /** {@code createl}: as {@link #create(String, String, BdevSpecs, boolean, List)} with inline arguments. */
    public void create(String template, String bdevType, BdevSpecs specs, boolean quiet, String... templateArgs) {
        locked("createl", a -> {
            Object[] fixed = {CStrings.of(a, template), CStrings.of(a, bdevType),
                    specs == null ? MemorySegment.NULL : specs.toNative(a), quiet ? lxc_h.LXC_CREATE_QUIET() : 0};
            if (!(boolean) invokeVariadic(Member.CREATEL, fixed, nullTerminated(a, Arrays.asList(templateArgs)))) {
                throw failure("createl");
            }
            return null;
        });
    }

    private static List<MemorySegment> nullTerminated(Arena a, List<String> args) {
        List<MemorySegment> list = new ArrayList<>(args.size() + 1);
        for (String s : args) {
            list.add(CStrings.of(a, java.util.Objects.requireNonNull(s, "argument must not be null")));
        }
        list.add(MemorySegment.NULL);
        return list;
    }

    /*
     * Starting: liblxc moves its caller into the container's monitor cgroup; every start variant
     * moves this process back afterwards (see CgroupMembership). Starts on other threads move it
     * too, so the cgroups to return to are recorded when no start is in flight and shared by all.
     */

    private static final Object STARTS = new Object();
    private static int startsInFlight;
    private static @Nullable CgroupMembership beforeStarts;

    private void startWith(String operation, java.util.function.BooleanSupplier start) {
        CgroupMembership caller;
        synchronized (STARTS) {
            if (startsInFlight++ == 0 || beforeStarts == null) {
                beforeStarts = CgroupMembership.current();
            }
            caller = beforeStarts;
        }
        boolean started = false;
        try {
            started = start.getAsBoolean();
        } finally {
            List<Path> left;
            synchronized (STARTS) {
                left = caller.restore();
                startsInFlight--;
            }
            if (!started || !(boolean) invoke(Member.IS_RUNNING)) {
                CgroupMembership.removeMonitorCgroups(left, name);
            }
        }
        if (!started) {
            throw failure(operation);
        }
    }

    /** {@code startl} with no arguments: starts {@code lxc.init.cmd} (or /sbin/init). */
    public void start() {
        start(false);
    }

    /**
     * {@code startl}: starts the container running {@code argv} (none: {@code lxc.init.cmd}).
     *
     * @param useInit run {@code argv} under lxc's minimal init (as {@code lxc-execute})
     */
    public void start(boolean useInit, String... argv) {
        locked("startl", a -> {
            startWith("startl", () -> (boolean) invokeVariadic(Member.STARTL, new Object[] {useInit ? 1 : 0},
                    nullTerminated(a, Arrays.asList(argv))));
            return null;
        });
    }

    /** {@code start}: as {@link #start(boolean, String...)} with the arguments as a list. */
    public void start(boolean useInit, List<String> argv) {
        locked("start", a -> {
            startWith("start", () -> (boolean) invoke(Member.START, useInit ? 1 : 0,
                    argv.isEmpty() ? MemorySegment.NULL : CStrings.array(a, argv)));
            return null;
        });
    }

    /** {@code want_daemonize}: whether {@link #start} returns after the container runs (default true). */
    public void wantDaemonize(boolean daemonize) {
        locked("want_daemonize", a -> {
            require(Member.WANT_DAEMONIZE, daemonize);
            return null;
        });
    }

    /** {@code want_close_all_fds}: whether the container's monitor closes inherited descriptors. */
    public void wantCloseAllFds(boolean close) {
        locked("want_close_all_fds", a -> {
            require(Member.WANT_CLOSE_ALL_FDS, close);
            return null;
        });
    }

    /** {@code stop}: kills the container (SIGKILL to its init). */
    public void stop() {
        locked("stop", a -> {
            require(Member.STOP);
            return null;
        });
    }

    /**
     * {@code shutdown}: sends the halt signal and waits up to {@code timeout} (negative or null:
     * forever). Returns whether the container stopped in time.
     */
    public boolean shutdown(Duration timeout) {
        return locked("shutdown", a -> (boolean) invoke(Member.SHUTDOWN, seconds(timeout)));
    }

    /** {@code reboot}: sends the reboot signal and returns. */
    public void reboot() {
        locked("reboot", a -> {
            require(Member.REBOOT);
            return null;
        });
    }

    /** {@code reboot2}: reboots and waits up to {@code timeout} for the container to come back; returns success. */
    public boolean reboot(Duration timeout) {
        return locked("reboot2", a -> (boolean) invoke(Member.REBOOT2, seconds(timeout)));
    }

    /** {@code wait}: waits up to {@code timeout} (negative or null: forever) for {@code state}; returns whether reached. */
    public boolean waitFor(ContainerState state, Duration timeout) {
        return locked("wait", a -> (boolean) invoke(Member.WAIT, CStrings.of(a, state.name()), seconds(timeout)));
    }

    /** {@code freeze}. */
    public void freeze() {
        locked("freeze", a -> {
            require(Member.FREEZE);
            return null;
        });
    }

    /** {@code unfreeze}. */
    public void unfreeze() {
        locked("unfreeze", a -> {
            require(Member.UNFREEZE);
            return null;
        });
    }

    /** {@code destroy}: removes the stopped container, its config and its rootfs. */
    public void destroy() {
        locked("destroy", a -> {
            require(Member.DESTROY);
            return null;
        });
    }

    /**
     * {@code destroy_with_snapshots}: as {@link #destroy()}, and its snapshots. liblxc 5.0 fails
     * this call for a container that never had a snapshot, so such a container is simply destroyed.
     */
    public void destroyWithSnapshots() {
        locked("destroy_with_snapshots", a -> {
            Path snaps = Path.of(CStrings.read((MemorySegment) invoke(Member.GET_CONFIG_PATH))).resolve(name).resolve("snaps");
            require(java.nio.file.Files.isDirectory(snaps) ? Member.DESTROY_WITH_SNAPSHOTS : Member.DESTROY);
            return null;
        });
    }

    /**
     * {@code rename}: renames the stopped container. This instance then refers to the renamed
     * container ({@link #name()}).
     */
    public void rename(String newName) {
        validateName(newName);
        locked("rename", a -> {
            require(Member.RENAME, CStrings.of(a, newName));
            // liblxc leaves the struct describing the old name: rebind to the renamed container.
            MemorySegment path = CStrings.of(a, CStrings.read((MemorySegment) invoke(Member.GET_CONFIG_PATH)));
            MemorySegment renamed = lxc_h.lxc_container_new(CStrings.of(a, newName), path);
            if (renamed.equals(MemorySegment.NULL)) {
                throw failure("rename (reopen)");
            }
            lxc_h.lxc_container_put(struct);
            struct = renamed.reinterpret(lxc_container.sizeof());
            name = newName;
            return null;
        });
    }

    // ---- configuration -----------------------------------------------------------------------------

    /** {@code load_config} from the container's own config file. */
    public void loadConfig() {
        loadConfig(null);
    }

    /** {@code load_config} from {@code file} ({@code null}: the container's config). */
    public void loadConfig(Path file) {
        locked("load_config", a -> {
            require(Member.LOAD_CONFIG, CStrings.of(a, path(file)));
            logFileKnown = false;
            return null;
        });
    }

    /** {@code save_config} to the container's config file, which defines the container. */
    public void saveConfig() {
        saveConfig(null);
    }

    /** {@code save_config} to {@code file} ({@code null}: the container's config file). */
    public void saveConfig(Path file) {
        locked("save_config", a -> {
            require(Member.SAVE_CONFIG, CStrings.of(a, path(file)));
            return null;
        });
    }

    /** {@code config_file_name}: the path of the container's config file. */
    public Path configFileName() {
        return locked("config_file_name", a -> {
            String p = CStrings.take((MemorySegment) invoke(Member.CONFIG_FILE_NAME));
            if (p == null) {
                throw failure("config_file_name");
            }
            return Path.of(p);
        });
    }

    /** {@code set_config_item}: liblxc validates key and value. */
    public void setConfigItem(String key, String value) {
        requireKey(key);
        locked("set_config_item", a -> {
            require(Member.SET_CONFIG_ITEM, CStrings.of(a, key), CStrings.of(a, value == null ? "" : value));
            forgetLogFileIfSet(key);
            return null;
        });
    }

    /** The log file is looked up again only after a key that can move it ("lxc.log.file", "lxc.logfile"). */
    private void forgetLogFileIfSet(String key) {
        if (key.startsWith("lxc.log")) {
            logFileKnown = false;
        }
    }

    /** {@code get_config_item}: the value in the loaded config ("" when unset). */
    public String configItem(String key) {
        requireKey(key);
        return locked("get_config_item", a -> readSized(Member.GET_CONFIG_ITEM, a, CStrings.of(a, key)));
    }

    /** {@code get_running_config_item}: the value in the running container, empty when not running or unset. */
    public Optional<String> runningConfigItem(String key) {
        requireKey(key);
        return locked("get_running_config_item", a ->
                Optional.ofNullable(CStrings.take((MemorySegment) invoke(Member.GET_RUNNING_CONFIG_ITEM, CStrings.of(a, key)))));
    }

    /** {@code clear_config_item}: unsets {@code key} (for list keys, all entries). */
    public void clearConfigItem(String key) {
        requireKey(key);
        locked("clear_config_item", a -> {
            require(Member.CLEAR_CONFIG_ITEM, CStrings.of(a, key));
            forgetLogFileIfSet(key);
            return null;
        });
    }

    /** {@code clear_config}: drops the loaded config from memory. */
    public void clearConfig() {
        locked("clear_config", a -> {
            invoke(Member.CLEAR_CONFIG);
            logFileKnown = false;
            return null;
        });
    }

    /** {@code get_keys}: the config keys under {@code prefix} ({@code null}: all keys liblxc knows). */
    public List<String> keys(String prefix) {
        return locked("get_keys", a -> lines(readSized(Member.GET_KEYS, a, CStrings.of(a, prefix))));
    }

    /** {@code get_config_path}: the lxc path this container lives in. */
    public Path configPath() {
        return locked("get_config_path", a -> Path.of(CStrings.read((MemorySegment) invoke(Member.GET_CONFIG_PATH))));
    }

    /** {@code set_config_path}: moves this instance to another lxc path. */
    public void setConfigPath(Path lxcPath) {
        locked("set_config_path", a -> {
            require(Member.SET_CONFIG_PATH, CStrings.of(a, lxcPath.toString()));
            return null;
        });
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("config key must not be null or blank");
        }
    }

    /** The {@code (key, retv, inlen)} protocol: ask for the length, then read into a buffer of that size. */
    private String readSized(Member member, Arena a, MemorySegment key) {
        int length = (int) invoke(member, key, MemorySegment.NULL, 0);
        if (length < 0) {
            throw failure(member.cName());
        }
        if (length == 0) {
            return "";
        }
        MemorySegment buffer = a.allocate(length + 1L);
        int read = (int) invoke(member, key, buffer, length + 1);
        if (read < 0) {
            throw failure(member.cName());
        }
        return buffer.getString(0);
    }

    private static List<String> lines(String text) {
        return Stream.of(text.split("\n")).filter(s -> !s.isEmpty()).toList();
    }

    // ---- cgroups -------------------------------------------------------------------------------

    /** {@code get_cgroup_item}: a cgroup file of the running container, e.g. {@code pids.max}. */
    public String cgroupItem(String key) {
        requireKey(key);
        return locked("get_cgroup_item", a -> readSized(Member.GET_CGROUP_ITEM, a, CStrings.of(a, key)).strip());
    }

    /** {@code set_cgroup_item}: writes a cgroup file of the running container. */
    public void setCgroupItem(String key, String value) {
        requireKey(key);
        locked("set_cgroup_item", a -> {
            require(Member.SET_CGROUP_ITEM, CStrings.of(a, key), CStrings.of(a, value));
            return null;
        });
    }

    // ---- network ---------------------------------------------------------------------------------

    /** {@code get_interfaces}: the interface names inside the running container. */
    public List<String> interfaces() {
        return locked("get_interfaces", a -> {
            return namesOrFailure("get_interfaces", (MemorySegment) invoke(Member.GET_INTERFACES));
        });
    }

    /**
     * {@code get_ips}: addresses inside the running container.
     *
     * @param iface  interface name, or {@code null} for all
     * @param family {@code inet}, {@code inet6}, or {@code null} for both
     * @param scope  IPv6 scope id (0 for global)
     */
    public List<String> ips(String iface, String family, int scope) {
        return locked("get_ips", a -> {
            return namesOrFailure("get_ips",
                    (MemorySegment) invoke(Member.GET_IPS, CStrings.of(a, iface), CStrings.of(a, family), scope));
        });
    }

    /** liblxc returns NULL both for "none found" and for failure; only a running container can have any. */
    private List<String> namesOrFailure(String operation, MemorySegment list) {
        if (!list.equals(MemorySegment.NULL)) {
            return CStrings.takeArray(list, -1);
        }
        if (!(boolean) invoke(Member.IS_RUNNING)) {
            throw failure(operation + " (container not running)");
        }
        return List.of();
    }

    /** {@code attach_interface}: moves host interface {@code dev} into the container as {@code dstDev} ({@code null}: same name). */
    public void attachInterface(String dev, String dstDev) {
        locked("attach_interface", a -> {
            require(Member.ATTACH_INTERFACE, CStrings.of(a, dev), CStrings.of(a, dstDev));
            return null;
        });
    }

    /** {@code detach_interface}: moves {@code dev} from the container back to the host as {@code dstDev}. */
    public void detachInterface(String dev, String dstDev) {
        locked("detach_interface", a -> {
            require(Member.DETACH_INTERFACE, CStrings.of(a, dev), CStrings.of(a, dstDev));
            return null;
        });
    }

    // ---- attach --------------------------------------------------------------------------------

    /**
     * {@code attach_run_wait}: runs {@code argv} in the container and waits for it. Standard streams
     * are the descriptors in {@code options}.
     */
    public ExitStatus attachRunWait(AttachOptions options, List<String> argv) {
        requireArgv(argv);
        return locked("attach_run_wait", a -> {
            int status = (int) invoke(Member.ATTACH_RUN_WAIT, options.toNative(a), CStrings.of(a, argv.getFirst()),
                    CStrings.array(a, argv));
            if (status < 0) {
                throw failure("attach_run_wait");
            }
            return new ExitStatus(status);
        });
    }

    /** {@code attach_run_waitl}: as {@link #attachRunWait(AttachOptions, List)}, {@code program} being argv[0]. */
    public ExitStatus attachRunWait(AttachOptions options, String program, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(Arrays.asList(args));
        requireArgv(argv);
        return locked("attach_run_waitl", a -> {
            List<MemorySegment> rest = nullTerminated(a, argv.subList(1, argv.size()));
            MemorySegment prog = CStrings.of(a, program);
            int status = (int) invokeVariadic(Member.ATTACH_RUN_WAITL, new Object[] {options.toNative(a), prog, prog}, rest);
            if (status < 0) {
                throw failure("attach_run_waitl");
            }
            return new ExitStatus(status);
        });
    }

    /**
     * {@code attach} with liblxc's {@code lxc_attach_run_command}: starts {@code argv} in the
     * container and returns its pid, a child of this process: reap it with {@link Lxc#waitPid}.
     * (liblxc runs the exec function in a forked copy of this process, where no JVM code can run,
     * so only liblxc's own C functions are offered as exec functions.)
     */
    public int attach(AttachOptions options, List<String> argv) {
        requireArgv(argv);
        return locked("attach", a -> {
            MemorySegment command = lxc_attach_command_t.allocate(a);
            lxc_attach_command_t.program(command, CStrings.of(a, argv.getFirst()));
            lxc_attach_command_t.argv(command, CStrings.array(a, argv));
            return attachWith(a, lxc_h.lxc_attach_run_command$address(), command, options);
        });
    }

    /** {@code attach} with liblxc's {@code lxc_attach_run_shell}: starts the user's shell; returns its pid. */
    public int attachShell(AttachOptions options) {
        return locked("attach", a -> attachWith(a, lxc_h.lxc_attach_run_shell$address(), MemorySegment.NULL, options));
    }

    private int attachWith(Arena a, MemorySegment execFunction, MemorySegment payload, AttachOptions options) {
        MemorySegment pid = a.allocate(ValueLayout.JAVA_INT);
        int ret = (int) invoke(Member.ATTACH, execFunction, payload, options.toNative(a), pid);
        if (ret < 0) {
            throw failure("attach");
        }
        return pid.get(ValueLayout.JAVA_INT, 0);
    }

    /**
     * Runs {@code argv} through {@code attach_run_wait} with stdin empty and stdout/stderr collected
     * through pipes. The stdio descriptors of {@code options} are replaced.
     */
    public AttachResult execute(AttachOptions options, List<String> argv) {
        requireArgv(argv);
        CompletableFuture<String> stdout;
        CompletableFuture<String> stderr;
        ExitStatus status;
        try (NativePipe in = NativePipe.open(); NativePipe out = NativePipe.open(); NativePipe err = NativePipe.open()) {
            in.writeEnd().close();
            stdout = drain(out.inputStream());
            stderr = drain(err.inputStream());
            out.readEnd().close();
            err.readEnd().close();
            // closing the write ends after the call lets the drains see end of file
            status = attachRunWait(options.withStdio(in.readEnd().fd(), out.writeEnd().fd(), err.writeEnd().fd()), argv);
        }
        return new AttachResult(status, stdout.join(), stderr.join());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().name("lxc-attach-drain").start(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                result.complete(bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void requireArgv(List<String> argv) {
        if (argv == null || argv.isEmpty() || argv.getFirst() == null || argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
    }

    // ---- console ---------------------------------------------------------------------------------

    /** {@code console_getfd}: allocates tty {@code ttyNumber} ({@code -1}: the first free one). */
    public ConsoleTty consoleTty(int ttyNumber) {
        return locked("console_getfd", a -> {
            MemorySegment tty = a.allocateFrom(ValueLayout.JAVA_INT, ttyNumber);
            MemorySegment ptx = a.allocateFrom(ValueLayout.JAVA_INT, -1);
            int fd = (int) invoke(Member.CONSOLE_GETFD, tty, ptx);
            if (fd < 0) {
                throw failure("console_getfd");
            }
            return new ConsoleTty(tty.get(ValueLayout.JAVA_INT, 0), new NativeFd(fd),
                    new NativeFd(ptx.get(ValueLayout.JAVA_INT, 0)));
        });
    }

    /**
     * {@code console}: connects the given descriptors to tty {@code ttyNumber} until the escape
     * sequence ({@code <escape> q}, {@code escape} 1 for Ctrl-a) is typed or the tty closes.
     */
    public void console(int ttyNumber, int stdinFd, int stdoutFd, int stderrFd, int escape) {
        locked("console", a -> {
            if ((int) invoke(Member.CONSOLE, ttyNumber, stdinFd, stdoutFd, stderrFd, escape) != 0) {
                throw failure("console");
            }
            return null;
        });
    }

    /**
     * {@code console_log}: reads (and/or clears) the container's console ring buffer
     * ({@code lxc.console.buffer.size}).
     *
     * @param readMax at most this many bytes are read; capped at {@link #CONSOLE_LOG_READ_MAX}
     */
    public String consoleLog(boolean clear, boolean read, long readMax) {
        return locked("console_log", a -> {
            MemorySegment log = lxc_console_log.allocate(a);
            MemorySegment max = a.allocateFrom(ValueLayout.JAVA_LONG, Math.min(readMax, CONSOLE_LOG_READ_MAX));
            lxc_console_log.clear(log, clear);
            lxc_console_log.read(log, read);
            lxc_console_log.read_max(log, max);
            lxc_console_log.data(log, MemorySegment.NULL);
            int ret = (int) invoke(Member.CONSOLE_LOG, log);
            MemorySegment data = lxc_console_log.data(log);
            try {
                if (ret == -ENODATA) {
                    return "";
                }
                if (ret < 0) {
                    lastErrno = -ret;
                    throw failure("console_log");
                }
                if (data.equals(MemorySegment.NULL)) {
                    return "";
                }
                long n = max.get(ValueLayout.JAVA_LONG, 0);
                return new String(data.reinterpret(n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            } finally {
                CStrings.free(data);
            }
        });
    }

    // ---- devices -------------------------------------------------------------------------------

    /**
     * {@code add_device_node}: allows host device {@code srcPath} in the running container's device
     * cgroup and creates it at {@code destPath} ({@code null}: the same path). liblxc requires
     * {@code destPath} to exist on the host as well.
     */
    public void addDeviceNode(String srcPath, String destPath) {
        locked("add_device_node", a -> {
            require(Member.ADD_DEVICE_NODE, CStrings.of(a, srcPath), CStrings.of(a, destPath));
            return null;
        });
    }

    /** {@code remove_device_node}. */
    public void removeDeviceNode(String srcPath, String destPath) {
        locked("remove_device_node", a -> {
            require(Member.REMOVE_DEVICE_NODE, CStrings.of(a, srcPath), CStrings.of(a, destPath));
            return null;
        });
    }

    // ---- snapshots and clones --------------------------------------------------------------------

    /** {@code snapshot}: snapshots the stopped container; returns the snapshot number ({@code snapN}). */
    public int snapshot(Path commentFile) {
        return locked("snapshot", a -> {
            int n = (int) invoke(Member.SNAPSHOT, CStrings.of(a, path(commentFile)));
            if (n < 0) {
                throw failure("snapshot");
            }
            return n;
        });
    }

    /** {@code snapshot_list}. */
    public List<Snapshot> snapshots() {
        return locked("snapshot_list", a -> {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            int n = (int) invoke(Member.SNAPSHOT_LIST, out);
            if (n < 0) {
                throw failure("snapshot_list");
            }
            MemorySegment array = out.get(ValueLayout.ADDRESS, 0);
            if (n == 0 || array.equals(MemorySegment.NULL)) {
                CStrings.free(array);
                return List.of();
            }
            MemorySegment items = lxc_snapshot.reinterpret(array, n, a, null);
            List<Snapshot> result = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) {
                    MemorySegment s = lxc_snapshot.asSlice(items, i);
                    result.add(new Snapshot(CStrings.read(lxc_snapshot.name(s)),
                            CStrings.read(lxc_snapshot.comment_pathname(s)), CStrings.read(lxc_snapshot.timestamp(s)),
                            CStrings.read(lxc_snapshot.lxcpath(s))));
                }
            } finally {
                for (int i = 0; i < n; i++) {
                    MemorySegment s = lxc_snapshot.asSlice(items, i);
                    lxc_snapshot.free.invoke(lxc_snapshot.free(s), s);
                }
                CStrings.free(array);
            }
            return List.copyOf(result);
        });
    }

    /** {@code snapshot_restore}: restores {@code snapshot} as container {@code newName} ({@code null}: this one). */
    public void restoreSnapshot(String snapshot, String newName) {
        if (newName != null) {
            validateName(newName);
        }
        locked("snapshot_restore", a -> {
            require(Member.SNAPSHOT_RESTORE, CStrings.of(a, snapshot), CStrings.of(a, newName));
            return null;
        });
    }

    /** {@code snapshot_destroy}. */
    public void destroySnapshot(String snapshot) {
        locked("snapshot_destroy", a -> {
            require(Member.SNAPSHOT_DESTROY, CStrings.of(a, snapshot));
            return null;
        });
    }

    /** {@code snapshot_destroy_all}. */
    public void destroyAllSnapshots() {
        locked("snapshot_destroy_all", a -> {
            require(Member.SNAPSHOT_DESTROY_ALL);
            return null;
        });
    }

    /** {@code clone} into the same lxc path with the same storage type. */
    public LxcContainer cloneAs(String newName) {
        return cloneAs(newName, null, Set.of(), null, null, 0, List.of());
    }

    /**
     * {@code clone}: copies (or with {@link CloneFlag#SNAPSHOT} snapshots) the container.
     *
     * @param lxcPath   target lxc path, {@code null}: this container's
     * @param bdevType  storage type of the copy, {@code null}: the same
     * @param bdevData  storage-specific data, or {@code null}
     * @param newSize   size for block backends, 0: the same
     * @param hookArgs  arguments passed to the clone hook
     * @return the new container, owned by the caller
     */
    public LxcContainer cloneAs(String newName, Path lxcPath, Set<CloneFlag> flags, String bdevType, String bdevData,
                                long newSize, List<String> hookArgs) {
        validateName(newName);
        return locked("clone", a -> {
            int bits = 0;
            for (CloneFlag f : flags) {
                bits |= f.bit();
            }
            MemorySegment copy = (MemorySegment) invoke(Member.CLONE, CStrings.of(a, newName),
                    CStrings.of(a, path(lxcPath)), bits, CStrings.of(a, bdevType), CStrings.of(a, bdevData), newSize,
                    hookArgs.isEmpty() ? MemorySegment.NULL : CStrings.array(a, hookArgs));
            if (copy.equals(MemorySegment.NULL)) {
                throw failure("clone");
            }
            // liblxc 5.0 hands back the copy with its rootfs path unparsed ("dir:..."), which its own
            // start then rejects; a handle loaded from the copy's saved config is complete.
            Path target = lxcPath != null ? lxcPath : Path.of(CStrings.read((MemorySegment) invoke(Member.GET_CONFIG_PATH)));
            lxc_h.lxc_container_put(copy);
            return open(newName, target);
        });
    }

    // ---- checkpoint, restore, migrate --------------------------------------------------------------

    /** {@code checkpoint}: dumps the running container with CRIU into {@code directory}. */
    public void checkpoint(Path directory, boolean stop, boolean verbose) {
        locked("checkpoint", a -> {
            if (!(boolean) invoke(Member.CHECKPOINT, CStrings.of(a, directory.toString()), stop, verbose)) {
                throw withCriuLog(failure("checkpoint"), directory.resolve("dump.log"));
            }
            return null;
        });
    }

    /** {@code restore}: restores the container with CRIU from {@code directory}. */
    public void restore(Path directory, boolean verbose) {
        locked("restore", a -> {
            if (!(boolean) invoke(Member.RESTORE, CStrings.of(a, directory.toString()), verbose)) {
                throw withCriuLog(failure("restore"), directory.resolve("restore.log"));
            }
            return null;
        });
    }

    /** {@code migrate}: the CRIU operation {@code command} with {@code options}. */
    public void migrate(MigrateCommand command, MigrateOptions options) {
        locked("migrate", a -> {
            int ret = (int) invoke(Member.MIGRATE, command.code(), options.toNative(a), (int) migrate_opts.sizeof());
            if (ret != 0) {
                if (lastErrno == 0 && ret < -1) {
                    lastErrno = -ret;
                }
                LxcException e = failure("migrate " + command.name().toLowerCase(java.util.Locale.ROOT));
                throw options.directory() == null ? e : withCriuLog(e, options.directory()
                        .resolve(command == MigrateCommand.RESTORE ? "restore.log" : "dump.log"));
            }
            return null;
        });
    }

    /** CRIU explains a failed dump or restore only in its own log; quote its last errors. */
    private LxcException withCriuLog(LxcException e, Path criuLog) {
        String criu = ContainerLog.criuErrors(criuLog);
        if (criu.isEmpty()) {
            return e;
        }
        String detail = (e.errorString() == null ? "" : e.errorString() + "; ") + "criu: " + criu;
        return new LxcException(e.operation(), e.container(), detail, e.errorNum(), e.errno());
    }

    // ---- mounts ----------------------------------------------------------------------------------

    /**
     * {@code mount}: mounts {@code source} (a host path) at {@code target} inside the running container.
     *
     * @param flags {@code MS_*} mount flags, e.g. {@code MS_BIND = 4096}
     */
    public void mount(String source, String target, String fsType, long flags, String data) {
        locked("mount", a -> {
            MemorySegment mnt = lxc_mount.allocate(a);
            lxc_mount.version(mnt, lxc_h.LXC_MOUNT_API_V1());
            requireNonNegative("mount", (int) invoke(Member.MOUNT, CStrings.of(a, source), CStrings.of(a, target),
                    CStrings.of(a, fsType), flags, CStrings.of(a, data), mnt));
            return null;
        });
    }

    /** {@code umount}: unmounts {@code target} inside the running container. */
    public void umount(String target, long flags) {
        locked("umount", a -> {
            MemorySegment mnt = lxc_mount.allocate(a);
            lxc_mount.version(mnt, lxc_h.LXC_MOUNT_API_V1());
            requireNonNegative("umount", (int) invoke(Member.UMOUNT, CStrings.of(a, target), flags, mnt));
            return null;
        });
    }

    // ---- lifetime --------------------------------------------------------------------------------

    /** Drops this reference ({@code lxc_container_put}). Idempotent; later calls throw. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                lxc_h.lxc_container_put(struct);
                arena.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "LxcContainer[" + name + (closed ? ", closed]" : "]");
    }
}
