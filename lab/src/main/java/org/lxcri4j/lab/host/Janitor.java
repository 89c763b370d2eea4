package org.lxcri4j.lab.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.lxcri4j.lab.LabException;
import org.lxcri4j.lxc.LxcContainer;

/**
 * Removes labs: a lab's own on close, and every lab whose owning JVM is gone when another starts.
 * The removal runs in the order that never leaves a resource without its owner file: containers
 * (their cgroups go with them), the nodes' network namespaces and veths, bridges, subnet leases,
 * the directory, the owner file last.
 */
public final class Janitor {

    private Janitor() {
    }

    /**
     * Removes every lab under {@code root} whose owner no longer runs; returns their ids. One sweep
     * at a time on a root, across JVMs.
     */
    public static List<String> sweep(Path root) {
        List<String> removed = new ArrayList<>();
        Path labs = root.resolve("labs");
        if (!Files.isDirectory(labs)) {
            return removed;
        }
        synchronized (Janitor.class) {
            try (FileChannel ch = FileChannel.open(root.resolve(".sweep.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                sweep(root, labs, removed);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sweep the labs under " + root, e);
            }
        }
        return removed;
    }

    private static void sweep(Path root, Path labs, List<String> removed) throws IOException {
        try (Stream<Path> files = Files.list(labs)) {
            for (Path ownerFile : files.toList()) {
                Optional<LabDirectory> lab = LabDirectory.of(ownerFile);
                if (lab.isEmpty()) {
                    continue;
                }
                Optional<ProcessIdentity> owner;
                try {
                    owner = ProcessIdentity.parse(Files.readString(ownerFile));
                } catch (NoSuchFileException e) {
                    continue; // removed meanwhile
                }
                if (owner.isPresent() && owner.get().isAlive()) {
                    continue;
                }
                remove(root, lab.get());
                removed.add(lab.get().id());
            }
        }
    }

    /** Removes lab {@code lab}: see the class comment for the order. */
    public static void remove(Path root, LabDirectory lab) {
        stopContainers(lab.lxcPath());
        HostLinks.removeAll(lab.netnsPrefix(), lab.linkPrefix());
        SubnetLeases.release(root, lab.id());
        deleteTree(lab.path());
        try {
            Files.deleteIfExists(lab.ownerFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + lab.ownerFile(), e);
        }
    }

    /** Stops every container under {@code lxcPath}. */
    static void stopContainers(Path lxcPath) {
        if (!Files.isDirectory(lxcPath)) {
            return;
        }
        List<LxcContainer> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(lxcPath)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                all.add(LxcContainer.open(dir.getFileName().toString(), lxcPath));
            }
            Containers.stop(all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the containers in " + lxcPath, e);
        } finally {
            all.forEach(LxcContainer::close);
        }
    }

    /**
     * Deletes {@code dir} and everything under it, following no symbolic link. A mount point inside
     * is an error, not something to delete through.
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Object device = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!device.equals(Files.getAttribute(d, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                        throw new LabException("not deleting " + dir + ": " + d + " is a mount point");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // gone meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
