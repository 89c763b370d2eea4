package org.lxcri4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One command's exclusive hold on a container ID: flock(2) on {@code ROOT/.ID.lock}, beside the
 * runtime directory that delete removes (a dot never starts an ID), so that a command waiting for
 * delete holds no lock on a removed file. flock works per open file description: threads of one
 * JVM (the Java API's callers) wait for each other as processes do. Whoever holds the lock and
 * finds no container removes the lock file; a waiter that then finds its file unlinked opens it
 * again, so one lock file stands for one ID at a time.
 */
final class ContainerLock implements AutoCloseable {

    private final Path file;
    private final int fd;

    private ContainerLock(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    static Path file(Path root, String id) {
        return root.resolve("." + ContainerId.validate(id) + ".lock");
    }

    static ContainerLock acquire(Path root, String id) {
        Path file = file(root, id);
        for (;;) {
            int fd = Posix.openOrCreate(file, 0600);
            if (fd < 0) {
                throw new OciException("cannot lock container " + id + ": " + Posix.strerror(-fd));
            }
            int err = Posix.lockExclusive(fd);
            if (err != 0) {
                Posix.close(fd);
                throw new OciException("cannot lock container " + id + ": " + Posix.strerror(err));
            }
            if (stillLinked(fd)) {
                return new ContainerLock(file, fd);
            }
            Posix.close(fd); // the holder before us removed it: lock the one at the path now
        }
    }

    /** The lock if nobody holds it now, else null; never waits. */
    static ContainerLock tryAcquire(Path root, String id) {
        Path file = file(root, id);
        int fd = Posix.openOrCreate(file, 0600);
        if (fd < 0) {
            return null;
        }
        if (Posix.tryLockExclusive(fd) != 0 || !stillLinked(fd)) {
            Posix.close(fd);
            return null;
        }
        return new ContainerLock(file, fd);
    }

    private static boolean stillLinked(int fd) {
        try {
            return !Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().endsWith(" (deleted)");
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the lock file, while it is held: for a container that is gone (deleted, or never made). */
    void removeFile() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale lock file only costs the next command an extra open
        }
    }

    @Override
    public void close() {
        Posix.close(fd);
    }
}
