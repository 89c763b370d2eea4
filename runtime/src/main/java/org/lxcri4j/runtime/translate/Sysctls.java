package org.lxcri4j.runtime.translate;

import java.util.Set;
import java.util.function.Function;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.Namespace;

/**
 * linux.sysctl as runc allows it: only sysctls of a namespace the container holds, never the
 * host's. IPC sysctls need an IPC namespace, net.* a network namespace, kernel.domainname a UTS
 * namespace; a joined namespace that is the runtime's own (the host's) counts as none. Everything
 * else (vm.*, kernel.*, fs.* but fs.mqueue.*) is host-wide and refused.
 */
final class Sysctls {

    /** How the container holds a namespace. */
    enum Held { NONE, OWN, JOINED, HOST }

    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private Sysctls() {
    }

    /**
     * Checks one sysctl against the namespaces the container holds and returns the hook record's
     * value "KEY=VALUE"; a key with slashes is a /proc/sys path, which
     * lets interface names hold dots.
     */
    static String require(String key, String value, Function<Namespace, Held> held) {
        String field = "$.linux.sysctl[\"" + key + "\"]";
        if (key.isEmpty() || !key.matches("[A-Za-z0-9_./-]+") || key.startsWith(".") || key.startsWith("/")
                || key.contains("..") || key.contains("//") || key.contains("/.")) {
            throw new OciException(field + ": invalid sysctl name");
        }
        if (value == null || value.indexOf('\0') >= 0) {
            throw new OciException(field + ": invalid value");
        }
        String name = key.replace('/', '.');
        Namespace namespace;
        if (IPC.contains(name) || name.startsWith("fs.mqueue.")) {
            namespace = Namespace.IPC;
        } else if (name.startsWith("net.")) {
            namespace = Namespace.NETWORK;
        } else if (name.equals("kernel.domainname")) {
            namespace = Namespace.UTS;
        } else if (name.equals("kernel.hostname")) {
            throw new OciException(field + ": not allowed; set the hostname field instead");
        } else {
            throw new OciException(field + ": not a namespaced sysctl; it would change the host");
        }
        String kind = switch (namespace) {
            case IPC -> "IPC";
            case UTS -> "UTS";
            default -> "network";
        };
        switch (held.apply(namespace)) {
            case NONE -> throw new OciException(field + ": needs its own " + kind + " namespace in linux.namespaces;"
                    + " it would change the host's");
            case HOST -> throw new OciException(field + ": the " + kind + " namespace joined is the host's");
            default -> {
                return key + "=" + value;
            }
        }
    }
}
