package org.lxcri4j.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.lxcri4j.runtime.OciException;

/** How the runtime writes the files others read: whole, never half-written; records; permissions. */
public final class RuntimeFiles {

    private RuntimeFiles() {
    }

    /** The records of a file {@link #records} wrote; none when it does not exist. */
    public static List<String> readRecords(Path file) throws IOException {
        return Files.exists(file) ? records(Files.readAllBytes(file)) : List.of();
    }

    /** The records of {@code bytes}; ones that do not end in a NUL were cut short and throw. */
    static List<String> records(byte[] bytes) {
        if (bytes.length == 0) {
            return List.of();
        }
        if (bytes[bytes.length - 1] != 0) {
            throw new IllegalArgumentException("the last record is not NUL-terminated");
        }
        return List.of(new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8).split("\0", -1));
    }

    /** NUL-terminated records, the format of the box's init.conf and the hook's hook.conf. */
    public static byte[] records(List<String> records) {
        StringBuilder b = new StringBuilder();
        for (String r : records) {
            b.append(r).append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A file that processes in the container's namespaces read (hook.conf, hook states): for a
     * user-namespaced container they run as its mapped root, so 0644 whatever this process's umask.
     */
    public static void writeReadable(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** A pid file as runc writes it: the number alone, replaced whole, readable by all. */
    public static void writePidFile(Path pidFile, int pid) {
        try {
            replace(pidFile, Integer.toString(pid).getBytes(StandardCharsets.UTF_8), true, false);
        } catch (IOException e) {
            throw new OciException("cannot write the pid file " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code file} at once: an exclusive sibling is written, then renamed over it, so no
     * reader sees it half-written. {@code durable} also syncs the file before the rename and the
     * directory after it, so that after a host crash it is the old content or the new, never
     * empty: for the container's record alone, as nothing else outlives a host crash (cgroups,
     * processes and hook files do not).
     */
    public static void replace(Path path, byte[] content, boolean readable, boolean durable) throws IOException {
        Path file = path.toAbsolutePath();
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(readable ? "rw-r--r--" : "rw-------")));
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                for (ByteBuffer b = ByteBuffer.wrap(content); b.hasRemaining(); ) {
                    out.write(b);
                }
                if (durable) {
                    out.force(true);
                }
            }
            if (readable) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // whatever the umask
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (durable) {
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }
}
