package org.lxcri4j.lxc;

/** Namespaces a process can be attached to, with their {@code CLONE_NEW*} flags. */
public enum Namespace {
    MOUNT(0x00020000), UTS(0x04000000), IPC(0x08000000), USER(0x10000000), PID(0x20000000),
    NET(0x40000000), CGROUP(0x02000000), TIME(0x00000080);

    private final int cloneFlag;

    Namespace(int cloneFlag) {
        this.cloneFlag = cloneFlag;
    }

    public int cloneFlag() {
        return cloneFlag;
    }
}
