package org.lxcri4j.lxc.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a minimal root filesystem from the host's static busybox (Debian's busybox-static): no
 * download, no template. Used by the demo, the tests and LXC-based test labs.
 */
public final class BusyboxRootfs {

    /**
     * The container's init: reports on the console, halts on SIGTERM, reboots on SIGUSR1 (the lab's
     * lxc.signal.reboot). Not liblxc's default SIGINT: a shell cannot trap a signal it inherited as
     * ignored, and a JVM started from a background job passes SIGINT on ignored.
     */
    public static final String INIT = "/sbin/lxcri4j-idle";
    /** What {@link #INIT} writes to the console when it starts. */
    public static final String CONSOLE_MARKER = "lxcri4j-idle: up";

    private static final List<Path> BUSYBOX = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));
    private static final List<String> DIRS = List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev",
            "tmp", "root", "mnt", "run", "var/tmp");

    private BusyboxRootfs() {
    }

    /** The host's busybox; fails with the package to install when there is none. */
    public static Path busybox() {
        return BUSYBOX.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("busybox not found in " + BUSYBOX + ": apt-get install busybox-static"));
    }

    /** Populates {@code rootfs} (created if missing) with busybox, its applet links, users and {@link #INIT}. */
    public static Path build(Path rootfs) {
        try {
            for (String d : DIRS) {
                Files.createDirectories(rootfs.resolve(d));
            }
            Files.setPosixFilePermissions(rootfs.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Path busybox = rootfs.resolve("bin/busybox");
            Files.copy(busybox(), busybox, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            for (String applet : applets()) {
                Path link = rootfs.resolve(applet.startsWith("/") ? applet.substring(1) : applet);
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(link.getParent());
                    // Relative, so the link stays inside the rootfs whichever side resolves it.
                    Files.createSymbolicLink(link, link.getParent().relativize(busybox));
                }
            }
            Files.writeString(rootfs.resolve("etc/passwd"),
                    "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
            Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
            Files.writeString(rootfs.resolve("etc/hostname"), "busybox\n");
            writeInit(rootfs);
            return rootfs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build busybox rootfs in " + rootfs, e);
        }
    }

    /**
     * Writes {@link #INIT} into {@code rootfs}: a {@code /bin/sh} script, so it runs in any rootfs
     * with a shell and {@code sleep}.
     */
    public static void writeInit(Path rootfs) throws IOException {
        Path init = rootfs.resolve(INIT.substring(1));
        Files.createDirectories(init.getParent());
        Files.writeString(init, """
                #!/bin/sh
                echo "%s"
                trap 'exit 0' TERM
                trap 'reboot -f' USR1
                while :; do sleep 1; done
                """.formatted(CONSOLE_MARKER));
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<String> applets() throws IOException {
        Process p = new ProcessBuilder(busybox().toString(), "--list-full").redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("busybox --list-full failed: " + lines);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return lines;
    }
}
