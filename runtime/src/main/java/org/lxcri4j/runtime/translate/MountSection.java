package org.lxcri4j.runtime.translate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.spec.IdMapping;
import org.lxcri4j.runtime.spec.LinuxDevice;
import org.lxcri4j.runtime.spec.Mount;

/**
 * mounts: each a liblxc mount entry in the listed order (liblxc mounts them in that order, before
 * the mount hooks), /dev and /dev/pts included; then, as runc does unless /dev is a bind mount,
 * the default devices and /dev/ptmx (a link to the devpts instance the spec mounted), made by the
 * hook on whatever /dev is then; and the console.
 */
final class MountSection {

    /** Mount options that id-map a bind mount (liblxc's idmap=, see idmap()). */
    static final List<String> IDMAP_OPTIONS = List.of("idmap", "ridmap");
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
    private static final Set<String> MOUNT_TYPES_AS_IS = Set.of("proc", "sysfs", "tmpfs", "mqueue", "devpts",
            "ramfs", "hugetlbfs", "overlay", "fuse", "fusectl", "securityfs", "debugfs", "tracefs");
    /** The spec's default devices, as the hook's device records: TYPE MAJOR MINOR MODE UID GID PATH. */
    private static final List<String> DEFAULT_DEVICE_NODES = List.of("c 1 3 666 0 0 /dev/null", "c 1 5 666 0 0 /dev/zero",
            "c 1 7 666 0 0 /dev/full", "c 1 8 666 0 0 /dev/random", "c 1 9 666 0 0 /dev/urandom", "c 5 0 666 0 0 /dev/tty");
    /** Options of a bind mount that need nothing done: the bind itself, or liblxc's own words. */
    private static final Set<String> BIND_NOOPS = Set.of("bind", "rbind", "defaults", "async");

    private MountSection() {
    }

    static void translate(TranslationBuilder b) {
        List<Mount> mounts = b.spec.mounts() == null ? List.of() : b.spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            mount(b, mounts.get(i), "$.mounts[" + i + "]", i);
        }
        // the spec's own device at one of these paths is made instead (LinuxSection)
        List<LinuxDevice> own = b.spec.linux() == null || b.spec.linux().devices() == null ? List.of() : b.spec.linux().devices();
        for (String device : DEFAULT_DEVICE_NODES) {
            String at = device.substring(device.lastIndexOf(' ') + 1);
            if (own.stream().noneMatch(d -> at.equals(d.path()))) {
                b.hookRecords.add(RecordKey.DEVICE.of(device));
            }
        }
        b.hookRecords.add(RecordKey.LINK.of("pts/ptmx /dev/ptmx"));
        var process = b.spec.process();
        if (Boolean.TRUE.equals(process.terminal())) {
            var size = process.consoleSize();
            boolean sized = size != null && size.height() != null && size.width() != null;
            b.hookRecords.add(RecordKey.CONSOLE.of(sized ? size.height() + " " + size.width() : "0 0"));
        }
    }

    private static void mount(TranslationBuilder b, Mount m, String path, int index) {
        // a relative destination is taken from "/", as the spec says for Linux
        String dest = ("/" + m.destination()).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        if (dest.equals("/")) {
            throw new OciException(path + ".destination: mounting over the container's root is not supported");
        }
        List<String> options = m.options() == null ? new ArrayList<>() : new ArrayList<>(m.options());
        boolean bind = options.contains("bind") || options.contains("rbind") || "bind".equals(m.type());
        String type = m.type() == null || m.type().isEmpty() || bind ? "none" : m.type();
        boolean idmapped = options.stream().anyMatch(IDMAP_OPTIONS::contains);
        idmap(b, m, options, bind, path, index);
        if (dest.equals("/dev") && !type.equals("tmpfs")) {
            // runc would leave /dev as given; the init binary lives in /dev and must not land on the host's
            throw new OciException(path + ".type: /dev must be a tmpfs (the runtime's init is placed in it)");
        }
        if (type.equals("cgroup") || type.equals("cgroup2")) {
            cgroupMount(b, options, path);
            return;
        }
        if (!bind && options.contains("dirsync") && options.lastIndexOf("dirsync") > options.lastIndexOf("async")) {
            // liblxc drops it when it mounts, and a remount cannot set it (mount(2))
            throw new OciException(path + ".options: dirsync is not supported");
        }
        for (String o : options) {
            Long propagation = MountPropagation.flags(o);
            if (propagation != null) {
                b.init.add(RecordKey.MOUNT_PROPAGATION.of(propagation + " " + dest)); // set again after pivot_root (lxcri4j-init.c)
            }
        }
        if (!bind && !MOUNT_TYPES_AS_IS.contains(type)) {
            throw new OciException(path + ".type: unsupported mount type " + m.type());
        }
        String source = m.source() == null || m.source().isEmpty() ? type : m.source();
        if (bind) {
            Path src = b.bundle.resolve(source).normalize();
            if (!Files.exists(src)) {
                throw new OciException(path + ".source: " + src + " does not exist");
            }
            if (b.userNamespace() && !idmapped) {
                heldBind(b, src, dest, options, path);
                return;
            }
            options.add(Files.isDirectory(src) ? "create=dir" : "create=file");
            source = src.toString();
        } else {
            options.add("create=dir");
        }
        // the attributes liblxc leaves out, applied by the mount hook (see MountAttributes)
        String data = String.join(",", options.stream().filter(o -> o.contains("=") && !o.startsWith("create=")).toList());
        b.hookRecords.addAll(MountAttributes.remount(options, bind, data, dest));
        b.hookRecords.addAll(MountAttributes.of(options).records(dest));
        if (options.contains("remount")) {
            return; // the mount at dest changes: nothing is mounted (the hook's remount record)
        }
        options.removeIf(MountAttributes::isRecursive);
        b.set("lxc.mount.entry", TranslationBuilder.fstab(source, dest.substring(1), type, String.join(",", options)), path);
    }

    /**
     * A bind mount of a user-namespaced container. liblxc would mount it as the container's
     * mapped root, who may not reach the source (CRI-O's userdata directory is root's, 0700), and
     * could not bind a path of the host's mount namespace from the container's anyway. So, as
     * runc does: lxcri4j-start, the host's root, clones the source as a detached mount with its
     * flags (open_tree, mount_setattr), and the hook attaches it at its place (move_mount).
     * Records: "ATTR RECURSIVE PROPAGATION SOURCE" for lxcri4j-start, descriptors 4+preserved..
     * after the box; the hook's bind-fd record "FD dir|file TARGET".
     */
    private static void heldBind(TranslationBuilder b, Path src, String dest, List<String> options, String path) {
        int attr = 0;
        long propagation = 0;
        for (String o : options) {
            if (MountAttributes.isAttribute(o) && !MountAttributes.isRecursive(o)) {
                attr = MountAttributes.of(options).set();
            } else if (MountPropagation.isPropagation(o)) {
                propagation = MountPropagation.flags(o) & ~MountPropagation.MS_REC;
            } else if (!BIND_NOOPS.contains(o)) {
                throw new OciException(path + ".options: " + o + " is not supported on a bind mount of a user-namespaced container");
            }
        }
        b.heldSources.add(attr + " " + (options.contains("rbind") ? 1 : 0) + " " + propagation + " " + src);
        int fd = 3 + b.preserveFds + b.heldSources.size();
        b.hookRecords.add(RecordKey.BIND_FD.of(fd + " " + (Files.isDirectory(src) ? "dir" : "file") + " " + dest));
    }

    /**
     * An id-mapped bind mount (options idmap or ridmap, with uidMappings and gidMappings): liblxc's
     * "idmap=USERNS" mount option, USERNS being the container's user namespace when the mappings
     * are its own, else one that create makes with these mappings (see {@link IdmappedMount}).
     */
    private static void idmap(TranslationBuilder b, Mount m, List<String> options, boolean bind, String path, int index) {
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
        if (b.userNamespace()) {
            // liblxc opens the namespace from inside the container's: only its own is reachable there.
            if (!uids.equals(b.uidMappings) || !gids.equals(b.gidMappings)) {
                throw new OciException(path + ".uidMappings: in a user-namespaced container an id-mapped mount must use"
                        + " the container's own mappings");
            }
            options.add("idmap=container");
            return;
        }
        IdmappedMount mount = new IdmappedMount(b.containerDir.resolve("idmap-" + index), uids, gids);
        b.idmappedMounts.add(mount);
        options.add("idmap=" + mount.userns());
    }

    /**
     * A cgroup mount shows the container's own cgroups, as runc's does: on cgroup v1 a tmpfs at
     * /sys/fs/cgroup with the container's cgroup of each v1 hierarchy bind-mounted at the
     * hierarchy's name (and the host's symlinks such as cpu -> cpu,cpuacct; the hybrid layout's
     * controller-less "unified" is left out, as runc does); on v2 its cgroup at
     * /sys/fs/cgroup. liblxc's cgroup automount would put them at their full host paths instead,
     * where /sys/fs/cgroup/memory/memory.limit_in_bytes is missing.
     */
    private static void cgroupMount(TranslationBuilder b, List<String> options, String path) {
        String access = (options.contains("rw") ? "rw" : "ro") + ",nosuid,nodev,noexec";
        String dir = CgroupSection.containerCgroup(b);
        Map<Path, Path> bases = b.cgroups.bases(b.spec.linux() == null ? null : b.spec.linux().cgroupsPath());
        Function<Path, Path> base = h -> bases.getOrDefault(h, h);
        Path root = b.cgroups.root();
        if (b.cgroups.v2()) {
            b.set("lxc.mount.entry", TranslationBuilder.fstab(base.apply(root).resolve(dir).toString(), "sys/fs/cgroup", "none",
                    "bind," + access + ",create=dir"), path);
            return;
        }
        b.set("lxc.mount.entry", TranslationBuilder.fstab("tmpfs", "sys/fs/cgroup", "tmpfs",
                "rw,nosuid,nodev,noexec,mode=755,size=64k,create=dir"), path);
        try (var entries = Files.list(root)) {
            for (Path h : entries.sorted().toList()) {
                String name = h.getFileName().toString();
                if (Files.isSymbolicLink(h)) {
                    b.hookRecords.add(RecordKey.LINK.of(Files.readSymbolicLink(h) + " /sys/fs/cgroup/" + name));
                } else if (Files.exists(h.resolve("cgroup.procs")) && !name.equals("unified")) {
                    // optional: a hierarchy liblxc made no cgroup in is left out, not an error
                    b.set("lxc.mount.entry", TranslationBuilder.fstab(base.apply(h).resolve(dir).toString(), "sys/fs/cgroup/" + name,
                            "none", "bind," + access + ",optional,create=dir"), path);
                }
            }
        } catch (IOException e) {
            throw new OciException(path + ": cannot list " + root + ": " + e.getMessage());
        }
    }
}
