package org.lxcri4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/** The few libc calls the JDK lacks: mkfifo and kill with any signal. */
final class Posix {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout().varHandle(PathElement.groupElement("errno"));
    private static final MethodHandle MKFIFO = handle("mkfifo", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle KILL = handle("kill", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    static final int ESRCH = 3;

    private Posix() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, ERRNO);
    }

    static void mkfifo(Path path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) MKFIFO.invokeExact(state, a.allocateFrom(path.toString()), mode);
            if (r != 0) {
                throw new OciException("mkfifo " + path + ": errno " + (int) ERRNO_VALUE.get(state, 0L));
            }
        } catch (OciException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** kill(2); returns 0 or the errno. */
    static int kill(int pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) KILL.invokeExact(state, pid, signal);
            return r == 0 ? 0 : (int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
