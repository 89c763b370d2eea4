package org.lxcri4j.lxc;

import org.lxcri4j.lxc.bindings.lxc_h;

/** The {@code LXC_ATTACH_*} flags. The first four make up liblxc's default set. */
public enum AttachFlag {
    MOVE_TO_CGROUP(lxc_h.LXC_ATTACH_MOVE_TO_CGROUP()),
    DROP_CAPABILITIES(lxc_h.LXC_ATTACH_DROP_CAPABILITIES()),
    SET_PERSONALITY(lxc_h.LXC_ATTACH_SET_PERSONALITY()),
    LSM_EXEC(lxc_h.LXC_ATTACH_LSM_EXEC()),
    REMOUNT_PROC_SYS(lxc_h.LXC_ATTACH_REMOUNT_PROC_SYS()),
    LSM_NOW(lxc_h.LXC_ATTACH_LSM_NOW()),
    NO_NEW_PRIVS(lxc_h.LXC_ATTACH_NO_NEW_PRIVS()),
    TERMINAL(lxc_h.LXC_ATTACH_TERMINAL()),
    LSM_LABEL(lxc_h.LXC_ATTACH_LSM_LABEL()),
    SETGROUPS(lxc_h.LXC_ATTACH_SETGROUPS());

    private final int bit;

    AttachFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
