package org.lxcri4j.runtime.translate;

import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.os.NamespaceFile;
import org.lxcri4j.runtime.os.PidFileProcess;
import org.lxcri4j.runtime.protocol.Namespace;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.spec.IdMapping;
import org.lxcri4j.runtime.spec.Linux;
import org.lxcri4j.runtime.spec.LinuxNamespace;
import org.lxcri4j.runtime.spec.TimeOffset;

/** linux.namespaces, uidMappings, gidMappings, timeOffsets; hostname and domainname. */
final class NamespaceSection {

    private NamespaceSection() {
    }

    static void translate(TranslationBuilder b, Linux linux) {
        namespaces(b, linux);
        idmaps(b, "u", linux.uidMappings(), "$.linux.uidMappings");
        idmaps(b, "g", linux.gidMappings(), "$.linux.gidMappings");
        b.uidMappings = linux.uidMappings() == null ? List.of() : linux.uidMappings();
        b.gidMappings = linux.gidMappings() == null ? List.of() : linux.gidMappings();
        if (!b.uidMappings.isEmpty() && !b.userNamespace()) {
            throw new OciException("$.linux.uidMappings: id mappings need a user namespace");
        }
        timeOffsets(b, linux.timeOffsets());
        names(b);
    }

    private static void namespaces(TranslationBuilder b, Linux linux) {
        List<LinuxNamespace> list = linux.namespaces() == null ? List.of() : linux.namespaces();
        boolean liblxcShares = false;
        for (int i = 0; i < list.size(); i++) {
            LinuxNamespace ns = list.get(i);
            String path = "$.linux.namespaces[" + i + "]";
            Namespace type = Namespace.ofSpec(ns.type())
                    .orElseThrow(() -> new OciException(path + ".type: unknown namespace type " + ns.type()));
            if (!b.listed.add(type)) {
                throw new OciException(path + ".type: namespace " + ns.type() + " listed twice");
            }
            if (ns.path() == null || ns.path().isEmpty()) {
                b.created.add(type);
                continue;
            }
            if (type == Namespace.MOUNT) {
                // runc would set the rootfs up (pivot_root included) in that namespace: whoever lives there
                throw new OciException(path + ".path: joining a mount namespace is refused: the rootfs is set up"
                        + " only in a mount namespace of the container's own");
            }
            String nsPath = type == Namespace.PID ? PidFileProcess.pidNamespace(ns.path()) : ns.path();
            b.joinedHost.put(type, NamespaceFile.require(nsPath, type, path + ".path"));
            if (type == Namespace.TIME || type == Namespace.CGROUP) {
                b.setns.add(type.lxcName() + " " + nsPath); // joined by lxcri4j-start and the init (lxcri4j-start.c)
            } else {
                b.set("lxc.namespace.share." + type.lxcName(), nsPath, path + ".path");
                liblxcShares = true;
            }
        }
        if (!b.listed.contains(Namespace.MOUNT)) {
            throw new OciException("$.linux.namespaces: a mount namespace is required");
        }
        // Exactly these are created; the others (not listed, or joined by path) are not.
        b.set("lxc.namespace.clone", String.join(" ", b.created.stream().map(Namespace::lxcName).toList()), "$.linux.namespaces");
        // Sharing any namespace makes liblxc unshare a cgroup namespace for the container; the
        // init enters the one the spec means instead: joined, or the runtime's when none is listed.
        if (liblxcShares && !b.listed.contains(Namespace.CGROUP)) {
            if (b.userNamespace()) {
                throw new OciException("$.linux.namespaces: a user-namespaced container that joins namespaces by path needs"
                        + " a cgroup namespace listed (liblxc would make one; its root cannot enter the host's)");
            }
            b.setns.add(Namespace.CGROUP.lxcName() + " /proc/self/ns/cgroup");
        }
        b.set("lxc.net.0.type", b.listed.contains(Namespace.NETWORK) ? "empty" : "none", "$.linux.namespaces");
    }

    /** liblxc's lxc.time.offset.*: whole seconds, or nanoseconds below one second. */
    private static void timeOffsets(TranslationBuilder b, Map<String, TimeOffset> offsets) {
        if (offsets == null || offsets.isEmpty()) {
            return;
        }
        if (!b.created.contains(Namespace.TIME)) {
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
            b.set(key, nanos == 0 ? secs + "s" : nanos + "ns", path);
        });
    }

    private static void idmaps(TranslationBuilder b, String kind, List<IdMapping> maps, String path) {
        if (maps == null) {
            return;
        }
        for (int i = 0; i < maps.size(); i++) {
            IdMapping m = maps.get(i);
            if (m.containerID() == null || m.hostID() == null || m.size() == null) {
                throw new OciException(path + "[" + i + "]: containerID, hostID and size are required");
            }
            b.set("lxc.idmap", kind + " " + m.containerID() + " " + m.hostID() + " " + m.size(), path + "[" + i + "]");
        }
    }

    /**
     * hostname and domainname: they need a UTS namespace of the container's. liblxc names only a
     * UTS namespace it creates; a joined one (CRI-O's pinned one) is named as runc names it, by
     * the mount hook: in the container's namespaces, before the seccomp profile is loaded (it may
     * deny sethostname and setdomainname).
     */
    private static void names(TranslationBuilder b) {
        String hostname = b.spec.hostname();
        String domainname = b.spec.domainname();
        boolean hasHostname = hostname != null && !hostname.isEmpty();
        boolean hasDomainname = domainname != null && !domainname.isEmpty();
        if ((hasHostname || hasDomainname) && !b.listed.contains(Namespace.UTS)) {
            throw new OciException((hasHostname ? "$.hostname" : "$.domainname")
                    + ": needs a UTS namespace in linux.namespaces (new or joined); it would rename the host");
        }
        if (hasHostname && b.created.contains(Namespace.UTS)) {
            b.set("lxc.uts.name", hostname, "$.hostname");
        } else if (hasHostname) {
            b.hookRecords.add(RecordKey.HOSTNAME.of(hostname));
        }
        if (hasDomainname) {
            b.hookRecords.add(RecordKey.DOMAINNAME.of(domainname));
        }
    }
}
