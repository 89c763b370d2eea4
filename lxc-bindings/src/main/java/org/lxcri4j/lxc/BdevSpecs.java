package org.lxcri4j.lxc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lxc.bindings.bdev_specs;

/**
 * Storage options for {@link LxcContainer#create} ({@code struct bdev_specs}). Unused fields are
 * {@code null} (or 0 for the size).
 */
public record BdevSpecs(@Nullable String fsType, long fsSize, @Nullable String zfsRoot, @Nullable String lvmVg, @Nullable String lvmLv,
                        @Nullable String lvmThinPool, @Nullable String dir, @Nullable String rbdName, @Nullable String rbdPool) {

    /** A {@code dir} backend rooted at {@code dir}. */
    public static BdevSpecs dir(String dir) {
        return new BdevSpecs(null, 0, null, null, null, null, dir, null, null);
    }

    MemorySegment toNative(Arena arena) {
        MemorySegment s = bdev_specs.allocate(arena);
        bdev_specs.fstype(s, CStrings.of(arena, fsType));
        bdev_specs.fssize(s, fsSize);
        bdev_specs.zfs.zfsroot(bdev_specs.zfs(s), CStrings.of(arena, zfsRoot));
        MemorySegment lvm = bdev_specs.lvm(s);
        bdev_specs.lvm.vg(lvm, CStrings.of(arena, lvmVg));
        bdev_specs.lvm.lv(lvm, CStrings.of(arena, lvmLv));
        bdev_specs.lvm.thinpool(lvm, CStrings.of(arena, lvmThinPool));
        bdev_specs.dir(s, CStrings.of(arena, dir));
        MemorySegment rbd = bdev_specs.rbd(s);
        bdev_specs.rbd.rbdname(rbd, CStrings.of(arena, rbdName));
        bdev_specs.rbd.rbdpool(rbd, CStrings.of(arena, rbdPool));
        return s;
    }
}
