package org.lxcri4j.runtime.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The Linux namespace types: the runtime spec's name and liblxc's (which is also the /proc/PID/ns
 * entry's); the CLONE_NEW* flag is the bindings' {@link org.lxcri4j.lxc.Namespace}. lxcri4j-start's
 * namespace table is generated from it.
 */
public enum Namespace {
    USER("user", "user", org.lxcri4j.lxc.Namespace.USER),
    MOUNT("mount", "mnt", org.lxcri4j.lxc.Namespace.MOUNT),
    UTS("uts", "uts", org.lxcri4j.lxc.Namespace.UTS),
    IPC("ipc", "ipc", org.lxcri4j.lxc.Namespace.IPC),
    NETWORK("network", "net", org.lxcri4j.lxc.Namespace.NET),
    CGROUP("cgroup", "cgroup", org.lxcri4j.lxc.Namespace.CGROUP),
    TIME("time", "time", org.lxcri4j.lxc.Namespace.TIME),
    PID("pid", "pid", org.lxcri4j.lxc.Namespace.PID);

    private final String specName;
    private final String lxcName;
    /** liblxc's attach namespace, which holds the CLONE_NEW* flag. */
    private final org.lxcri4j.lxc.Namespace kernel;

    Namespace(String specName, String lxcName, org.lxcri4j.lxc.Namespace kernel) {
        this.specName = specName;
        this.lxcName = lxcName;
        this.kernel = kernel;
    }

    /** As linux.namespaces[].type names it. */
    public String specName() {
        return specName;
    }

    /** As liblxc and /proc/PID/ns name it. */
    public String lxcName() {
        return lxcName;
    }

    public int cloneFlag() {
        return kernel.cloneFlag();
    }

    /**
     * The /proc/PID/ns entry of a process that has entered this namespace of another: its
     * pid_for_children for a pid namespace (its own pid namespace cannot change).
     */
    public String enteredEntry() {
        return this == PID ? "pid_for_children" : lxcName;
    }

    public static Optional<Namespace> ofSpec(String type) {
        for (Namespace n : values()) {
            if (n.specName.equals(type)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    public static Namespace ofLxc(String name) {
        for (Namespace n : values()) {
            if (n.lxcName.equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no namespace " + name);
    }

    public String macro() {
        return "CLONE_NEW" + (this == MOUNT ? "NS" : this == NETWORK ? "NET" : name().toUpperCase(Locale.ROOT));
    }
}
