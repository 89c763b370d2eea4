package org.lxcri4j.runtime.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** /proc facts about a pid: its start time (to detect pid reuse), its parent, whether it is still alive. */
public final class ProcessInfo {

    private ProcessInfo() {
    }

    /** Field 22 of /proc/PID/stat (start time in clock ticks), or -1 when the process is gone. */
    public static long startTime(int pid) {
        String stat = stat(pid);
        if (stat == null) {
            return -1;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[19]);
    }

    /** Field 4 of /proc/PID/stat, or -1 when the process is gone. */
    public static int parent(int pid) {
        String stat = stat(pid);
        if (stat == null) {
            return -1;
        }
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    /**
     * Alive: exists, is not a zombie, and started at {@code startTime}. An unknown start time
     * (zero or negative) matches nothing: the pid alone could be anyone's by now.
     */
    public static boolean alive(int pid, long startTime) {
        if (pid <= 0 || startTime <= 0) {
            return false;
        }
        String stat = stat(pid);
        if (stat == null) {
            return false;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (f[0].equals("Z") || f[0].equals("X")) {
            return false;
        }
        return Long.parseLong(f[19]) == startTime;
    }

    /** Whether {@code pid} exists and is not a zombie, whoever it is now (waiting for a process to go). */
    public static boolean exists(int pid) {
        return alive(pid, startTime(pid));
    }

    private static String stat(int pid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
    }
}
