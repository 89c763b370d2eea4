package org.lxcri4j.cmd.command;

import org.lxcri4j.runtime.OciException;

/** Go-style durations as runc's --interval takes them: 500ms, 5s, 1m, 1.5s. */
final class Interval {

    private Interval() {
    }

    static long millis(String s) {
        try {
            if (s.endsWith("ms")) {
                return positive(Double.parseDouble(s.substring(0, s.length() - 2)), s);
            }
            if (s.endsWith("s")) {
                return positive(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000, s);
            }
            if (s.endsWith("m")) {
                return positive(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000, s);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OciException("invalid interval " + s + " (e.g. 500ms, 5s, 1m)");
    }

    private static long positive(double ms, String s) {
        if (ms <= 0) {
            throw new OciException("invalid interval " + s + ": must be positive");
        }
        return (long) ms;
    }
}
