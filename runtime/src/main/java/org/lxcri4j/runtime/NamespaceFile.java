package org.lxcri4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A namespace file a spec names for a namespace to join (linux.namespaces[].path), checked with the
 * kernel's own answer (ioctl NS_GET_NSTYPE) before anything joins it: liblxc would join a file of
 * another type, or set a container up in the caller's namespaces when it cannot join.
 */
final class NamespaceFile {

    /** lxc's namespace names: the CLONE_NEW* flag NS_GET_NSTYPE returns, and the spec's name. */
    private static final Map<String, Integer> FLAGS = Map.of("mnt", 0x00020000, "uts", 0x04000000, "ipc", 0x08000000,
            "user", 0x10000000, "pid", 0x20000000, "net", 0x40000000, "cgroup", 0x02000000, "time", 0x00000080);
    private static final Map<String, String> SPEC_NAMES = Map.of("mnt", "mount", "uts", "uts", "ipc", "ipc", "user", "user",
            "pid", "pid", "net", "network", "cgroup", "cgroup", "time", "time");

    private NamespaceFile() {
    }

    /**
     * Checks that {@code file} is a namespace of type {@code lxcType}; returns whether it is this
     * process's own (the host's, for the CLI), which namespaced settings must not be written into.
     *
     * @param field the JSON path reported when it is not
     */
    static boolean require(String file, String lxcType, String field) {
        int fd = Posix.openReadOnly(Path.of(file));
        if (fd < 0) {
            throw new OciException(field + ": cannot open " + file + ": " + (fd == -2 ? "no such file" : "errno " + -fd));
        }
        int type;
        try {
            type = Posix.namespaceType(fd);
        } finally {
            Posix.close(fd);
        }
        if (type < 0) {
            throw new OciException(field + ": " + file + " is not a namespace file");
        }
        if (type != FLAGS.get(lxcType)) {
            String actual = FLAGS.entrySet().stream().filter(e -> e.getValue() == type).map(e -> SPEC_NAMES.get(e.getKey()))
                    .findFirst().orElse("unknown");
            throw new OciException(field + ": " + file + " is a namespace of type " + actual + ", not " + SPEC_NAMES.get(lxcType));
        }
        return sameFile(Path.of(file), Path.of("/proc/self/ns", lxcType));
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:ino").equals(Files.getAttribute(b, "unix:ino"))
                    && Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
