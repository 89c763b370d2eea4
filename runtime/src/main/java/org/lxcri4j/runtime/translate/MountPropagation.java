package org.lxcri4j.runtime.translate;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The propagation mount options and their MS_* flags, as the init's mountprop records carry them. */
final class MountPropagation {

    static final long MS_REC = 16384;
    private static final long MS_UNBINDABLE = 1L << 17;
    static final long MS_PRIVATE = 1L << 18;
    private static final long MS_SLAVE = 1L << 19;
    private static final long MS_SHARED = 1L << 20;
    private static final Map<String, Long> FLAGS = Map.of("private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC, "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    private MountPropagation() {
    }

    static boolean isPropagation(String option) {
        return FLAGS.containsKey(option);
    }

    /** The flags of a propagation option, or null if it is none. */
    static @Nullable Long flags(String option) {
        return FLAGS.get(option);
    }
}
