package org.lxcri4j.lxc;

import org.lxcri4j.lxc.bindings.lxc_h;

/**
 * A file descriptor that liblxc handed to the caller (pidfd, devpts, console, seccomp notify).
 * The caller owns it: close it once. Thread-safe.
 */
public final class NativeFd implements AutoCloseable {

    private final int fd;
    private boolean closed;

    NativeFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid file descriptor " + fd);
        }
        this.fd = fd;
    }

    /** The descriptor number; valid until {@link #close()}. */
    public synchronized int fd() {
        if (closed) {
            throw new IllegalStateException("file descriptor " + fd + " is closed");
        }
        return fd;
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            lxc_h.close(fd);
        }
    }

    @Override
    public String toString() {
        return "NativeFd[" + fd + (closed ? ", closed]" : "]");
    }
}
