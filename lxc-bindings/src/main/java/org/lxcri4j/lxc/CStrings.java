package org.lxcri4j.lxc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.lxc.bindings.lxc_h;

/** C strings and string arrays across the FFM boundary, with explicit ownership. */
final class CStrings {

    private CStrings() {
    }

    /** A NUL-terminated copy of {@code s} in {@code arena}, or NULL for {@code null}. */
    static MemorySegment of(Arena arena, String s) {
        if (s == null) {
            return MemorySegment.NULL;
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string contains a NUL character: " + s.replace('\0', '?'));
        }
        return arena.allocateFrom(s);
    }

    /** A NULL-terminated {@code char *[]} in {@code arena}, or NULL for {@code null}. */
    static MemorySegment array(Arena arena, List<String> values) {
        if (values == null) {
            return MemorySegment.NULL;
        }
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, of(arena, values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    /** Reads a C string that liblxc still owns; {@code null} for NULL. */
    static String read(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? null : p.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Reads a malloc'd C string and frees it. */
    static String take(MemorySegment p) {
        try {
            return read(p);
        } finally {
            free(p);
        }
    }

    /**
     * Reads a malloc'd array of malloc'd strings and frees all of it. {@code count < 0}: the array
     * is NULL-terminated.
     */
    static List<String> takeArray(MemorySegment array, int count) {
        if (array.equals(MemorySegment.NULL)) {
            return List.of();
        }
        MemorySegment items = array.reinterpret(Long.MAX_VALUE);
        List<String> result = new ArrayList<>();
        try {
            for (long i = 0; count < 0 || i < count; i++) {
                MemorySegment item = items.getAtIndex(ValueLayout.ADDRESS, i);
                if (item.equals(MemorySegment.NULL)) {
                    if (count < 0) {
                        break;
                    }
                    continue;
                }
                result.add(take(item));
            }
        } finally {
            free(array);
        }
        return List.copyOf(result);
    }

    static void free(MemorySegment p) {
        if (!p.equals(MemorySegment.NULL)) {
            lxc_h.free(p);
        }
    }

    static String strerror(int errno) {
        return read(lxc_h.strerror(errno));
    }
}
