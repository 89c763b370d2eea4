package org.lxcri4j.runtime.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.Namespace;

/**
 * A namespace file a spec names for a namespace to join (linux.namespaces[].path), checked with the
 * kernel's own answer (ioctl NS_GET_NSTYPE) before anything joins it: liblxc would join a file of
 * another type, or set a container up in the caller's namespaces when it cannot join.
 */
public final class NamespaceFile {

    private NamespaceFile() {
    }

    /**
     * Checks that {@code file} is a namespace of type {@code expected}; returns whether it is this
     * process's own (the host's, for the CLI), which namespaced settings must not be written into.
     *
     * @param field the JSON path reported when it is not
     */
    public static boolean require(String file, Namespace expected, String field) {
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
        if (type != expected.cloneFlag()) {
            String actual = java.util.Arrays.stream(Namespace.values()).filter(n -> n.cloneFlag() == type).map(Namespace::specName)
                    .findFirst().orElse("unknown");
            throw new OciException(field + ": " + file + " is a namespace of type " + actual + ", not " + expected.specName());
        }
        return sameFile(Path.of(file), Path.of("/proc/self/ns", expected.lxcName()));
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
