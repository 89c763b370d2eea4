package org.lxcri4j.runtime.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.lxcri4j.runtime.OciException;

/**
 * One command's exclusive hold on a container ID: a record lock (fcntl, FileChannel.lock) on
 * {@code ROOT/.ID.lock}, beside the runtime directory that delete removes (a dot never starts an
 * ID), so that a command waiting for delete holds no lock on a removed file. A record lock is the
 * process's, so threads of one JVM (the Java API's callers) first take a lock of this JVM's per
 * file: they wait for each other as processes do. Whoever holds it and finds no container removes
 * the lock file; a waiter that then finds its file unlinked opens it again.
 */
public final class ContainerLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private ContainerLock(Path file, ReentrantLock local, FileChannel channel, FileLock lock) {
        this.file = file;
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    static Path file(Path root, String id) {
        return root.resolve("." + ContainerId.validate(id) + ".lock");
    }

    static ContainerLock acquire(Path root, String id) {
        Path file = file(root, id);
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try {
            for (;;) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock();
                if (stillLinked(file)) {
                    return new ContainerLock(file, local, channel, lock);
                }
                channel.close(); // the holder before us removed it: lock the one at the path now
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw new OciException("cannot lock container " + id + ": " + e.getMessage());
        }
    }

    /** The lock if nobody holds it now, else null; never waits. */
    public static ContainerLock tryAcquire(Path root, String id) {
        Path file = file(root, id);
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        if (!local.tryLock()) {
            return null;
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null && stillLinked(file)) {
                return new ContainerLock(file, local, channel, lock);
            }
            channel.close();
        } catch (IOException e) {
            // not ours to take now
        }
        local.unlock();
        return null;
    }

    /** Whether the file this JVM has open at {@code file} is still linked there (this JVM holds one at a time). */
    private static boolean stillLinked(Path file) throws IOException {
        String deleted = file + " (deleted)";
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(deleted)) {
                        return false;
                    }
                } catch (IOException e) {
                    // closed meanwhile (the stream's own descriptor)
                }
            }
        }
        return true;
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
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        } finally {
            local.unlock();
        }
    }
}
