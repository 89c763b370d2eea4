package org.lxcri4j.lxc;

import org.lxcri4j.lxc.bindings.lxc_h;

/** The {@code LXC_CLONE_*} flags. */
public enum CloneFlag {
    KEEP_NAME(lxc_h.LXC_CLONE_KEEPNAME()),
    KEEP_MACADDR(lxc_h.LXC_CLONE_KEEPMACADDR()),
    SNAPSHOT(lxc_h.LXC_CLONE_SNAPSHOT()),
    KEEP_BDEV_TYPE(lxc_h.LXC_CLONE_KEEPBDEVTYPE()),
    MAYBE_SNAPSHOT(lxc_h.LXC_CLONE_MAYBE_SNAPSHOT()),
    ALLOW_RUNNING(lxc_h.LXC_CLONE_ALLOW_RUNNING());

    private final int bit;

    CloneFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
