package org.lxcri4j.lxc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** errno capture ({@code Linker.Option.captureCallState}) for downcalls whose failures report errno. */
final class CallState {

    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(PathElement.groupElement("errno"));

    private CallState() {
    }

    /** A segment for the captured state; one per concurrent caller. */
    static MemorySegment allocate(Arena arena) {
        return arena.allocate(Linker.Option.captureStateLayout());
    }

    /** A downcall to {@code address} that takes a call-state segment before its arguments. */
    static MethodHandle capturing(MemorySegment address, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static void clear(MemorySegment state) {
        ERRNO.set(state, 0L, 0);
    }
}
