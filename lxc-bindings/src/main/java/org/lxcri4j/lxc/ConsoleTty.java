package org.lxcri4j.lxc;

/**
 * A container tty allocated by {@link LxcContainer#consoleTty}: the tty number, the descriptor that
 * holds the allocation, and the pty master to read and write. Closing releases both.
 */
public record ConsoleTty(int ttyNumber, NativeFd ttyFd, NativeFd ptxFd) implements AutoCloseable {

    @Override
    public void close() {
        try (ttyFd; ptxFd) {
            // both closed, even if one fails
        }
    }
}
