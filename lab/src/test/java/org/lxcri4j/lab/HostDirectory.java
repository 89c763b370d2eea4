package org.lxcri4j.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Host directories the tests bind-mount into nodes. */
final class HostDirectory {

    private HostDirectory() {
    }

    /** A new temporary directory holding file {@code name} with {@code content}. */
    static Path withFile(String prefix, String name, String content) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.writeString(dir.resolve(name), content);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
