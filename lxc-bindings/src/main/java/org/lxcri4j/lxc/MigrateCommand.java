package org.lxcri4j.lxc;

import org.lxcri4j.lxc.bindings.lxc_h;

/** The {@code MIGRATE_*} commands of {@link LxcContainer#migrate}. */
public enum MigrateCommand {
    PRE_DUMP(lxc_h.MIGRATE_PRE_DUMP()),
    DUMP(lxc_h.MIGRATE_DUMP()),
    RESTORE(lxc_h.MIGRATE_RESTORE()),
    FEATURE_CHECK(lxc_h.MIGRATE_FEATURE_CHECK());

    private final int code;

    MigrateCommand(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
