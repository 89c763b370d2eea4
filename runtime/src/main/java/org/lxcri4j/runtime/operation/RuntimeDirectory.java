package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.Spec;
import org.lxcri4j.runtime.store.RuntimeFiles;
import org.lxcri4j.runtime.translate.Translation;

/** What create writes for the init and the hook: the init binary's copy and the box (see runtime/README.md). */
public final class RuntimeDirectory {

    private RuntimeDirectory() {
    }

    /**
     * The box of what the init reads, which the init gets as a descriptor and the container never
     * sees; only the container's root may enter it.
     */
    static void writeBox(RuntimeContext ctx, Path dir, Translation t, Spec spec, int preserveFds) throws IOException {
        // the init's copy (RuntimeFile.INIT_BINARY) is lxcri4j-start's to make: a file this
        // process wrote could still be open for writing in a child another thread is spawning,
        // and the exec of a file open for writing fails (ETXTBSY)
        Path box = Files.createDirectory(RuntimeFile.BOX.in(dir),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        List<String> init = new ArrayList<>(t.init());
        if (preserveFds > 0) {
            init.add(RecordKey.PRESERVE_FDS.of(preserveFds)); // the init closes every descriptor above them
        }
        Files.write(RuntimeFile.INIT_CONF.in(dir), RuntimeFiles.records(init));
        RuntimeFiles.writeReadable(RuntimeFile.HOOK_CONF.in(dir), RuntimeFiles.records(t.hookRecords()));
        // the fifos (sync, ready; created and proceed with create.conf) are lxcri4j-start's to make
        if (t.createHooks()) {
            Files.write(RuntimeFile.CREATE_HOOKS.in(dir), RuntimeFiles.records(t.createContainer()));
        }
        if (t.seccompFilter() != null) {
            Files.write(RuntimeFile.SECCOMP_PROGRAM.in(dir), t.seccompFilter().program());
        }
        Files.write(RuntimeFile.EXEC_RECORDS.in(dir), RuntimeFiles.records(t.everyProcess()));
        if (!t.heldSources().isEmpty()) {
            Files.write(RuntimeFile.HELD_SOURCES.in(dir), RuntimeFiles.records(t.heldSources()));
        }
        if (!t.setns().isEmpty()) {
            Files.write(RuntimeFile.SETNS.in(dir), RuntimeFiles.records(t.setns()));
        }
        mappedRoot(spec).ifPresent(ids -> shareWithMappedRoot(ctx, dir, box, ids));
    }

    /**
     * ROOT/ID/config, liblxc's config, as its save_config writes it and its load_config (in
     * lxcri4j-start's monitor) reads it: "KEY = VALUE" lines. Written here rather than through
     * liblxc's API because the monitor parses it anyway, and liblxc in this process would cost
     * create a native library load and a call per item. A value cannot hold a line break, which
     * would start another item.
     */
    static void writeConfig(Path dir, Translation t, boolean debug) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("lxc.log.file = ").append(RuntimeFile.LXC_LOG.in(dir)).append('\n');
        b.append("lxc.log.level = ").append(debug ? "DEBUG" : "WARN").append('\n');
        for (Translation.ConfigItem item : t.items()) {
            if (item.value().indexOf('\n') >= 0 || item.value().indexOf('\r') >= 0 || item.value().indexOf('\0') >= 0) {
                throw new OciException(item.source() + ": " + item.key() + " cannot hold a line break or NUL");
            }
            b.append(item.key()).append(" = ").append(item.value()).append('\n');
        }
        Files.writeString(RuntimeFile.CONFIG.in(dir), b);
    }

    /** Host uid and gid of the container's root when it runs in a user namespace with mappings. */
    private static java.util.Optional<long[]> mappedRoot(Spec spec) {
        var linux = spec.linux();
        if (linux == null || linux.uidMappings() == null || linux.uidMappings().isEmpty()) {
            return java.util.Optional.empty();
        }
        long uid = hostIdOfRoot(linux.uidMappings());
        long gid = linux.gidMappings() == null ? uid : hostIdOfRoot(linux.gidMappings());
        return java.util.Optional.of(new long[] {uid, gid});
    }

    private static long hostIdOfRoot(List<org.lxcri4j.runtime.spec.IdMapping> maps) {
        for (var m : maps) {
            if (m.containerID() == 0) {
                return m.hostID();
            }
        }
        throw new OciException("$.linux.uidMappings: no mapping for the container's root (containerID 0)");
    }

    /**
     * liblxc makes the container's root traverse the lxc path and the init reads its box as that
     * root: the directories become 0711 (traversable, not listable) and the box is the root's.
     */
    private static void shareWithMappedRoot(RuntimeContext ctx, Path dir, Path box, long[] ids) {
        try {
            var traverse = java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x");
            Files.setPosixFilePermissions(ctx.store().root(), traverse);
            Files.setPosixFilePermissions(dir, traverse);
            var lookup = box.getFileSystem().getUserPrincipalLookupService();
            var user = lookup.lookupPrincipalByName(Long.toString(ids[0]));
            var group = lookup.lookupPrincipalByGroupName(Long.toString(ids[1]));
            try (var files = Files.list(box)) {
                for (Path p : java.util.stream.Stream.concat(java.util.stream.Stream.of(box), files).toList()) {
                    Files.setOwner(p, user);
                    Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new OciException("cannot hand the runtime directory to the container's root: " + e.getMessage());
        }
    }
}
