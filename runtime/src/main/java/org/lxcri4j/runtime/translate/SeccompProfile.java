package org.lxcri4j.runtime.translate;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.os.Posix;
import org.lxcri4j.runtime.spec.Seccomp;
import org.lxcri4j.runtime.spec.Syscall;
import org.lxcri4j.runtime.spec.SyscallArg;

/**
 * linux.seccomp compiled by libseccomp into the classic BPF program that the container's init
 * loads itself, as runc's init does: late, after the rootfs, the console and the namespaces are
 * set up (which a profile may forbid: mount, setns), and for exec'd processes too. liblxc's
 * own loading comes before its init runs and would bind everything the init does to the profile.
 */
final class SeccompProfile {

    /** OCI seccomp action → the kernel's SECCOMP_RET_* (libseccomp's SCMP_ACT_*), without the data bits. */
    static final Map<String, Integer> ACTIONS = Map.of("SCMP_ACT_ALLOW", 0x7fff0000, "SCMP_ACT_ERRNO", 0x00050000,
            "SCMP_ACT_KILL", 0x00000000, "SCMP_ACT_KILL_THREAD", 0x00000000, "SCMP_ACT_KILL_PROCESS", 0x80000000,
            "SCMP_ACT_TRAP", 0x00030000, "SCMP_ACT_TRACE", 0x7ff00000, "SCMP_ACT_LOG", 0x7ffc0000);
    /** The actions whose low 16 bits carry errnoRet: the errno, or the value a tracer sees. */
    private static final Set<String> WITH_DATA = Set.of("SCMP_ACT_ERRNO", "SCMP_ACT_TRACE");
    /** The argument operators, in libseccomp's enum scmp_compare order (SCMP_CMP_NE = 1). */
    static final List<String> OPERATORS = List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    /** SCMP_ARCH_* names → libseccomp's arch tokens, which are the kernel's AUDIT_ARCH_* values. */
    static final Map<String, Integer> ARCHITECTURES = Map.ofEntries(Map.entry("SCMP_ARCH_X86", 0x40000003),
            Map.entry("SCMP_ARCH_X86_64", 0xc000003e), Map.entry("SCMP_ARCH_X32", 0x4000003e),
            Map.entry("SCMP_ARCH_ARM", 0x40000028), Map.entry("SCMP_ARCH_AARCH64", 0xc00000b7),
            Map.entry("SCMP_ARCH_MIPS", 0x8), Map.entry("SCMP_ARCH_MIPS64", 0x80000008),
            Map.entry("SCMP_ARCH_MIPS64N32", 0xa0000008), Map.entry("SCMP_ARCH_MIPSEL", 0x40000008),
            Map.entry("SCMP_ARCH_MIPSEL64", 0xc0000008), Map.entry("SCMP_ARCH_MIPSEL64N32", 0xe0000008),
            Map.entry("SCMP_ARCH_PPC", 0x14), Map.entry("SCMP_ARCH_PPC64", 0x80000015),
            Map.entry("SCMP_ARCH_PPC64LE", 0xc0000015), Map.entry("SCMP_ARCH_S390", 0x16),
            Map.entry("SCMP_ARCH_S390X", 0x80000016), Map.entry("SCMP_ARCH_RISCV64", 0xc00000f3));
    /** linux.seccomp.flags → seccomp(2)'s SECCOMP_FILTER_FLAG_*, passed by the init when it loads the program. */
    static final Map<String, Integer> FLAGS = Map.of("SECCOMP_FILTER_FLAG_TSYNC", 1, "SECCOMP_FILTER_FLAG_LOG", 2,
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4);

    private static final int EPERM = 1;
    private static final int EEXIST = 17;

    /** The compiled program and the seccomp(2) flags to load it with. */
    public record Filter(byte[] program, int flags) {
    }

    private SeccompProfile() {
    }

    static Filter compile(Seccomp s) {
        String p = "$.linux.seccomp";
        if (s.listenerPath() != null && !s.listenerPath().isEmpty()) {
            throw new OciException(p + ".listenerPath: seccomp notify listeners are not supported yet");
        }
        int flags = 0;
        List<String> flagNames = s.flags() == null ? List.of() : s.flags();
        for (int i = 0; i < flagNames.size(); i++) {
            Integer f = FLAGS.get(flagNames.get(i));
            if (f == null) {
                throw new OciException(p + ".flags[" + i + "]: unsupported seccomp flag " + flagNames.get(i));
            }
            flags |= f;
        }
        int defaultAction = action(s.defaultAction(), s.defaultErrnoRet(), p + ".defaultAction");
        List<Integer> architectures = new ArrayList<>();
        List<String> archNames = s.architectures() == null ? List.of() : s.architectures();
        for (int i = 0; i < archNames.size(); i++) {
            Integer token = ARCHITECTURES.get(archNames.get(i));
            if (token == null) {
                throw new OciException(p + ".architectures[" + i + "]: unknown architecture " + archNames.get(i));
            }
            architectures.add(token);
        }
        List<Rule> rules = new ArrayList<>();
        List<Syscall> syscalls = s.syscalls() == null ? List.of() : s.syscalls();
        for (int i = 0; i < syscalls.size(); i++) {
            Syscall sc = syscalls.get(i);
            String sp = p + ".syscalls[" + i + "]";
            // a rule's errnoRet defaults to EPERM (defaultErrnoRet is the default action's alone)
            int action = action(sc.action(), sc.errnoRet(), sp + ".action");
            List<List<SyscallArg>> conditions = conditions(sc.args(), sp + ".args");
            if (sc.names() == null || sc.names().isEmpty()) {
                throw new OciException(sp + ".names: at least one syscall name is required");
            }
            for (String name : sc.names()) {
                if (name == null || !name.matches("[a-z0-9_]+")) {
                    throw new OciException(sp + ".names: invalid syscall name " + name);
                }
                // what the default does anyway: libseccomp refuses such a rule, runc skips it
                if (action != defaultAction) {
                    conditions.forEach(c -> rules.add(new Rule(name, action, c, sp)));
                }
            }
        }
        return new Filter(ProgramCache.program(defaultAction, architectures, rules), flags);
    }

    /** One libseccomp rule: a syscall, its action and the conditions that must all hold. */
    private record Rule(String name, int action, List<SyscallArg> conditions, String path) {
    }

    /**
     * The argument conditions of one spec rule, each element one libseccomp rule's worth.
     * libseccomp refuses two conditions on the same argument in one rule; runc then adds one rule
     * per condition (any of them matching), and so does this.
     */
    private static List<List<SyscallArg>> conditions(List<SyscallArg> args, String path) {
        if (args == null || args.isEmpty()) {
            return List.of(List.of());
        }
        Set<Integer> indexes = new HashSet<>();
        boolean repeated = false;
        for (int i = 0; i < args.size(); i++) {
            SyscallArg a = args.get(i);
            String ap = path + "[" + i + "]";
            if (a.index() == null || a.value() == null || a.op() == null) {
                throw new OciException(ap + ": index, value and op are required");
            }
            if (a.index() < 0 || a.index() > 5) {
                throw new OciException(ap + ".index: must be 0 to 5");
            }
            if (!OPERATORS.contains(a.op())) {
                throw new OciException(ap + ".op: unknown operator " + a.op());
            }
            repeated |= !indexes.add(a.index());
        }
        return repeated ? args.stream().map(List::of).toList() : List.of(args);
    }

    private static int action(String action, Integer errnoRet, String path) {
        if (action == null) {
            throw new OciException(path + ": is required");
        }
        Integer ret = ACTIONS.get(action);
        if (ret != null && WITH_DATA.contains(action)) {
            return ret | ((errnoRet == null ? EPERM : errnoRet) & 0xffff);
        }
        if (ret != null && errnoRet != null) {
            throw new OciException(path + ": " + action + " takes no errno (errnoRet is set)");
        }
        if (ret != null) {
            return ret;
        }
        if (action.equals("SCMP_ACT_NOTIFY")) {
            throw new OciException(path + ": SCMP_ACT_NOTIFY needs a listener (not supported yet)");
        }
        throw new OciException(path + ": unknown seccomp action " + action);
    }

    /**
     * Compiled programs by the hash of their input and of the libseccomp that compiled them: CRI-O
     * and podman give every container the same profile, and a hit spares create the compile (some
     * 15 ms for CRI-O's) and libseccomp's loading. Root's alone (0700); a cache that cannot be
     * written only means compiling every time.
     */
    private static final class ProgramCache {
        private static final Path DIR = Path.of("/var/cache/lxcri4j/seccomp");
        private static final List<Path> LIBRARY_DIRS = List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/lib/x86_64-linux-gnu"),
                Path.of("/usr/lib/aarch64-linux-gnu"), Path.of("/usr/lib64"), Path.of("/usr/lib"));

        static byte[] program(int defaultAction, List<Integer> architectures, List<Rule> rules) {
            String key = key(defaultAction, architectures, rules);
            Path cached = key == null ? null : DIR.resolve(key + ".bpf");
            try {
                if (cached != null && Files.isRegularFile(cached)) {
                    byte[] program = Files.readAllBytes(cached);
                    if (program.length > 0 && program.length % 8 == 0) {
                        return program;
                    }
                }
            } catch (IOException e) {
                // compiled below
            }
            byte[] program = Libseccomp.compile(defaultAction, architectures, rules);
            if (cached != null) {
                store(cached, program);
            }
            return program;
        }

        private static void store(Path cached, byte[] program) {
            try {
                Files.createDirectories(DIR, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                Path tmp = Files.createTempFile(DIR, ".", ".tmp");
                Files.write(tmp, program);
                Files.move(tmp, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | UnsupportedOperationException e) {
                // not cached: the next create compiles again
            }
        }

        /** sha-256 of the input and of libseccomp's file (its real name, size and time), or null when it is not found. */
        private static String key(int defaultAction, List<Integer> architectures, List<Rule> rules) {
            StringBuilder b = new StringBuilder("1\n");
            try {
                Path library = LIBRARY_DIRS.stream().map(d -> d.resolve("libseccomp.so.2")).filter(Files::exists).findFirst().orElse(null);
                if (library == null) {
                    return null;
                }
                Path real = library.toRealPath();
                b.append(real).append(' ').append(Files.size(real)).append(' ').append(Files.getLastModifiedTime(real).toMillis());
            } catch (IOException e) {
                return null;
            }
            b.append('\n').append(defaultAction).append('\n').append(architectures).append('\n');
            for (Rule r : rules) {
                b.append(r.name()).append(' ').append(r.action());
                for (SyscallArg a : r.conditions()) {
                    b.append(' ').append(a.index()).append(' ').append(a.op()).append(' ').append(a.value()).append(' ').append(a.valueTwo());
                }
                b.append('\n');
            }
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                return null;
            }
        }
    }

    /** The few libseccomp calls a filter takes; the library is liblxc's own dependency. */
    private static final class Libseccomp {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIB = SymbolLookup.libraryLookup("libseccomp.so.2", Arena.global());
        /** struct scmp_arg_cmp { unsigned int arg; enum scmp_compare op; scmp_datum_t datum_a, datum_b; } */
        private static final StructLayout ARG_CMP = MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("arg"),
                ValueLayout.JAVA_INT.withName("op"), ValueLayout.JAVA_LONG.withName("datum_a"), ValueLayout.JAVA_LONG.withName("datum_b"));
        private static final MethodHandle INIT = handle("seccomp_init", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        private static final MethodHandle RELEASE = handle("seccomp_release", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        private static final MethodHandle ARCH_ADD = handle("seccomp_arch_add",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        private static final MethodHandle RESOLVE = handle("seccomp_syscall_resolve_name",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        private static final MethodHandle RULE_ADD = handle("seccomp_rule_add_array", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        private static final MethodHandle EXPORT = handle("seccomp_export_bpf",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        /** libseccomp's __NR_SCMP_ERROR: a name it knows on no architecture. */
        private static final int NR_ERROR = -1;

        private static MethodHandle handle(String name, FunctionDescriptor d) {
            return LINKER.downcallHandle(LIB.find(name).orElseThrow(), d);
        }

        static byte[] compile(int defaultAction, List<Integer> architectures, List<Rule> rules) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ctx = (MemorySegment) INIT.invokeExact(defaultAction);
                if (ctx.equals(MemorySegment.NULL)) {
                    throw new OciException("$.linux.seccomp.defaultAction: libseccomp refused the default action");
                }
                try {
                    for (int i = 0; i < architectures.size(); i++) {
                        int ret = (int) ARCH_ADD.invokeExact(ctx, (int) architectures.get(i));
                        if (ret < 0 && ret != -EEXIST) {
                            throw new OciException("$.linux.seccomp.architectures[" + i + "]: libseccomp: " + Posix.strerror(-ret));
                        }
                    }
                    for (Rule r : rules) {
                        int nr = (int) RESOLVE.invokeExact(arena.allocateFrom(r.name()));
                        if (nr == NR_ERROR) {
                            continue; // a syscall this libseccomp does not know: skipped, as runc does
                        }
                        MemorySegment args = arena.allocate(ARG_CMP, Math.max(1, r.conditions().size()));
                        for (int i = 0; i < r.conditions().size(); i++) {
                            SyscallArg a = r.conditions().get(i);
                            MemorySegment c = args.asSlice(i * ARG_CMP.byteSize(), ARG_CMP);
                            c.set(ValueLayout.JAVA_INT, 0, a.index());
                            c.set(ValueLayout.JAVA_INT, 4, OPERATORS.indexOf(a.op()) + 1);
                            c.set(ValueLayout.JAVA_LONG, 8, a.value());
                            c.set(ValueLayout.JAVA_LONG, 16, a.valueTwo() == null ? 0 : a.valueTwo());
                        }
                        int ret = (int) RULE_ADD.invokeExact(ctx, r.action(), nr, r.conditions().size(), args);
                        if (ret < 0) {
                            throw new OciException(r.path() + ": libseccomp refused the rule for " + r.name() + ": " + Posix.strerror(-ret));
                        }
                    }
                    return export(ctx);
                } finally {
                    RELEASE.invokeExact(ctx);
                }
            } catch (OciException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /** The program, written by libseccomp to a memfd and read back through its /proc path. */
        private static byte[] export(MemorySegment ctx) throws Throwable {
            int fd = Posix.memfd("lxcri4j-seccomp", new byte[0]);
            try {
                int ret = (int) EXPORT.invokeExact(ctx, fd);
                if (ret < 0) {
                    throw new OciException("$.linux.seccomp: libseccomp could not export the filter: " + Posix.strerror(-ret));
                }
                return Files.readAllBytes(Path.of("/proc/self/fd/" + fd));
            } catch (IOException e) {
                throw new OciException("$.linux.seccomp: reading the compiled filter: " + e.getMessage());
            } finally {
                Posix.close(fd);
            }
        }
    }
}
