package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed lxcri4j CLI (cmd/target/lxcri4j/bin/lxcri4j) as a client would. */
final class Cli {

    static final Path BINARY = Path.of(System.getProperty("lxcri4j.cli", "../cmd/target/lxcri4j/bin/lxcri4j"))
            .toAbsolutePath().normalize();

    record Result(int exit, String stdout, String stderr) {
    }

    private Cli() {
    }

    /**
     * An executable that appends its command line to {@code calls}, keeps the config.json of each
     * create as {@link #capturedSpec}, then runs lxcri4j: what clients call.
     */
    static Path loggingWrapper(Path dir, Path calls) throws IOException {
        Path wrapper = dir.resolve("lxcri4j-logged");
        Files.createDirectories(dir.resolve("specs"));
        Files.writeString(wrapper, """
                #!/bin/sh
                echo "$*" >> %s
                create=; bundle=; prev=
                for a in "$@"; do
                  [ "$a" = create ] && create=1
                  [ -n "$create" ] && [ "$prev" = --bundle ] && bundle=$a
                  prev=$a
                done
                [ -n "$bundle" ] && cp "$bundle/config.json" "%s/$prev.json"
                exec %s "$@"
                """.formatted(calls, dir.resolve("specs"), BINARY));
        Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    /** The config.json a client gave the create of {@code id} through {@link #loggingWrapper} in {@code dir}. */
    static Path capturedSpec(Path dir, String id) {
        return dir.resolve("specs").resolve(id + ".json");
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Result run(Path root, Path log, String... args) {
        return exec(argv(root, log, args));
    }

    /**
     * The CLI run by a child subreaper, as conmon and containerd's shims run it: catatonit, which
     * makes itself one when it is not pid 1.
     */
    static Result runUnderSubreaper(Path root, Path log, String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/catatonit", "--"));
        argv.addAll(argv(root, log, args));
        return exec(argv);
    }

    /** What {@link #runIsolated} prints after the CLI's own output, before the namespace's root listing. */
    static final String ROOT_LISTING = "--- ls / in the mount namespace of the CLI:";

    /**
     * The CLI in a throwaway pid and mount namespace (`unshare --pid --fork --mount --propagation
     * slave --mount-proc`), for calls that could change the host if the runtime regressed: a
     * pivoted root, stray mounts or signals stay in there. After the CLI, the namespace's root is
     * listed on stdout behind {@link #ROOT_LISTING}, so a test can tell whether it was pivoted.
     */
    static Result runIsolated(Path root, Path log, String... args) {
        return runIsolatedAfter(":", root, log, args);
    }

    /** {@link #runIsolated} after the shell commands {@code setup}, run in the throwaway namespace. */
    static Result runIsolatedAfter(String setup, Path root, Path log, String... args) {
        List<String> argv = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount", "--propagation", "slave",
                "--mount-proc", "sh", "-c", setup + " && \"$@\"; rc=$?; echo '" + ROOT_LISTING + "'; ls -A /; exit $rc", "sh"));
        argv.addAll(argv(root, log, args));
        return exec(argv);
    }

    private static List<String> argv(Path root, Path log, String... args) {
        List<String> argv = new ArrayList<>(List.of(BINARY.toString(), "--root", root.toString()));
        if (log != null) {
            argv.addAll(List.of("--log", log.toString(), "--log-format", "json"));
        }
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * Output goes through files, not pipes: a container inherits create's stdio (as with runc), so a
     * pipe would see EOF only when the container exits.
     */
    static Result exec(List<String> argv) {
        try {
            Path out = Files.createTempFile("lxcri4j-cli-", ".out");
            Path err = Files.createTempFile("lxcri4j-cli-", ".err");
            try {
                Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + argv);
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
