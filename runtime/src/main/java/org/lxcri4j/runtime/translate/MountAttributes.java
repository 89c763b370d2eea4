package org.lxcri4j.runtime.translate;

import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.protocol.RecordKey;

/**
 * The per-mount options of a mount as mount_setattr(2)'s MOUNT_ATTR_* to set and to clear, those of
 * the mount itself and, from the spec's recursive options (rro, rnosuid, ...), those of its whole
 * tree. Later options override earlier ones, as with mount(8).
 *
 * liblxc 5.0 applies none of them to a bind mount that is not read-only (its remount is skipped
 * unless the source's flags demand one) and ignores the recursive ones, so the mount hook applies
 * these (lxcri4j-hook.c, mountattr=).
 */
record MountAttributes(int set, int clear, int recursiveSet, int recursiveClear) {

    static final int RDONLY = 0x1;
    static final int NOSUID = 0x2;
    static final int NODEV = 0x4;
    static final int NOEXEC = 0x8;
    static final int NOATIME = 0x10;
    static final int STRICTATIME = 0x20;
    /** MOUNT_ATTR__ATIME: the atime mode's bits; relatime is none of them. */
    static final int ATIME = 0x70;
    static final int NODIRATIME = 0x80;
    static final int NOSYMFOLLOW = 0x200000;

    /** Option → {attribute, 1 to set it or 0 to clear it}; atime modes replace the whole ATIME field. */
    private static final Map<String, int[]> OPTIONS = Map.ofEntries(Map.entry("ro", new int[] {RDONLY, 1}),
            Map.entry("rw", new int[] {RDONLY, 0}), Map.entry("nosuid", new int[] {NOSUID, 1}), Map.entry("suid", new int[] {NOSUID, 0}),
            Map.entry("nodev", new int[] {NODEV, 1}), Map.entry("dev", new int[] {NODEV, 0}), Map.entry("noexec", new int[] {NOEXEC, 1}),
            Map.entry("exec", new int[] {NOEXEC, 0}), Map.entry("nodiratime", new int[] {NODIRATIME, 1}),
            Map.entry("diratime", new int[] {NODIRATIME, 0}), Map.entry("nosymfollow", new int[] {NOSYMFOLLOW, 1}),
            Map.entry("symfollow", new int[] {NOSYMFOLLOW, 0}), Map.entry("noatime", new int[] {ATIME, NOATIME}),
            Map.entry("strictatime", new int[] {ATIME, STRICTATIME}), Map.entry("relatime", new int[] {ATIME, 0}),
            Map.entry("atime", new int[] {ATIME, 0}), Map.entry("norelatime", new int[] {ATIME, 0}),
            Map.entry("nostrictatime", new int[] {ATIME, 0}));

    /** mount(2)'s MS_* of the options a remount takes, per-mount and superblock ones alike. */
    private static final Map<String, long[]> MS_FLAGS = Map.ofEntries(Map.entry("ro", new long[] {1, 1}),
            Map.entry("rw", new long[] {1, 0}), Map.entry("nosuid", new long[] {2, 1}), Map.entry("suid", new long[] {2, 0}),
            Map.entry("nodev", new long[] {4, 1}), Map.entry("dev", new long[] {4, 0}), Map.entry("noexec", new long[] {8, 1}),
            Map.entry("exec", new long[] {8, 0}), Map.entry("sync", new long[] {16, 1}), Map.entry("async", new long[] {16, 0}),
            Map.entry("mand", new long[] {64, 1}), Map.entry("nomand", new long[] {64, 0}), Map.entry("noatime", new long[] {1024, 1}), Map.entry("atime", new long[] {1024, 0}),
            Map.entry("nodiratime", new long[] {2048, 1}), Map.entry("diratime", new long[] {2048, 0}),
            Map.entry("relatime", new long[] {1L << 21, 1}), Map.entry("norelatime", new long[] {1L << 21, 0}),
            Map.entry("strictatime", new long[] {1L << 24, 1}), Map.entry("nostrictatime", new long[] {1L << 24, 0}),
            Map.entry("lazytime", new long[] {1L << 25, 1}), Map.entry("nolazytime", new long[] {1L << 25, 0}),
            Map.entry("iversion", new long[] {1L << 23, 1}), Map.entry("noiversion", new long[] {1L << 23, 0}));
    /** The superblock options liblxc 5.0 drops ("Ignoring ... mount option"); dirsync is refused (MountSection). */
    static final java.util.Set<String> SUPERBLOCK = java.util.Set.of("sync", "lazytime", "mand", "iversion", "remount");
    private static final long MS_BIND = 4096;

    /**
     * The hook's remount record "FLAGS DATALEN DATA PATH" for a mount whose options liblxc drops: the
     * superblock ones (sync, lazytime, mand, iversion) of a mount it made, or a "remount" entry, which
     * changes the mount already at PATH instead of making one. Empty when neither.
     */
    static List<String> remount(List<String> options, boolean bind, String data, String path) {
        if (options.stream().noneMatch(SUPERBLOCK::contains)) {
            return List.of();
        }
        long flags = bind ? MS_BIND : 0;
        for (String o : options) {
            long[] f = MS_FLAGS.get(o);
            if (f != null) {
                flags = f[1] == 1 ? flags | f[0] : flags & ~f[0];
            }
        }
        String d = data == null ? "" : data;
        return List.of(RecordKey.REMOUNT.of(flags + " " + d.length() + " " + d + " " + path));
    }

    static boolean isAttribute(String option) {
        return OPTIONS.containsKey(option) || isRecursive(option);
    }

    /** rro, rnosuid, ...: the recursive form of an attribute option (not rbind, rprivate, ...). */
    static boolean isRecursive(String option) {
        return option.startsWith("r") && OPTIONS.containsKey(option.substring(1));
    }

    static MountAttributes of(List<String> options) {
        int[] own = {0, 0};
        int[] tree = {0, 0};
        for (String o : options) {
            boolean recursive = isRecursive(o);
            int[] a = OPTIONS.get(recursive ? o.substring(1) : o);
            if (a != null) {
                apply(recursive ? tree : own, a);
            }
        }
        return new MountAttributes(own[0], own[1], tree[0], tree[1]);
    }

    private static void apply(int[] setClear, int[] a) {
        if (a[0] == ATIME) {
            setClear[0] = (setClear[0] & ~ATIME) | a[1];
            setClear[1] |= ATIME;
        } else if (a[1] == 1) {
            setClear[0] |= a[0];
            setClear[1] &= ~a[0];
        } else {
            setClear[0] &= ~a[0];
            setClear[1] |= a[0];
        }
    }

    boolean recursive() {
        return recursiveSet != 0 || recursiveClear != 0;
    }

    /** The hook's records mountattr records "SET CLEAR RECURSIVE PATH": the mount's own attributes, then its tree's. */
    List<String> records(String path) {
        List<String> records = new java.util.ArrayList<>();
        if (set != 0 || clear != 0) {
            records.add(RecordKey.MOUNT_ATTR.of(set + " " + clear + " 0 " + path));
        }
        if (recursive()) {
            records.add(RecordKey.MOUNT_ATTR.of(recursiveSet + " " + recursiveClear + " 1 " + path));
        }
        return records;
    }
}
