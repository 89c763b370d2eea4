package org.lxcri4j.runtime.os;

import java.nio.file.Files;
import java.nio.file.Path;

import org.lxcri4j.runtime.OciException;

/**
 * runc's --preserve-fds N: this process's descriptors 3 .. 3+N-1 go to the container's process as
 * the same numbers. They must be open here: a caller that asks for more than it passed gets an
 * error, not a container missing a socket.
 */
public final class PreservedFds {

    /** More than any caller passes; keeps a typo from asking for millions. */
    static final int MAX = 1024;

    private PreservedFds() {
    }

    public static void validate(int count) {
        if (count < 0 || count > MAX) {
            throw new OciException("--preserve-fds " + count + ": expected 0 to " + MAX);
        }
    }

    /** Checks that descriptors 3 .. 3+count-1 are open in this process. */
    public static void requireOpen(int count) {
        for (int fd = 3; fd < 3 + count; fd++) {
            if (!Files.exists(Path.of("/proc/self/fd", Integer.toString(fd)), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new OciException("--preserve-fds " + count + ": descriptor " + fd + " is not open");
            }
        }
    }
}
