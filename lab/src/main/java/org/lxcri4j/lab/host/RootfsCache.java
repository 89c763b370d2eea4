package org.lxcri4j.lab.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lab.LabException;
import org.lxcri4j.lab.LabHost;
import org.lxcri4j.lab.Rootfs;
import org.lxcri4j.lxc.lab.BusyboxRootfs;

/**
 * Root filesystems built once per host and shared read-only by every node as overlay lower layers.
 * Each is built in a temporary directory and renamed into place under a file lock, so parallel JVMs
 * build it once and nobody sees half of one. Busybox's is keyed by the host binary's digest, so an
 * upgrade of busybox-static gives a new one.
 */
public final class RootfsCache {

    /** The layer above every rootfs: the lab's init. */
    private static final String LAB_LAYER = "lab-layer-1";
    private static final Object LOCK = new Object();

    private RootfsCache() {
    }

    /** The overlay lower layers of {@code rootfs}, uppermost first. */
    public static List<Path> layers(LabHost host, Rootfs rootfs) {
        Path cache = host.cache();
        Path base = switch (rootfs) {
            case Rootfs.Busybox b -> cached(cache, "busybox-" + digest(BusyboxRootfs.busybox()), BusyboxRootfs::build);
            case Rootfs.Directory d -> {
                if (!Files.isDirectory(d.path())) {
                    throw new LabException("rootfs directory " + d.path() + " does not exist");
                }
                yield d.path();
            }
            case Rootfs.Debian d -> cached(cache, "debian-" + d.suite(), dir -> debootstrap(host.fetchNetns(), d.suite(), dir));
        };
        Path lab = cached(cache, LAB_LAYER, dir -> {
            try {
                BusyboxRootfs.writeInit(dir);
            } catch (IOException e) {
                throw new LabException("cannot write the lab's init into " + dir + ": " + e.getMessage(), e);
            }
        });
        return List.of(lab, base);
    }

    private static Path cached(Path cache, String name, Consumer<Path> build) {
        Path done = cache.resolve(name);
        if (Files.isDirectory(done)) {
            return done;
        }
        synchronized (LOCK) {
            try {
                Files.createDirectories(cache);
                try (FileChannel ch = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    if (Files.isDirectory(done)) {
                        return done;
                    }
                    Path tmp = cache.resolve("." + name + ".partial");
                    Janitor.deleteTree(tmp);
                    Files.createDirectories(tmp);
                    build.accept(tmp);
                    Files.move(tmp, done);
                    return done;
                }
            } catch (IOException e) {
                throw new LabException("cannot build " + name + " in " + cache + ": " + e.getMessage(), e);
            }
        }
    }

    private static void debootstrap(@Nullable Path netns, String suite, Path dir) {
        if (!Files.isExecutable(Path.of("/usr/sbin/debootstrap"))) {
            throw new LabException("a Debian rootfs needs debootstrap: apt-get install debootstrap");
        }
        List<String> argv = new ArrayList<>();
        if (netns != null) {
            argv.addAll(List.of("nsenter", "--net=" + netns));
        }
        argv.addAll(List.of("/usr/sbin/debootstrap", "--variant=minbase", "--include=iproute2,iputils-ping,procps",
                suite, dir.toString(), mirror()));
        HostCommand.run(argv);
    }

    /** The Debian mirror this host's apt uses, so a lab needs no network apt does not. */
    static String mirror() {
        try (Stream<Path> sources = Stream.concat(Stream.of(Path.of("/etc/apt/sources.list")),
                Files.isDirectory(Path.of("/etc/apt/sources.list.d")) ? Files.list(Path.of("/etc/apt/sources.list.d")) : Stream.empty())) {
            // what apt reads: *.list and deb822 *.sources
            for (Path f : sources.filter(f -> f.toString().endsWith(".list") || f.toString().endsWith(".sources"))
                    .filter(Files::isRegularFile).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] w = line.strip().split("\\s+");
                    for (int i = 0; i < w.length; i++) {
                        boolean deb = w[0].equals("deb") || w[0].equals("URIs:");
                        if (deb && w[i].matches("https?://\\S+/debian/?")) {
                            return w[i];
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the default below
        }
        return "http://deb.debian.org/debian";
    }

    private static String digest(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest(), 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
