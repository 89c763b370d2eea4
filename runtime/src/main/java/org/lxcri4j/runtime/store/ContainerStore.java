package org.lxcri4j.runtime.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.RuntimeFile;

/**
 * The runtime directory: {@code ROOT/ID/} per container, private to root (0700). It is also
 * liblxc's lxc path, so ROOT/ID/config is the container's liblxc config. Concurrent commands on
 * one container are serialized by its {@link ContainerLock}, ROOT/.ID.lock.
 */
public final class ContainerStore {

    static final String RECORD = RuntimeFile.RECORD.fileName();
    static final String CGROUPS = RuntimeFile.PLANNED_CGROUPS.fileName();

    private final Path root;

    public ContainerStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (this.root.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new OciException("--root " + root + ": must not contain blanks (liblxc config values are blank-separated)");
        }
    }

    public Path root() {
        return root;
    }

    public Path dir(String id) {
        return root.resolve(ContainerId.validate(id));
    }

    /** Creates ROOT/ID under its lock, which the caller then holds; fails if it exists. */
    public ContainerLock create(String id) {
        Path dir = dir(id);
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new OciException("cannot create runtime directory " + root + ": " + e.getMessage());
        }
        ContainerLock lock = ContainerLock.acquire(root, id);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return lock;
        } catch (FileAlreadyExistsException e) {
            lock.close();
            throw new OciException("container " + id + " already exists");
        } catch (IOException e) {
            lock.removeFile();
            lock.close();
            throw new OciException("cannot create runtime directory " + dir + ": " + e.getMessage());
        }
    }

    /** Locks ID for the duration of one command; fails, leaving no lock file, if the container does not exist. */
    public ContainerLock lock(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(root)) {
            throw new OciException("container " + id + " does not exist");
        }
        ContainerLock lock = ContainerLock.acquire(root, id);
        if (!Files.isDirectory(dir)) {
            lock.removeFile();
            lock.close();
            throw new OciException("container " + id + " does not exist");
        }
        return lock;
    }

    public void write(ContainerRecord r) {
        try {
            RuntimeFiles.replace(dir(r.id()).resolve(RECORD), RuntimeFiles.records(RecordFormat.encode(r)), false, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record, or {@code null} while there is none: create has not written it yet, or was
     * killed before it did. A record that does not parse (a crash or a full disk mid-write on a
     * host without this runtime's fsync) is a {@link BrokenRecord}.
     */
    public ContainerRecord read(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            throw new OciException("container " + id + " does not exist");
        }
        Path file = dir.resolve(RECORD);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new BrokenRecord(id, file, e.getMessage());
        }
        try {
            ContainerRecord r = RecordFormat.decode(RuntimeFiles.records(bytes));
            if (!id.equals(r.id()) || r.initPid() <= 0 || r.monitorPid() <= 0) {
                throw new IllegalArgumentException("incomplete");
            }
            return r;
        } catch (RuntimeException e) {
            throw new BrokenRecord(id, dir.resolve(RECORD), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** A record that exists but cannot be read: named with its path and what is wrong. */
    public static final class BrokenRecord extends OciException {
        BrokenRecord(String id, Path file, String why) {
            super("container " + id + ": its record " + file + " is broken (" + why + "); delete --force removes the container");
        }
    }

    /** The cgroups create planned for the container and its monitor (see {@link CgroupSweep}). */
    public List<Path> plannedCgroups(String id) {
        try {
            return RuntimeFiles.readRecords(dir(id).resolve(CGROUPS)).stream().map(Path::of).toList();
        } catch (IOException | IllegalArgumentException e) {
            return List.of(); // written before anything is started: without it there is nothing
        }
    }

    public void writePlannedCgroups(String id, List<Path> dirs) throws IOException {
        RuntimeFiles.replace(dir(id).resolve(CGROUPS), RuntimeFiles.records(dirs.stream().map(Path::toString).toList()), false, false);
    }

    public List<String> ids() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes ROOT/ID and everything in it, and its lock file (the caller holds the lock). */
    public void remove(String id) {
        Path dir = dir(id);
        try {
            Files.deleteIfExists(ContainerLock.file(root, id));
        } catch (IOException e) {
            // a stale lock file only costs the next command an extra open
        }
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
