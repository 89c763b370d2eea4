package org.lxcri4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/** The few libc calls the JDK lacks: mkfifo, kill and sigqueue with any signal, unix sockets. */
final class Posix {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout().varHandle(PathElement.groupElement("errno"));
    /** union sigval, passed by value. */
    private static final MemoryLayout SIGVAL = MemoryLayout.unionLayout(ValueLayout.JAVA_INT.withName("sival_int"),
            ValueLayout.ADDRESS.withName("sival_ptr"));

    static final int ESRCH = 3;

    /*
     * One holder class per function, so each handle is built on first use: building a downcall
     * handle costs milliseconds in a fresh JVM, and a CLI call needs one or two of these.
     */
    private static final class Mkfifo {
        static final MethodHandle H = handle("mkfifo", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Kill {
        static final MethodHandle H = handle("kill", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Sigqueue {
        static final MethodHandle H = handle("sigqueue", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, SIGVAL));
    }

    private static final class Socket {
        static final MethodHandle H = handle("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Connect {
        static final MethodHandle H = handle("connect", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Close {
        static final MethodHandle H = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private Posix() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, ERRNO);
    }

    static void mkfifo(Path path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) Mkfifo.H.invokeExact(state, a.allocateFrom(path.toString()), mode);
            if (r != 0) {
                throw new OciException("mkfifo " + path + ": errno " + (int) ERRNO_VALUE.get(state, 0L));
            }
        } catch (OciException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A stream socket connected to the unix socket at {@code path}, as a raw descriptor (close it). */
    static int connectUnix(Path path) {
        byte[] name = path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new OciException("socket path too long: " + path);
        }
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int fd = (int) Socket.H.invokeExact(state, 1 /* AF_UNIX */, 1 | 0x80000 /* SOCK_STREAM | SOCK_CLOEXEC */, 0);
            if (fd < 0) {
                throw new OciException("socket: errno " + (int) ERRNO_VALUE.get(state, 0L));
            }
            var addr = a.allocate(110);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
            addr.asSlice(2, name.length).copyFrom(java.lang.foreign.MemorySegment.ofArray(name));
            int r = (int) Connect.H.invokeExact(state, fd, addr, 2 + name.length + 1);
            if (r != 0) {
                int errno = (int) ERRNO_VALUE.get(state, 0L);
                close(fd);
                throw new OciException("connecting to " + path + ": errno " + errno);
            }
            return fd;
        } catch (OciException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int r = (int) Close.H.invokeExact(a.allocate(Linker.Option.captureStateLayout()), fd);
            if (r != 0) {
                return; // nothing more to do about a failed close
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** kill(2) to one process; returns 0 or the errno. 0 and negative pids (groups, everything) are refused. */
    static int kill(int pid, int signal) {
        if (pid <= 0) {
            throw new IllegalArgumentException("kill: pid " + pid + " does not name one process");
        }
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) Kill.H.invokeExact(state, pid, signal);
            return r == 0 ? 0 : (int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Signals one process; a process already gone is not an error, any other failure is. */
    static void signal(int pid, int signal) {
        int err = kill(pid, signal);
        if (err != 0 && err != ESRCH) {
            throw new OciException("signal " + signal + " to pid " + pid + " failed: errno " + err);
        }
    }

    /** sigqueue(3): {@code signal} with {@code value} as its sival_int, to one process. */
    static void sigqueue(int pid, int signal, int value) {
        if (pid <= 0) {
            throw new IllegalArgumentException("sigqueue: pid " + pid + " does not name one process");
        }
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            var sigval = a.allocate(SIGVAL);
            sigval.set(ValueLayout.JAVA_INT, 0, value);
            if ((int) Sigqueue.H.invokeExact(state, pid, signal, sigval) != 0) {
                throw new OciException("sigqueue " + signal + " to pid " + pid + " failed: errno " + ERRNO_VALUE.get(state, 0L));
            }
        } catch (OciException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
