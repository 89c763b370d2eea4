package org.lxcri4j.runtime.translate;

import java.nio.file.Path;
import java.util.List;

import org.lxcri4j.runtime.spec.IdMapping;

/**
 * The user namespace of one id-mapped mount, as runc makes it: its uid_map and gid_map lines are
 * the mount's mappings, "containerID hostID size". liblxc opens it by path ({@link #userns()})
 * while it sets up the container's mounts; {@link IdmapNamespaces} provides it until then.
 */
public record IdmappedMount(Path userns, List<IdMapping> uidMappings, List<IdMapping> gidMappings) {

    public static String idMap(List<IdMapping> mappings) {
        StringBuilder b = new StringBuilder();
        for (IdMapping m : mappings) {
            b.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
        }
        return b.toString();
    }
}
