package org.lxcri4j.lxc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lxc.bindings.lxc_h;
import org.lxcri4j.lxc.bindings.lxc_log;

/**
 * liblxc's library-level functions: version, global configuration, API extensions, container
 * listing and logging. All methods are thread-safe except {@link #logInit} and {@link #logClose},
 * which change process-wide state and belong at start-up and shut-down.
 */
public final class Lxc {

    private static final int EINTR = 4;
    private static final MethodHandle WAITPID = CallState.capturing(lxc_h.waitpid$address(), lxc_h.waitpid$descriptor());

    private Lxc() {
    }

    /** {@code lxc_get_version}, e.g. {@code 5.0.2}. */
    public static String version() {
        return CStrings.read(lxc_h.lxc_get_version());
    }

    /** {@code lxc_get_global_config_item}, e.g. {@code lxc.lxcpath}; empty when unknown. */
    public static Optional<String> globalConfigItem(String key) {
        try (Arena a = Arena.ofConfined()) {
            return Optional.ofNullable(CStrings.read(lxc_h.lxc_get_global_config_item(CStrings.of(a, key))));
        }
    }

    /** The default lxc path ({@code lxc.lxcpath}). */
    public static Path defaultLxcPath() {
        return Path.of(globalConfigItem("lxc.lxcpath").orElse("/var/lib/lxc"));
    }

    /** {@code lxc_has_api_extension}, e.g. {@code seccomp_notify}. */
    public static boolean hasApiExtension(String extension) {
        try (Arena a = Arena.ofConfined()) {
            return lxc_h.lxc_has_api_extension(CStrings.of(a, extension));
        }
    }

    /** {@code lxc_config_item_is_supported}, e.g. {@code lxc.cgroup2.memory.max}. */
    public static boolean isConfigItemSupported(String key) {
        try (Arena a = Arena.ofConfined()) {
            return lxc_h.lxc_config_item_is_supported(CStrings.of(a, key));
        }
    }

    /** {@code lxc_get_wait_states}: the state names {@link LxcContainer#waitFor} accepts. */
    public static List<String> waitStates() {
        int n = lxc_h.lxc_get_wait_states(MemorySegment.NULL);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment states = a.allocate(ValueLayout.ADDRESS, n);
            lxc_h.lxc_get_wait_states(states);
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                names[i] = CStrings.read(states.getAtIndex(ValueLayout.ADDRESS, i));
            }
            return List.of(names);
        }
    }

    /**
     * {@code list_defined_containers}: names of containers with a config in {@code lxcPath}
     * ({@code null}: the default), sorted; none for a path that does not exist.
     */
    public static List<String> definedContainers(@Nullable Path lxcPath) {
        return list("list_defined_containers", lxcPath, lxc_h::list_defined_containers);
    }

    /** {@code list_active_containers}: names of running containers in {@code lxcPath}. */
    public static List<String> activeContainers(@Nullable Path lxcPath) {
        return list("list_active_containers", lxcPath, lxc_h::list_active_containers);
    }

    /** {@code list_all_containers}: defined or running. */
    public static List<String> allContainers(@Nullable Path lxcPath) {
        return list("list_all_containers", lxcPath, lxc_h::list_all_containers);
    }

    @FunctionalInterface
    private interface ListFunction {
        int list(MemorySegment lxcPath, MemorySegment names, MemorySegment containers);
    }

    private static List<String> list(String function, Path lxcPath, ListFunction fn) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment names = a.allocate(ValueLayout.ADDRESS);
            int n = fn.list(CStrings.of(a, lxcPath == null ? null : lxcPath.toString()), names, MemorySegment.NULL);
            if (n < 0 && lxcPath != null && !java.nio.file.Files.exists(lxcPath)) {
                return List.of();
            }
            if (n < 0) {
                throw new LxcException(function, null, "cannot list " + (lxcPath == null ? defaultLxcPath() : lxcPath), 0, 0);
            }
            return List.copyOf(CStrings.takeArray(names.get(ValueLayout.ADDRESS, 0), n).stream().sorted().toList());
        }
    }

    /** {@code lxc_log_init}: routes liblxc's log for this process. */
    public static void logInit(LogOptions options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment log = lxc_log.allocate(a);
            lxc_log.name(log, CStrings.of(a, options.name()));
            lxc_log.lxcpath(log, CStrings.of(a, options.lxcPath()));
            lxc_log.file(log, CStrings.of(a, options.file()));
            lxc_log.level(log, CStrings.of(a, options.level()));
            lxc_log.prefix(log, CStrings.of(a, options.prefix()));
            lxc_log.quiet(log, options.quiet());
            if (lxc_h.lxc_log_init(log) != 0) {
                throw new LxcException("lxc_log_init", null, "invalid log options " + options, 0, 0);
            }
        }
    }

    /** {@code lxc_log_close}. */
    public static void logClose() {
        lxc_h.lxc_log_close();
    }

    /**
     * Waits for a child of this process, such as the pid {@link LxcContainer#attach} returns, and
     * returns its status.
     */
    public static ExitStatus waitPid(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("invalid pid " + pid);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment status = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment state = CallState.allocate(a);
            while (true) {
                int r;
                try {
                    r = (int) WAITPID.invokeExact(state, pid, status, 0);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
                if (r == pid) {
                    return new ExitStatus(status.get(ValueLayout.JAVA_INT, 0));
                }
                int e = CallState.errno(state);
                if (e != EINTR) {
                    throw new LxcException("waitpid " + pid, null, null, 0, e);
                }
            }
        }
    }
}
