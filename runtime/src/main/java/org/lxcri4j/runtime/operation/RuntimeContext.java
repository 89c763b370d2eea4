package org.lxcri4j.runtime.operation;

import java.nio.file.Path;

import org.lxcri4j.runtime.store.ContainerStore;

/**
 * What every operation works with: the state directory (runc's --root) and its containers, the
 * directory of the C helpers, and whether liblxc logs at DEBUG.
 *
 * @param libexec holds lxcri4j-start, lxcri4j-init and lxcri4j-hook
 */
public record RuntimeContext(ContainerStore store, Path libexec, boolean debug) {

    public static RuntimeContext open(Path root, Path libexec, boolean debug) {
        return new RuntimeContext(new ContainerStore(root), libexec, debug);
    }

    /** The runtime directory of container {@code id}. */
    public Path dir(String id) {
        return store.dir(id);
    }
}
