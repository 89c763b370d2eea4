package org.lxcri4j.runtime.translate;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.CHeader;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.protocol.RuntimeFile;

/** root, linux.rootfsPropagation, and what every container gets from liblxc: init, console, stop. */
final class RootfsSection {

    private RootfsSection() {
    }

    static void translate(TranslationBuilder b) {
        var spec = b.spec;
        Path root = b.bundle.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(root)) {
            throw new OciException("$.root.path: rootfs " + root + " does not exist or is not a directory");
        }
        b.set("lxc.rootfs.path", "dir:" + root, "$.root.path");
        // Applied by the init after pivot_root (see lxcri4j-init.c), as runc does.
        if (Boolean.TRUE.equals(spec.root().readonly())) {
            b.init.add(RecordKey.ROOT_READONLY.flag());
        }
        // liblxc makes the whole tree shared after pivot_root, each mount a peer group of its own:
        // the init makes it as runc's is before its first mount (linux.rootfsPropagation's kind
        // throughout, or rslave), then gives each mount the spec's own (MountSection).
        Long rootfs = rootfsPropagation(b);
        b.init.add(RecordKey.MOUNT_PROPAGATION.of((rootfs == null ? MountPropagation.flags("rslave") : rootfs | MountPropagation.MS_REC) + " /"));
        b.set("lxc.init.cmd", "/" + RuntimeFile.INIT_DIR + "/init " + CHeader.INIT_BOX_FD + " " + (3 + b.preserveFds), "$.process.args");
        // Only stdio reaches the container: the caller's (conmon's, the shim's) descriptors.
        b.set("lxc.console.path", "none", "(runtime)");
        b.set("lxc.tty.max", "0", "(runtime)");
        // /dev and /dev/pts are the spec's mounts, at their place in its list; liblxc's own (autodev's
        // tmpfs, a devpts after every other mount, /dev/ptmx as a bind) would put them out of order.
        b.set("lxc.pty.max", "0", "(runtime)");
        b.set("lxc.autodev", "0", "(runtime)");
        // Moves the pid-file process out of the container's cgroups before liblxc removes them.
        b.set("lxc.hook.stop", b.hookBinary + " " + CHeader.HOOK_STOP + " " + RuntimeFile.HOOK_CONF.in(b.containerDir), "(runtime)");
        b.set("lxc.signal.stop", "SIGKILL", "(runtime)");
    }

    /** runc sets linux.rootfsPropagation again at the end, over every mount's, unless it is private. */
    static void finalPropagation(TranslationBuilder b) {
        Long rootfs = rootfsPropagation(b);
        if (rootfs != null && (rootfs & MountPropagation.MS_PRIVATE) == 0) {
            b.init.add(RecordKey.MOUNT_PROPAGATION.of(rootfs + " /"));
        }
    }

    /** linux.rootfsPropagation's MS_* flags, or null. */
    private static @Nullable Long rootfsPropagation(TranslationBuilder b) {
        String propagation = b.spec.linux() == null ? null : b.spec.linux().rootfsPropagation();
        if (propagation == null || propagation.isEmpty()) {
            return null;
        }
        Long flags = MountPropagation.flags(propagation);
        if (flags == null) {
            throw new OciException("$.linux.rootfsPropagation: invalid value " + propagation);
        }
        return flags;
    }
}
