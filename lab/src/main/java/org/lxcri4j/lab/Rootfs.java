package org.lxcri4j.lab;

import java.nio.file.Path;

/**
 * Where a node's root filesystem comes from. Each is the read-only lower layer of an overlay; a
 * node writes to a layer of its own, which a reset throws away, so many nodes share one rootfs and
 * none changes it.
 */
public sealed interface Rootfs permits Rootfs.Busybox, Rootfs.Directory, Rootfs.Debian {

    /** The host's static busybox and its applets, built once into the cache. */
    static Rootfs busybox() {
        return new Busybox();
    }

    /** An existing root filesystem; it needs a {@code /bin/sh} for the lab's init. */
    static Rootfs directory(Path path) {
        return new Directory(path);
    }

    /** Debian {@code suite} ({@code bookworm}), bootstrapped once with {@code debootstrap --variant=minbase} into the cache. */
    static Rootfs debian(String suite) {
        return new Debian(suite);
    }

    /** See {@link Rootfs#busybox()}. */
    record Busybox() implements Rootfs {
    }

    /** See {@link Rootfs#directory(Path)}. */
    record Directory(Path path) implements Rootfs {
        public Directory {
            path = path.toAbsolutePath().normalize();
        }
    }

    /** See {@link Rootfs#debian(String)}. */
    record Debian(String suite) implements Rootfs {
        public Debian {
            if (!suite.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("not a Debian suite name: " + suite);
            }
        }
    }
}
