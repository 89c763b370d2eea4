package org.lxcri4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.lxcri4j.runtime.Translation.ConfigItem;
import org.lxcri4j.runtime.spec.BlockIO;
import org.lxcri4j.runtime.spec.Cpu;
import org.lxcri4j.runtime.spec.DeviceCgroup;
import org.lxcri4j.runtime.spec.Hook;
import org.lxcri4j.runtime.spec.HugepageLimit;
import org.lxcri4j.runtime.spec.IdMapping;
import org.lxcri4j.runtime.spec.Linux;
import org.lxcri4j.runtime.spec.LinuxDevice;
import org.lxcri4j.runtime.spec.LinuxNamespace;
import org.lxcri4j.runtime.spec.Memory;
import org.lxcri4j.runtime.spec.TimeOffset;
import org.lxcri4j.runtime.spec.Mount;
import org.lxcri4j.runtime.spec.Process;
import org.lxcri4j.runtime.spec.Resources;
import org.lxcri4j.runtime.spec.Rlimit;
import org.lxcri4j.runtime.spec.Spec;

/**
 * Translates a runtime spec into liblxc config items and helper records. Every field is either
 * translated or rejected with an {@link OciException} naming its JSON path; nothing set is dropped.
 * The module README's table lists the mapping.
 */
final class Translator {

    /** Where the init binary appears: on the spec's /dev tmpfs, so a read-only rootfs needs no mount point. */
    static final String INIT_DIR = "dev/.lxcri4j";
    /** The container's own copy of lxcri4j-init, in its runtime directory. */
    static final String INIT_BINARY = "init";
    /**
     * The runtime directory's folder of what only the init reads (config, sync fifos, hook
     * states): never mounted in the container, the init gets it as a descriptor (lxcri4j-start.c).
     */
    static final String BOX = "box";

    /** The hook kinds that run. */
    static final List<String> HOOKS = List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
            "poststop");
    /** Mount options that id-map a bind mount (liblxc's idmap=, see idmap()). */
    static final List<String> IDMAP_OPTIONS = List.of("idmap", "ridmap");
    /** In the box: how the createContainer hooks and the runtime meet before pivot_root (lxcri4j-init.c). */
    static final String CREATE_HOOKS = "create.conf";
    static final String CREATE_STATE = "create-state.json";
    static final String CREATED_FIFO = "created";
    static final String PROCEED_FIFO = "proceed";
    /**
     * The generic mount options the translation applies (features): liblxc's, and those it drops,
     * which the mount hook applies (MountAttributes); other options go to the filesystem as data.
     */
    static final List<String> MOUNT_FLAGS = List.of("async", "atime", "bind", "defaults", "dev", "diratime",
            "exec", "iversion", "lazytime", "loud", "mand", "noatime", "nodev", "nodiratime", "noexec", "noiversion",
            "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "rbind", "relatime", "remount",
            "ro", "rw", "silent", "strictatime", "suid", "symfollow", "sync", "private", "rprivate", "shared", "rshared",
            "slave", "rslave", "unbindable", "runbindable", "rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec",
            "rexec", "rnoatime", "ratime", "rnodiratime", "rdiratime", "rrelatime", "rnorelatime", "rstrictatime",
            "rnostrictatime", "rnosymfollow", "rsymfollow");

    static final Map<String, String> NAMESPACES = Map.of("pid", "pid", "network", "net", "mount", "mnt",
            "ipc", "ipc", "uts", "uts", "user", "user", "cgroup", "cgroup", "time", "time");
    private static final Set<String> MOUNT_TYPES_AS_IS = Set.of("proc", "sysfs", "tmpfs", "mqueue", "devpts",
            "ramfs", "hugetlbfs", "overlay", "fuse", "fusectl", "securityfs", "debugfs", "tracefs");

    private static final long MS_REC = 16384;
    private static final Map<String, Long> PROPAGATION = Map.of("private", 1L << 18, "rprivate", (1L << 18) | MS_REC,
            "slave", 1L << 19, "rslave", (1L << 19) | MS_REC, "shared", 1L << 20, "rshared", (1L << 20) | MS_REC,
            "unbindable", 1L << 17, "runbindable", (1L << 17) | MS_REC);
    /** The spec's default devices, as the hook's dev= records: TYPE MAJOR MINOR MODE UID GID PATH. */
    private static final List<String> DEFAULT_DEVICE_NODES = List.of("c 1 3 666 0 0 /dev/null", "c 1 5 666 0 0 /dev/zero",
            "c 1 7 666 0 0 /dev/full", "c 1 8 666 0 0 /dev/random", "c 1 9 666 0 0 /dev/urandom", "c 5 0 666 0 0 /dev/tty");
    private static final List<String> DEFAULT_DEVICES = List.of("c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm",
            "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm");

    private final Spec spec;
    private final Path bundle;
    private final Path containerDir;
    private final Path hookBinary;
    private final CgroupMode cgroups;
    /** Descriptors 3 .. 3+preserveFds-1 go to the process; the box follows them. */
    private final int preserveFds;
    private final List<ConfigItem> items = new ArrayList<>();
    private final List<String> init = new ArrayList<>();
    private final List<String> hookRecords = new ArrayList<>();
    private final List<IdmappedMount> idmappedMounts = new ArrayList<>();
    /** Bind sources lxcri4j-start opens for a user-namespaced container ({@link #bindSource}). */
    private final List<String> heldSources = new ArrayList<>();
    /** Where liblxc will make the container's and its monitor's cgroups, in every hierarchy. */
    private final List<Path> plannedCgroups = new ArrayList<>();
    /** The box's "setns" records: namespaces lxcri4j-start joins or hands to the init (lxcri4j-start.c). */
    private final List<String> setns = new ArrayList<>();
    /** Whether liblxc joins any namespace by path (lxc.namespace.share.*). */
    private boolean liblxcShares;
    /** Namespace types in linux.namespaces (lxc names), created or joined. */
    private final Set<String> listed = new LinkedHashSet<>();
    /** Joined namespaces (lxc names): whether each is this process's own, i.e. the host's. */
    private final Map<String, Boolean> joinedHost = new java.util.HashMap<>();
    /** The container's user namespace, when it has one: idmapped mounts may share its mappings. */
    private boolean userNamespace;
    private List<IdMapping> uidMappings = List.of();
    private List<IdMapping> gidMappings = List.of();

    Translator(Spec spec, Path bundle, Path containerDir, Path hookBinary, CgroupMode cgroups, int preserveFds) {
        this.preserveFds = preserveFds;
        this.spec = spec;
        this.bundle = bundle;
        this.containerDir = containerDir;
        this.hookBinary = hookBinary;
        this.cgroups = cgroups;
    }

    Translation translate() {
        unsupported(spec.solaris(), "$.solaris");
        unsupported(spec.windows(), "$.windows");
        unsupported(spec.vm(), "$.vm");
        unsupported(spec.zos(), "$.zos");
        rootfs();
        process(spec.process());
        Linux linux = spec.linux() == null
                ? new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                : spec.linux();
        Set<String> own = namespaces(linux);
        boolean hostname = spec.hostname() != null && !spec.hostname().isEmpty();
        boolean domainname = spec.domainname() != null && !spec.domainname().isEmpty();
        if ((hostname || domainname) && !listed.contains("uts")) {
            throw new OciException((hostname ? "$.hostname" : "$.domainname")
                    + ": needs a UTS namespace in linux.namespaces (new or joined); it would rename the host");
        }
        // liblxc names only a UTS namespace it creates; a joined one (CRI-O's pinned one) is named
        // as runc names it, by the mount hook: in the container's namespaces, before the seccomp
        // profile is loaded (it may deny sethostname and setdomainname).
        if (hostname && own.contains("uts")) {
            set("lxc.uts.name", spec.hostname(), "$.hostname");
        } else if (hostname) {
            hookRecords.add("hostname=" + spec.hostname());
        }
        if (domainname) {
            hookRecords.add("domainname=" + spec.domainname());
        }
        mounts();
        // runc sets linux.rootfsPropagation again at the end, over every mount's, unless it is private
        Long rootfs = rootfsPropagation();
        if (rootfs != null && (rootfs & PROPAGATION.get("private")) == 0) {
            init.add("mountprop=" + rootfs + " /");
        }
        linuxFields(linux);
        // The init binary alone is visible: read-only, the container's own copy, on the spec's /dev
        // tmpfs (so a read-only rootfs needs no mount point), after the spec's mounts.
        set("lxc.mount.entry", fstab(containerDir.resolve(INIT_BINARY).toString(), INIT_DIR + "/init", "none",
                "bind,ro,nosuid,nodev,create=file"), "(runtime)");
        SeccompProfile.Filter seccomp = linux.seccomp() == null ? null : SeccompProfile.compile(linux.seccomp());
        // the init loads the program (the box's seccomp.bpf; an exec's comes as a descriptor)
        List<String> everyProcess = seccomp == null ? List.of() : List.of("seccomp=" + seccomp.flags());
        init.addAll(everyProcess);
        var hooks = spec.hooks();
        List<String> createContainer = new ArrayList<>();
        if (hooks != null) {
            init.addAll(hookRecords(hooks.startContainer(), "startContainer"));
            createContainer.addAll(hookRecords(hooks.createContainer(), "createContainer"));
        }
        List<Hook> prestart = hooks == null || hooks.prestart() == null ? List.of() : hooks.prestart();
        List<Hook> createRuntime = hooks == null || hooks.createRuntime() == null ? List.of() : hooks.createRuntime();
        // In the container's namespaces, after its mounts, before pivot_root, in runc's order: the
        // devices, then the prestart, createRuntime and createContainer hooks (the box's init), then
        // hostname, sysctls, read-only and masked paths (see lxcri4j-hook.c).
        String hook = hookBinary + " %s " + containerDir.resolve("hook.conf");
        if (!prestart.isEmpty() || !createRuntime.isEmpty() || !createContainer.isEmpty()) {
            set("lxc.hook.mount", hook.formatted("--devices"), "(runtime)");
            set("lxc.hook.mount", containerDir.resolve(INIT_BINARY) + " --create-hooks", "$.hooks");
            set("lxc.hook.mount", hook.formatted("--paths"), "(runtime)");
        } else {
            set("lxc.hook.mount", hook.formatted("--all"), "(runtime)");
        }
        if (setns.stream().anyMatch(r -> r.startsWith("cgroup "))) {
            // after the box and the held mount sources (lxcri4j-start.c)
            init.add("cgroupns=" + (4 + preserveFds + heldSources.size()));
        }
        return new Translation(List.copyOf(items), List.copyOf(plannedCgroups), List.copyOf(init), everyProcess, List.copyOf(heldSources),
                List.copyOf(setns),
                List.copyOf(hookRecords),
                List.copyOf(createContainer), List.copyOf(idmappedMounts), seccomp, prestart, createRuntime,
                hooks == null || hooks.poststart() == null ? List.of() : hooks.poststart(),
                hooks == null || hooks.poststop() == null ? List.of() : hooks.poststop());
    }

    // ---- root and process ------------------------------------------------------------------------

    private void rootfs() {
        Path root = bundle.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(root)) {
            throw new OciException("$.root.path: rootfs " + root + " does not exist or is not a directory");
        }
        set("lxc.rootfs.path", "dir:" + root, "$.root.path");
        // Applied by the init after pivot_root (see lxcri4j-init.c), as runc does.
        if (Boolean.TRUE.equals(spec.root().readonly())) {
            init.add("rootro=1");
        }
        // liblxc makes the whole tree shared after pivot_root, each mount a peer group of its own:
        // the init makes it as runc's is before its first mount (linux.rootfsPropagation's kind
        // throughout, or rslave), then gives each mount the spec's own (mounts()).
        Long rootfs = rootfsPropagation();
        init.add("mountprop=" + (rootfs == null ? PROPAGATION.get("rslave") : rootfs | MS_REC) + " /");
        set("lxc.init.cmd", "/" + INIT_DIR + "/init --box-fd " + (3 + preserveFds), "$.process.args");
        // Only stdio reaches the container: the caller's (conmon's, the shim's) descriptors.
        set("lxc.console.path", "none", "(runtime)");
        set("lxc.tty.max", "0", "(runtime)");
        // /dev and /dev/pts are the spec's mounts, at their place in its list; liblxc's own (autodev's
        // tmpfs, a devpts after every other mount, /dev/ptmx as a bind) would put them out of order.
        set("lxc.pty.max", "0", "(runtime)");
        set("lxc.autodev", "0", "(runtime)");
        // Moves the pid-file process out of the container's cgroups before liblxc removes them.
        set("lxc.hook.stop", hookBinary + " --stop " + containerDir.resolve("hook.conf"), "(runtime)");
        set("lxc.signal.stop", "SIGKILL", "(runtime)");
    }

    /** linux.rootfsPropagation's MS_* flags, or null. */
    private Long rootfsPropagation() {
        String propagation = spec.linux() == null ? null : spec.linux().rootfsPropagation();
        if (propagation == null || propagation.isEmpty()) {
            return null;
        }
        Long flags = PROPAGATION.get(propagation);
        if (flags == null) {
            throw new OciException("$.linux.rootfsPropagation: invalid value " + propagation);
        }
        return flags;
    }

    private void process(Process p) {
        if (Boolean.TRUE.equals(p.terminal())) {
            // The hook allocates the pty from the container's devpts, bind-mounts it at /dev/console
            // and sends the master over the console socket (see mounts()); the init makes
            // /dev/console its controlling terminal and stdio.
            init.add("tty=1");
        } // else consoleSize is ignored, as the spec says
        init.addAll(ProcessRecords.of(p, "$.process"));
        if (p.rlimits() != null) {
            for (int i = 0; i < p.rlimits().size(); i++) {
                Rlimit r = p.rlimits().get(i);
                String path = "$.process.rlimits[" + i + "]";
                if (r.type() == null || !r.type().startsWith("RLIMIT_")) {
                    throw new OciException(path + ".type: invalid rlimit " + r.type());
                }
                set("lxc.prlimit." + r.type().substring(7).toLowerCase(Locale.ROOT),
                        limit(r.soft()) + ":" + limit(r.hard()), path);
            }
        }
        if (p.oomScoreAdj() != null) {
            set("lxc.proc.oom_score_adj", p.oomScoreAdj().toString(), "$.process.oomScoreAdj");
        }
        String apparmor = LsmLabels.apparmor(p, "$.process");
        set("lxc.apparmor.profile", apparmor != null ? apparmor : "unconfined", "$.process.apparmorProfile");
        String selinux = LsmLabels.selinux(p, "$.process");
        if (selinux != null) {
            set("lxc.selinux.context", selinux, "$.process.selinuxLabel");
        }
    }

    private static String limit(Long v) {
        return v == null || v < 0 ? "unlimited" : Long.toUnsignedString(v);
    }

    // ---- namespaces and id mappings ----------------------------------------------------------------

    /** Returns the namespaces the container gets of its own (created, not joined). */
    private Set<String> namespaces(Linux linux) {
        List<LinuxNamespace> list = linux.namespaces() == null ? List.of() : linux.namespaces();
        Set<String> clone = new LinkedHashSet<>();
        Set<String> seen = listed;
        for (int i = 0; i < list.size(); i++) {
            LinuxNamespace ns = list.get(i);
            String path = "$.linux.namespaces[" + i + "]";
            String lxc = ns.type() == null ? null : NAMESPACES.get(ns.type());
            if (lxc == null) {
                throw new OciException(path + ".type: unknown namespace type " + ns.type());
            }
            if (!seen.add(lxc)) {
                throw new OciException(path + ".type: namespace " + ns.type() + " listed twice");
            }
            if (ns.path() != null && !ns.path().isEmpty()) {
                if (lxc.equals("mnt")) {
                    // runc would set the rootfs up (pivot_root included) in that namespace: whoever lives there
                    throw new OciException(path + ".path: joining a mount namespace is refused: the rootfs is set up"
                            + " only in a mount namespace of the container's own");
                }
                String nsPath = lxc.equals("pid") ? PidFileProcess.pidNamespace(ns.path()) : ns.path();
                joinedHost.put(lxc, NamespaceFile.require(nsPath, lxc, path + ".path"));
                if (lxc.equals("time") || lxc.equals("cgroup")) {
                    setns.add(lxc + " " + nsPath); // joined by lxcri4j-start and the init (lxcri4j-start.c)
                } else {
                    set("lxc.namespace.share." + lxc, nsPath, path + ".path");
                    liblxcShares = true;
                }
            } else {
                clone.add(lxc);
            }
        }
        if (!seen.contains("mnt")) {
            throw new OciException("$.linux.namespaces: a mount namespace is required");
        }
        // Exactly these are created; the others (not listed, or joined by path) are not.
        set("lxc.namespace.clone", String.join(" ", clone), "$.linux.namespaces");
        // Sharing any namespace makes liblxc unshare a cgroup namespace for the container; the
        // init enters the one the spec means instead: joined, or the runtime's when none is listed.
        if (liblxcShares && !seen.contains("cgroup")) {
            if (seen.contains("user")) {
                throw new OciException("$.linux.namespaces: a user-namespaced container that joins namespaces by path needs"
                        + " a cgroup namespace listed (liblxc would make one; its root cannot enter the host's)");
            }
            setns.add("cgroup /proc/self/ns/cgroup");
        }
        if (!seen.contains("net")) {
            set("lxc.net.0.type", "none", "$.linux.namespaces");
        } else {
            set("lxc.net.0.type", "empty", "$.linux.namespaces");
        }
        idmaps("u", linux.uidMappings(), "$.linux.uidMappings");
        idmaps("g", linux.gidMappings(), "$.linux.gidMappings");
        userNamespace = seen.contains("user");
        uidMappings = linux.uidMappings() == null ? List.of() : linux.uidMappings();
        gidMappings = linux.gidMappings() == null ? List.of() : linux.gidMappings();
        if ((linux.uidMappings() != null && !linux.uidMappings().isEmpty()) && !seen.contains("user")) {
            throw new OciException("$.linux.uidMappings: id mappings need a user namespace");
        }
        timeOffsets(linux.timeOffsets(), clone.contains("time"));
        return clone;
    }

    /** liblxc's lxc.time.offset.*: whole seconds, or nanoseconds below one second. */
    private void timeOffsets(Map<String, TimeOffset> offsets, boolean timeNamespace) {
        if (offsets == null || offsets.isEmpty()) {
            return;
        }
        if (!timeNamespace) {
            throw new OciException("$.linux.timeOffsets: needs a new time namespace (linux.namespaces has none)");
        }
        offsets.forEach((clock, offset) -> {
            String path = "$.linux.timeOffsets." + clock;
            String key = switch (clock) {
                case "boottime" -> "lxc.time.offset.boot";
                case "monotonic" -> "lxc.time.offset.monotonic";
                default -> throw new OciException(path + ": unknown clock (boottime or monotonic)");
            };
            long secs = offset.secs() == null ? 0 : offset.secs();
            long nanos = offset.nanosecs() == null ? 0 : offset.nanosecs();
            if (nanos < 0 || nanos >= 1_000_000_000L) {
                throw new OciException(path + ".nanosecs: must be 0 to 999999999");
            }
            if (secs != 0 && nanos != 0) {
                // liblxc writes either field alone, and the kernel takes nanoseconds below a second only
                throw new OciException(path + ": whole seconds or nanoseconds alone; liblxc cannot apply both");
            }
            set(key, nanos == 0 ? secs + "s" : nanos + "ns", path);
        });
    }

    private void idmaps(String kind, List<IdMapping> maps, String path) {
        if (maps == null) {
            return;
        }
        for (int i = 0; i < maps.size(); i++) {
            IdMapping m = maps.get(i);
            if (m.containerID() == null || m.hostID() == null || m.size() == null) {
                throw new OciException(path + "[" + i + "]: containerID, hostID and size are required");
            }
            set("lxc.idmap", kind + " " + m.containerID() + " " + m.hostID() + " " + m.size(), path + "[" + i + "]");
        }
    }

    /** How the container has namespace {@code lxc}: of its own, joined (the host's or another), or not at all. */
    private Sysctls.Held namespaceOf(String lxc) {
        if (!listed.contains(lxc)) {
            return Sysctls.Held.NONE;
        }
        Boolean host = joinedHost.get(lxc);
        return host == null ? Sysctls.Held.OWN : host ? Sysctls.Held.HOST : Sysctls.Held.JOINED;
    }

    // ---- mounts --------------------------------------------------------------------------------

    /**
     * The spec's mounts, each a liblxc mount entry in the listed order (liblxc mounts them in
     * that order, before the mount hooks), /dev and /dev/pts included; then, as runc does unless
     * /dev is a bind mount, the default devices and /dev/ptmx (a link to the devpts instance the
     * spec mounted), made by the hook on whatever /dev is then.
     */
    private void mounts() {
        List<Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            String path = "$.mounts[" + i + "]";
            // a relative destination is taken from "/", as the spec says for Linux
            String dest = ("/" + m.destination()).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
            if (dest.equals("/")) {
                throw new OciException(path + ".destination: mounting over the container's root is not supported");
            }
            List<String> options = m.options() == null ? new ArrayList<>() : new ArrayList<>(m.options());
            boolean bind = options.contains("bind") || options.contains("rbind") || "bind".equals(m.type());
            String type = m.type() == null || m.type().isEmpty() || bind ? "none" : m.type();
            boolean idmapped = options.stream().anyMatch(IDMAP_OPTIONS::contains);
            idmap(m, options, bind, path, i);
            if (dest.equals("/dev") && !type.equals("tmpfs")) {
                // runc would leave /dev as given; the init binary lives in /dev and must not land on the host's
                throw new OciException(path + ".type: /dev must be a tmpfs (the runtime's init is placed in it)");
            }
            if (type.equals("cgroup") || type.equals("cgroup2")) {
                cgroupMount(options, path);
                continue;
            }
            if (!bind && options.contains("dirsync") && options.lastIndexOf("dirsync") > options.lastIndexOf("async")) {
                // liblxc drops it when it mounts, and a remount cannot set it (mount(2))
                throw new OciException(path + ".options: dirsync is not supported");
            }
            for (String o : options) {
                if (PROPAGATION.containsKey(o)) {
                    init.add("mountprop=" + PROPAGATION.get(o) + " " + dest); // set again after pivot_root (lxcri4j-init.c)
                }
            }
            if (!bind && !MOUNT_TYPES_AS_IS.contains(type)) {
                throw new OciException(path + ".type: unsupported mount type " + m.type());
            }
            String source = m.source() == null || m.source().isEmpty() ? type : m.source();
            if (bind) {
                Path src = bundle.resolve(source).normalize();
                if (!Files.exists(src)) {
                    throw new OciException(path + ".source: " + src + " does not exist");
                }
                if (userNamespace && !idmapped) {
                    heldBind(src, dest, options, path);
                    continue;
                }
                options.add(Files.isDirectory(src) ? "create=dir" : "create=file");
                source = src.toString();
            } else {
                options.add("create=dir");
            }
            // the attributes liblxc leaves out, applied by the mount hook (see MountAttributes)
            String data = String.join(",", options.stream().filter(o -> o.contains("=") && !o.startsWith("create=")).toList());
            hookRecords.addAll(MountAttributes.remount(options, bind, data, dest));
            hookRecords.addAll(MountAttributes.of(options).records(dest));
            if (options.contains("remount")) {
                continue; // the mount at dest changes: nothing is mounted (the hook's remount=)
            }
            options.removeIf(MountAttributes::isRecursive);
            set("lxc.mount.entry", fstab(source, dest.substring(1), type, String.join(",", options)), path);
        }
        // the spec's own device at one of these paths is made instead (linuxFields)
        List<LinuxDevice> own = spec.linux() == null || spec.linux().devices() == null ? List.of() : spec.linux().devices();
        for (String device : DEFAULT_DEVICE_NODES) {
            String at = device.substring(device.lastIndexOf(' ') + 1);
            if (own.stream().noneMatch(d -> at.equals(d.path()))) {
                hookRecords.add("dev=" + device);
            }
        }
        hookRecords.add("link=pts/ptmx /dev/ptmx");
        if (Boolean.TRUE.equals(spec.process().terminal())) {
            var size = spec.process().consoleSize();
            boolean sized = size != null && size.height() != null && size.width() != null;
            hookRecords.add("console=" + (sized ? size.height() + " " + size.width() : "0 0"));
        }
    }

    /** Options of a bind mount that need nothing done: the bind itself, or liblxc's own words. */
    private static final Set<String> BIND_NOOPS = Set.of("bind", "rbind", "defaults", "async");

    /**
     * A bind mount of a user-namespaced container. liblxc would mount it as the container's
     * mapped root, who may not reach the source (CRI-O's userdata directory is root's, 0700), and
     * could not bind a path of the host's mount namespace from the container's anyway. So, as
     * runc does: lxcri4j-start, the host's root, clones the source as a detached mount with its
     * flags (open_tree, mount_setattr), and the hook attaches it at its place (move_mount).
     * Records: "ATTR RECURSIVE PROPAGATION SOURCE" for lxcri4j-start, descriptors 4+preserved..
     * after the box; "bindfd=FD DIR|FILE TARGET" for the hook.
     */
    private void heldBind(Path src, String dest, List<String> options, String path) {
        int attr = 0;
        long propagation = 0;
        for (String o : options) {
            if (MountAttributes.isAttribute(o) && !MountAttributes.isRecursive(o)) {
                attr = MountAttributes.of(options).set();
            } else if (PROPAGATION.containsKey(o)) {
                propagation = PROPAGATION.get(o) & ~MS_REC;
            } else if (!BIND_NOOPS.contains(o)) {
                throw new OciException(path + ".options: " + o + " is not supported on a bind mount of a user-namespaced container");
            }
        }
        heldSources.add(attr + " " + (options.contains("rbind") ? 1 : 0) + " " + propagation + " " + src);
        int fd = 3 + preserveFds + heldSources.size();
        hookRecords.add("bindfd=" + fd + " " + (Files.isDirectory(src) ? "dir" : "file") + " " + dest);
    }

    /**
     * An id-mapped bind mount (options idmap or ridmap, with uidMappings and gidMappings): liblxc's
     * "idmap=USERNS" mount option, USERNS being the container's user namespace when the mappings
     * are its own, else one that create makes with these mappings (see {@link IdmappedMount}).
     */
    private void idmap(Mount m, List<String> options, boolean bind, String path, int index) {
        List<String> requested = options.stream().filter(IDMAP_OPTIONS::contains).toList();
        options.removeAll(IDMAP_OPTIONS);
        boolean ridmap = requested.contains("ridmap");
        List<IdMapping> uids = m.uidMappings() == null ? List.of() : m.uidMappings();
        List<IdMapping> gids = m.gidMappings() == null ? List.of() : m.gidMappings();
        if (requested.isEmpty()) {
            if (!uids.isEmpty() || !gids.isEmpty()) {
                throw new OciException(path + ".options: uidMappings and gidMappings need the idmap or ridmap option");
            }
            return;
        }
        if (!bind) {
            throw new OciException(path + ".options: only bind mounts can be id-mapped");
        }
        if (uids.isEmpty() || gids.isEmpty()) {
            throw new OciException(path + ".uidMappings: an id-mapped mount needs uidMappings and gidMappings");
        }
        for (List<IdMapping> maps : List.of(uids, gids)) {
            for (IdMapping map : maps) {
                if (map.containerID() == null || map.hostID() == null || map.size() == null || map.size() <= 0) {
                    throw new OciException(path + ".uidMappings: each mapping needs containerID, hostID and a positive size");
                }
            }
        }
        if (ridmap) {
            options.remove("bind");
            if (!options.contains("rbind")) {
                options.add("rbind");
            }
        }
        if (userNamespace) {
            // liblxc opens the namespace from inside the container's: only its own is reachable there.
            if (!uids.equals(uidMappings) || !gids.equals(gidMappings)) {
                throw new OciException(path + ".uidMappings: in a user-namespaced container an id-mapped mount must use"
                        + " the container's own mappings");
            }
            options.add("idmap=container");
            return;
        }
        IdmappedMount mount = new IdmappedMount(containerDir.resolve("idmap-" + index), uids, gids);
        idmappedMounts.add(mount);
        options.add("idmap=" + mount.userns());
    }

    /** One fstab line as liblxc parses it: fields separated by blanks, blanks escaped as \040. */
    static String fstab(String source, String target, String type, String options) {
        return esc(source) + " " + esc(target) + " " + type + " " + (options.isEmpty() ? "defaults" : options) + " 0 0";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }

    // ---- linux ---------------------------------------------------------------------------------

    private void linuxFields(Linux linux) {
        devices(linux.devices());
        cgroupsPath(linux.cgroupsPath());
        resources(linux.resources());
        unsupported(linux.intelRdt(), "$.linux.intelRdt");
        unsupported(linux.memoryPolicy(), "$.linux.memoryPolicy");
        unsupported(linux.netDevices(), "$.linux.netDevices");
        if (linux.sysctl() != null) {
            linux.sysctl().forEach((k, v) -> hookRecords.add("sysctl=" + Sysctls.require(k, v, this::namespaceOf)));
        }
        if (linux.readonlyPaths() != null) {
            linux.readonlyPaths().forEach(p -> hookRecords.add("ro=" + p));
        }
        if (linux.maskedPaths() != null) {
            linux.maskedPaths().forEach(p -> hookRecords.add("mask=" + p));
        }
        if (linux.mountLabel() != null && !linux.mountLabel().isEmpty()) {
            throw new OciException("$.linux.mountLabel: SELinux mount labels are not supported");
        }
        if (linux.personality() != null) {
            var p = linux.personality();
            if (p.flags() != null && !p.flags().isEmpty()) {
                throw new OciException("$.linux.personality.flags: personality flags are not supported");
            }
            switch (p.domain() == null ? "" : p.domain()) {
                case "LINUX" -> set("lxc.arch", "linux64", "$.linux.personality.domain");
                case "LINUX32" -> set("lxc.arch", "linux32", "$.linux.personality.domain");
                default -> throw new OciException("$.linux.personality.domain: invalid domain " + p.domain());
            }
        }
    }

    private void devices(List<LinuxDevice> devices) {
        if (devices == null) {
            return;
        }
        for (int i = 0; i < devices.size(); i++) {
            LinuxDevice d = devices.get(i);
            String path = "$.linux.devices[" + i + "]";
            if (d.path() == null || !d.path().startsWith("/") || d.path().contains(" ")) {
                throw new OciException(path + ".path: must be an absolute path without blanks");
            }
            String type = d.type() == null ? "" : d.type();
            if (!Set.of("c", "b", "u", "p").contains(type)) {
                throw new OciException(path + ".type: invalid device type " + d.type());
            }
            if (!type.equals("p") && (d.major() == null || d.minor() == null)) {
                throw new OciException(path + ": major and minor are required for type " + type);
            }
            int mode = d.fileMode() == null ? 0666 : d.fileMode();
            hookRecords.add("dev=" + (type.equals("u") ? "c" : type) + " " + (d.major() == null ? 0 : d.major()) + " "
                    + (d.minor() == null ? 0 : d.minor()) + " " + Integer.toOctalString(mode) + " "
                    + (d.uid() == null ? 0 : d.uid()) + " " + (d.gid() == null ? 0 : d.gid()) + " " + d.path());
        }
    }

    private void cgroupsPath(String cgroupsPath) {
        String dir = containerCgroup();
        set("lxc.cgroup.dir.container", dir, "$.linux.cgroupsPath");
        // liblxc needs the monitor's cgroup set too: a sibling, so no new top-level cgroup is left behind.
        String monitor = cgroupsPath == null || cgroupsPath.isEmpty() ? "lxc.monitor." + containerDir.getFileName() : dir + ".monitor";
        set("lxc.cgroup.dir.monitor", monitor, "$.linux.cgroupsPath");
        for (Path base : CgroupMode.bases(cgroupsPath).values()) {
            plannedCgroups.add(base.resolve(dir));
            plannedCgroups.add(base.resolve(monitor));
        }
        // Below the monitor's own cgroups, not PID 1's (liblxc's default, wrong in a pid namespace
        // or for a PID 1 not at the root): lxcri4j-start puts the monitor where the path starts.
        set("lxc.cgroup.relative", "1", "$.linux.cgroupsPath");
    }

    /**
     * The container's cgroup, relative to each hierarchy's root: $.linux.cgroupsPath, else
     * liblxc's own default name, set explicitly so that the cgroup mount can name it.
     */
    private String containerCgroup() {
        String cgroupsPath = spec.linux() == null ? null : spec.linux().cgroupsPath();
        return cgroupsPath == null || cgroupsPath.isEmpty() ? "lxc.payload." + containerDir.getFileName()
                : CgroupMode.pathOf(cgroupsPath, "$.linux.cgroupsPath");
    }

    /**
     * A cgroup mount shows the container's own cgroups, as runc's does: on cgroup v1 a tmpfs at
     * /sys/fs/cgroup with the container's cgroup of each v1 hierarchy bind-mounted at the
     * hierarchy's name (and the host's symlinks such as cpu -> cpu,cpuacct; the hybrid layout's
     * controller-less "unified" is left out, as runc does); on v2 its cgroup at
     * /sys/fs/cgroup. liblxc's cgroup automount would put them at their full host paths instead,
     * where /sys/fs/cgroup/memory/memory.limit_in_bytes is missing.
     */
    private void cgroupMount(List<String> options, String path) {
        String access = (options.contains("rw") ? "rw" : "ro") + ",nosuid,nodev,noexec";
        String dir = containerCgroup();
        Map<Path, Path> bases = CgroupMode.bases(spec.linux().cgroupsPath());
        java.util.function.Function<Path, Path> base = h -> bases.getOrDefault(h, h);
        if (cgroups.v2()) {
            set("lxc.mount.entry", fstab(base.apply(CgroupMode.ROOT).resolve(dir).toString(), "sys/fs/cgroup", "none",
                    "bind," + access + ",create=dir"), path);
            return;
        }
        set("lxc.mount.entry", fstab("tmpfs", "sys/fs/cgroup", "tmpfs", "rw,nosuid,nodev,noexec,mode=755,size=64k,create=dir"),
                path);
        try (var entries = Files.list(CgroupMode.ROOT)) {
            for (Path h : entries.sorted().toList()) {
                String name = h.getFileName().toString();
                if (Files.isSymbolicLink(h)) {
                    hookRecords.add("link=" + Files.readSymbolicLink(h) + " /sys/fs/cgroup/" + name);
                } else if (Files.exists(h.resolve("cgroup.procs")) && !name.equals("unified")) {
                    // optional: a hierarchy liblxc made no cgroup in is left out, not an error
                    set("lxc.mount.entry", fstab(base.apply(h).resolve(dir).toString(), "sys/fs/cgroup/" + name, "none",
                            "bind," + access + ",optional,create=dir"), path);
                }
            }
        } catch (IOException e) {
            throw new OciException(path + ": cannot list " + CgroupMode.ROOT + ": " + e.getMessage());
        }
    }

    private void resources(Resources r) {
        if (r == null) {
            return;
        }
        if (r.devices() != null) {
            for (int i = 0; i < r.devices().size(); i++) {
                DeviceCgroup d = r.devices().get(i);
                String rule = (d.type() == null ? "a" : d.type()) + " " + (d.major() == null || d.major() < 0 ? "*" : d.major())
                        + ":" + (d.minor() == null || d.minor() < 0 ? "*" : d.minor()) + " "
                        + (d.access() == null || d.access().isEmpty() ? "rwm" : d.access());
                if ("a".equals(d.type()) || d.type() == null) {
                    rule = "a";
                }
                cgroup(Boolean.TRUE.equals(d.allow()) ? "devices.allow" : "devices.deny", rule,
                        "$.linux.resources.devices[" + i + "]");
            }
        }
        if (r.devices() != null && !r.devices().isEmpty()) {
            // As runc: the standard nodes and the spec's own devices stay usable whatever the rules deny.
            for (String rule : DEFAULT_DEVICES) {
                cgroup("devices.allow", rule, "$.linux.resources.devices (default devices)");
            }
            List<LinuxDevice> own = spec.linux().devices() == null ? List.of() : spec.linux().devices();
            for (LinuxDevice d : own) {
                if (d.major() != null && d.minor() != null) {
                    cgroup("devices.allow", ("b".equals(d.type()) ? "b" : "c") + " " + d.major() + ":" + d.minor() + " rwm",
                            "$.linux.devices");
                }
            }
        }
        memory(r.memory());
        cpu(r.cpu());
        if (r.pids() != null && r.pids().limit() != null) {
            cgroup("pids.max", r.pids().limit() <= 0 ? "max" : r.pids().limit().toString(), "$.linux.resources.pids.limit");
        }
        blockIO(r.blockIO());
        if (r.hugepageLimits() != null) {
            for (int i = 0; i < r.hugepageLimits().size(); i++) {
                HugepageLimit h = r.hugepageLimits().get(i);
                requireController("hugetlb", "$.linux.resources.hugepageLimits[" + i + "]");
                cgroup(cgroups.v2() ? "hugetlb." + h.pageSize() + ".max" : "hugetlb." + h.pageSize() + ".limit_in_bytes",
                        String.valueOf(h.limit()), "$.linux.resources.hugepageLimits[" + i + "]");
            }
        }
        if (r.network() != null) {
            if (r.network().classID() != null) {
                requireController("net_cls", "$.linux.resources.network.classID");
                cgroup("net_cls.classid", r.network().classID().toString(), "$.linux.resources.network.classID");
            }
            nonEmpty(r.network().priorities(), "$.linux.resources.network.priorities",
                    "network priorities are not supported");
        }
        unsupported(r.rdma(), "$.linux.resources.rdma");
        if (r.unified() != null && !r.unified().isEmpty()) {
            if (!cgroups.v2()) {
                throw new OciException("$.linux.resources.unified: needs a cgroup v2 host (this host uses cgroup v1 controllers)");
            }
            r.unified().forEach((k, v) -> set("lxc.cgroup2." + k, v, "$.linux.resources.unified." + k));
        }
    }

    private void memory(Memory m) {
        if (m == null) {
            return;
        }
        String p = "$.linux.resources.memory";
        if (m.limit() != null) {
            cgroup(cgroups.v2() ? "memory.max" : "memory.limit_in_bytes", bytes(m.limit()), p + ".limit");
        }
        if (m.reservation() != null) {
            cgroup(cgroups.v2() ? "memory.low" : "memory.soft_limit_in_bytes", bytes(m.reservation()), p + ".reservation");
        }
        if (m.swap() != null) {
            if (cgroups.v2()) {
                long swap = m.swap() < 0 || m.limit() == null || m.limit() < 0 ? -1 : m.swap() - m.limit();
                cgroup("memory.swap.max", bytes(swap), p + ".swap");
            } else {
                requireFile("memory/memory.memsw.limit_in_bytes", p + ".swap", "swap accounting is off on this host");
                cgroup("memory.memsw.limit_in_bytes", bytes(m.swap()), p + ".swap");
            }
        }
        if (m.kernel() != null) {
            throw new OciException(p + ".kernel: kernel memory limits are not supported (deprecated)");
        }
        if (m.kernelTCP() != null) {
            throw new OciException(p + ".kernelTCP: kernel TCP memory limits are not supported");
        }
        if (m.swappiness() != null && m.swappiness() >= 0) {
            if (cgroups.v2()) {
                throw new OciException(p + ".swappiness: not available with cgroup v2");
            }
            cgroup("memory.swappiness", m.swappiness().toString(), p + ".swappiness");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            if (cgroups.v2()) {
                throw new OciException(p + ".disableOOMKiller: not available with cgroup v2");
            }
            cgroup("memory.oom_control", "1", p + ".disableOOMKiller");
        }
        if (Boolean.FALSE.equals(m.useHierarchy())) {
            throw new OciException(p + ".useHierarchy: turning hierarchy off is not supported");
        }
        // checkBeforeUpdate only matters to `update`.
    }

    private static String bytes(long v) {
        return v < 0 ? "-1" : Long.toString(v);
    }

    private void cpu(Cpu c) {
        if (c == null) {
            return;
        }
        String p = "$.linux.resources.cpu";
        if (c.shares() != null && c.shares() > 0) {
            if (cgroups.v2()) {
                cgroup("cpu.weight", Long.toString(1 + ((c.shares() - 2) * 9999) / 262142), p + ".shares");
            } else {
                cgroup("cpu.shares", c.shares().toString(), p + ".shares");
            }
        }
        if (cgroups.v2()) {
            if (c.quota() != null || c.period() != null) {
                cgroup("cpu.max", (c.quota() == null || c.quota() < 0 ? "max" : c.quota().toString()) + " "
                        + (c.period() == null ? 100000 : c.period()), p + ".quota");
            }
            if (c.burst() != null) {
                cgroup("cpu.max.burst", c.burst().toString(), p + ".burst");
            }
            if (c.idle() != null) {
                cgroup("cpu.idle", c.idle().toString(), p + ".idle");
            }
        } else {
            if (c.period() != null && c.period() > 0) {
                cgroup("cpu.cfs_period_us", c.period().toString(), p + ".period");
            }
            if (c.quota() != null && c.quota() != 0) {
                cgroup("cpu.cfs_quota_us", c.quota().toString(), p + ".quota");
            }
            if (c.burst() != null) {
                requireFile("cpu/cpu.cfs_burst_us", p + ".burst", "the kernel has no CFS burst");
                cgroup("cpu.cfs_burst_us", c.burst().toString(), p + ".burst");
            }
            if (c.idle() != null && c.idle() != 0) {
                throw new OciException(p + ".idle: needs cgroup v2");
            }
        }
        if (c.realtimeRuntime() != null) {
            throw new OciException(p + ".realtimeRuntime: real-time scheduling limits are not supported");
        }
        if (c.realtimePeriod() != null) {
            throw new OciException(p + ".realtimePeriod: real-time scheduling limits are not supported");
        }
        if (c.cpus() != null && !c.cpus().isEmpty()) {
            cgroup("cpuset.cpus", c.cpus(), p + ".cpus");
        }
        if (c.mems() != null && !c.mems().isEmpty()) {
            cgroup("cpuset.mems", c.mems(), p + ".mems");
        }
    }

    private void blockIO(BlockIO b) {
        if (b == null) {
            return;
        }
        String p = "$.linux.resources.blockIO";
        if (b.weight() != null) {
            String key = cgroups.v2() ? "io.bfq.weight" : "blkio.bfq.weight";
            requireFile(cgroups.v2() ? null : "blkio/blkio.bfq.io_serviced", p + ".weight", "no BFQ I/O scheduler on this host");
            cgroup(key, b.weight().toString(), p + ".weight");
        }
        if (b.leafWeight() != null) {
            throw new OciException(p + ".leafWeight: not supported by current kernels");
        }
        nonEmpty(b.weightDevice(), p + ".weightDevice", "per-device weights are not supported");
        throttle(b.throttleReadBpsDevice(), "blkio.throttle.read_bps_device", "rbps", p + ".throttleReadBpsDevice");
        throttle(b.throttleWriteBpsDevice(), "blkio.throttle.write_bps_device", "wbps", p + ".throttleWriteBpsDevice");
        throttle(b.throttleReadIOPSDevice(), "blkio.throttle.read_iops_device", "riops", p + ".throttleReadIOPSDevice");
        throttle(b.throttleWriteIOPSDevice(), "blkio.throttle.write_iops_device", "wiops", p + ".throttleWriteIOPSDevice");
    }

    private void throttle(List<Object> list, String v1Key, String v2Field, String path) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> n) || !(n.get("major") instanceof Long major)
                    || !(n.get("minor") instanceof Long minor) || !(n.get("rate") instanceof Long rate)) {
                throw new OciException(path + "[" + i + "]: major, minor and rate are required integers");
            }
            String dev = major + ":" + minor;
            if (cgroups.v2()) {
                cgroup("io.max", dev + " " + v2Field + "=" + rate, path + "[" + i + "]");
            } else {
                cgroup(v1Key, dev + " " + rate, path + "[" + i + "]");
            }
        }
    }

    private void requireController(String controller, String path) {
        if (!cgroups.v2() && !Files.isDirectory(CgroupMode.ROOT.resolve(controller))) {
            throw new OciException(path + ": the " + controller + " cgroup controller is not mounted on this host");
        }
    }

    private void requireFile(String relative, String path, String why) {
        if (relative != null && !Files.exists(CgroupMode.ROOT.resolve(relative))) {
            throw new OciException(path + ": not supported here: " + why);
        }
    }

    private void cgroup(String key, String value, String source) {
        set((cgroups.v2() ? "lxc.cgroup2." : "lxc.cgroup.") + key, value, source);
    }

    // ---- hooks -----------------------------------------------------------------------------------

    /** Records of {@code kind} hooks for lxcri4j-init, which runs them (startContainer, createContainer). */
    private static List<String> hookRecords(List<Hook> hooks, String kind) {
        List<String> records = new ArrayList<>();
        if (hooks == null) {
            return records;
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hook h = hooks.get(i);
            if (h.path() == null || !h.path().startsWith("/")) {
                throw new OciException("$.hooks." + kind + "[" + i + "].path: must be absolute");
            }
            records.add("hook=" + h.path());
            if (h.args() != null) {
                h.args().forEach(a -> records.add("hookarg=" + a));
            }
            if (h.env() != null) {
                h.env().forEach(e -> records.add("hookenv=" + e));
            }
            if (h.timeout() != null) {
                if (h.timeout() <= 0) {
                    throw new OciException("$.hooks." + kind + "[" + i + "].timeout: must be positive");
                }
                records.add("hooktimeout=" + h.timeout());
            }
        }
        return records;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void set(String key, String value, String source) {
        items.add(new ConfigItem(key, value, source));
    }

    /** Rejects a field this runtime does not implement, unless it is absent or empty. */
    private static void unsupported(Object value, String path) {
        boolean empty = value == null || (value instanceof String s && s.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty()) || (value instanceof List<?> l && l.isEmpty());
        if (!empty) {
            throw new OciException(path + ": not supported");
        }
    }

    private static void nonEmpty(List<?> list, String path, String why) {
        if (list != null && !list.isEmpty()) {
            throw new OciException(path + ": " + why);
        }
    }
}
