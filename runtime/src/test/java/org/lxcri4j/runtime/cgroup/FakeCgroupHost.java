package org.lxcri4j.runtime.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A cgroup file system laid out as a host's, in a temporary directory: v1 (hybrid: one directory
 * per controller, cpu and cpuacct joined and linked, the controller-less unified) or v2.
 */
public final class FakeCgroupHost {

    private FakeCgroupHost() {
    }

    /** A v1 hierarchy per controller; {@code files} are created too (e.g. "memory/memory.memsw.limit_in_bytes"). */
    public static CgroupLayout v1(Path root, List<String> controllers, String... files) {
        if (Files.exists(root)) {
            return CgroupLayout.of(root);
        }
        try {
            for (String c : controllers) {
                Files.createDirectories(root.resolve(c));
                Files.writeString(root.resolve(c).resolve("cgroup.procs"), "");
            }
            Files.createDirectories(root.resolve("cpu,cpuacct"));
            Files.writeString(root.resolve("cpu,cpuacct").resolve("cgroup.procs"), "");
            Files.createSymbolicLink(root.resolve("cpu"), Path.of("cpu,cpuacct"));
            Files.createDirectories(root.resolve("unified"));
            Files.writeString(root.resolve("unified").resolve("cgroup.procs"), "");
            touch(root, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CgroupLayout.of(root);
    }

    /** The unified hierarchy with {@code controllers} available. */
    public static CgroupLayout v2(Path root, String controllers, String... files) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve("cgroup.controllers"), controllers + "\n");
            Files.writeString(root.resolve("cgroup.procs"), "");
            touch(root, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CgroupLayout.of(root);
    }

    private static void touch(Path root, String... files) throws IOException {
        for (String f : files) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.writeString(root.resolve(f), "");
        }
    }

    /** Collects the writes of the controllers, as update or create would make them. */
    public static final class Writes implements CgroupWrites {
        public final List<String> lines = new ArrayList<>();
        public final Map<String, String> current = new LinkedHashMap<>();

        @Override
        public void set(String file, String value, String source) {
            lines.add(file + "=" + value);
        }

        @Override
        public @Nullable String current(String file) {
            return current.get(file);
        }
    }
}
