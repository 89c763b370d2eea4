package org.lxcri4j.lab;

import java.nio.file.Path;

/**
 * A host directory or file seen inside a node.
 *
 * @param hostPath the host's directory or file
 * @param target   the absolute path inside the node
 * @param readOnly whether the node may only read it
 */
public record BindMount(Path hostPath, String target, boolean readOnly) {

    public BindMount {
        hostPath = hostPath.toAbsolutePath().normalize();
        if (!target.startsWith("/") || target.contains("..") || target.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("bind mount target must be an absolute path without '..' or spaces: " + target);
        }
        if (hostPath.toString().chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("bind mount source must not hold spaces or control characters: " + hostPath);
        }
    }
}
