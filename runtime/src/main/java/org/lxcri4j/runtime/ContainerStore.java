package org.lxcri4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runtime directory: {@code ROOT/ID/} per container, private to root (0700). It is also
 * liblxc's lxc path, so ROOT/ID/config is the container's liblxc config. Concurrent commands on
 * one container are serialized by an exclusive lock on ROOT/ID/lock.
 */
final class ContainerStore {

    static final String RECORD = "state.json";

    private final Path root;

    ContainerStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (this.root.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new OciException("--root " + root + ": must not contain blanks (liblxc config values are blank-separated)");
        }
    }

    Path root() {
        return root;
    }

    Path dir(String id) {
        return root.resolve(ContainerId.validate(id));
    }

    /** Creates ROOT/ID; fails if it exists. */
    Path create(String id) {
        Path dir = dir(id);
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return dir;
        } catch (FileAlreadyExistsException e) {
            throw new OciException("container " + id + " already exists");
        } catch (IOException e) {
            throw new OciException("cannot create runtime directory " + dir + ": " + e.getMessage());
        }
    }

    /** Locks ROOT/ID for the duration of one command; fails if the container does not exist. */
    FileLock lock(String id) {
        Path dir = dir(id);
        try {
            FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return ch.lock();
        } catch (NoSuchFileException e) {
            throw new OciException("container " + id + " does not exist");
        } catch (IOException e) {
            throw new OciException("cannot lock container " + id + ": " + e.getMessage());
        }
    }

    void write(ContainerRecord r) {
        try {
            RuntimeFiles.replace(dir(r.id()).resolve(RECORD), Json.write(r.toMap(), true).getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record, or {@code null} while create has not written it yet. */
    ContainerRecord read(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            throw new OciException("container " + id + " does not exist");
        }
        try {
            @SuppressWarnings("unchecked")
            var map = (java.util.Map<String, Object>) Json.parse(Files.readString(dir.resolve(RECORD)));
            return ContainerRecord.fromMap(map);
        } catch (IOException e) {
            return null;
        }
    }

    List<String> ids() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes ROOT/ID and everything in it. */
    void remove(String id) {
        Path dir = dir(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new OciException("cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
