package org.lxcri4j.runtime.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The Linux namespace types: the runtime spec's name, liblxc's (which is also the /proc/PID/ns
 * entry's) and the CLONE_NEW* flag. lxcri4j-start's namespace table is generated from it.
 */
public enum Namespace {
    USER("user", "user", 0x10000000),
    MOUNT("mount", "mnt", 0x00020000),
    UTS("uts", "uts", 0x04000000),
    IPC("ipc", "ipc", 0x08000000),
    NETWORK("network", "net", 0x40000000),
    CGROUP("cgroup", "cgroup", 0x02000000),
    TIME("time", "time", 0x00000080),
    PID("pid", "pid", 0x20000000);

    private final String specName;
    private final String lxcName;
    private final int cloneFlag;

    Namespace(String specName, String lxcName, int cloneFlag) {
        this.specName = specName;
        this.lxcName = lxcName;
        this.cloneFlag = cloneFlag;
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
        return cloneFlag;
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
