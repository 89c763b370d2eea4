package org.lxcri4j.runtime.os;

import java.util.Optional;

import org.lxcri4j.runtime.OciException;

/**
 * A pidfd of one process: signals through it reach that process or nobody, never a later process
 * that got its pid (crun's and runc's way). Opened only for the process that started at the
 * recorded time; an unknown start time matches nothing.
 */
public final class Pidfd implements AutoCloseable {

    private final int pid;
    private final int fd;

    private Pidfd(int pid, int fd) {
        this.pid = pid;
        this.fd = fd;
    }

    /**
     * The process {@code pid} if it is the one that started at {@code startTime} (/proc ticks) and
     * has not exited; empty otherwise. The start time is read after the pidfd exists, so a match
     * proves the pidfd names that process.
     */
    public static Optional<Pidfd> open(int pid, long startTime) {
        if (pid <= 0 || startTime <= 0) {
            return Optional.empty();
        }
        int fd = Posix.pidfdOpen(pid);
        if (fd < 0) {
            return Optional.empty();
        }
        Pidfd p = new Pidfd(pid, fd);
        if (!ProcessInfo.alive(pid, startTime)) {
            p.close();
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Whichever process has {@code pid} now; for pids just read from a frozen cgroup, which cannot change. */
    public static Optional<Pidfd> open(int pid) {
        int fd = pid <= 0 ? -1 : Posix.pidfdOpen(pid);
        return fd < 0 ? Optional.empty() : Optional.of(new Pidfd(pid, fd));
    }

    int pid() {
        return pid;
    }

    /** Whether the process has not exited yet: what was read of /proc/PID meanwhile was its. */
    public boolean alive() {
        return Posix.pidfdSignal(fd, 0) == 0;
    }

    /** Sends {@code signal}; a process that has exited meanwhile is not an error. */
    public void signal(int signal) {
        int err = Posix.pidfdSignal(fd, signal);
        if (err != 0 && err != Posix.ESRCH) {
            throw new OciException("signal " + signal + " to pid " + pid + " failed: errno " + err);
        }
    }

    @Override
    public void close() {
        Posix.close(fd);
    }
}
