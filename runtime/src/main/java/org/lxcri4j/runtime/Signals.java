package org.lxcri4j.runtime;

import java.util.List;
import java.util.Locale;

/** Signal names (with or without SIG) and numbers, as `kill` accepts them. */
public final class Signals {

    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private Signals() {
    }

    public static int parse(String s) {
        if (s == null || s.isEmpty()) {
            return SIGTERM;
        }
        try {
            int n = Integer.parseInt(s);
            if (n > 0 && n <= SIGRTMAX) {
                return n;
            }
            throw new OciException("invalid signal " + s);
        } catch (NumberFormatException e) {
            String name = s.toUpperCase(Locale.ROOT);
            if (name.startsWith("SIG")) {
                name = name.substring(3);
            }
            if (name.equals("IOT")) {
                return 6;
            }
            if (name.equals("POLL")) {
                return 29;
            }
            int i = NAMES.indexOf(name);
            if (i > 0) {
                return i;
            }
            if (name.startsWith("RTMIN") || name.startsWith("RTMAX")) {
                int base = name.startsWith("RTMIN") ? SIGRTMIN : SIGRTMAX;
                String off = name.substring(5);
                try {
                    int n = base + (off.isEmpty() ? 0 : Integer.parseInt(off));
                    if (n >= SIGRTMIN && n <= SIGRTMAX) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
            throw new OciException("unknown signal " + s);
        }
    }
}
