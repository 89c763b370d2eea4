package org.lxcri4j.runtime.translate;

import java.util.List;

import org.lxcri4j.runtime.OciException;

/** Linux capabilities by number, as runtime-spec names them (CAP_...). */
public final class Capability {

    static final List<String> NAMES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
            "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
            "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
            "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
            "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    private Capability() {
    }

    /** The bit mask of {@code names}; {@code path} names the field in errors. */
    static long mask(List<String> names, String path) {
        long mask = 0;
        if (names == null) {
            return 0;
        }
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            int bit = n == null ? -1 : NAMES.indexOf(n.toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", ""));
            if (bit < 0) {
                throw new OciException(path + "[" + i + "]: unknown capability " + n);
            }
            mask |= 1L << bit;
        }
        return mask;
    }
}
