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

/**
 * The few libc calls the JDK lacks: mkfifo, sigqueue with any signal, pidfds, unix
 * sockets, memfds, a namespace file's type.
 */
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

    private static final class Sigqueue {
        static final MethodHandle H = handle("sigqueue", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, SIGVAL));
    }

    private static final class Socket {
        static final MethodHandle H = handle("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Connect {
        static final MethodHandle H = handle("connect", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Open {
        static final MethodHandle H = handle("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class PidfdOpen {
        static final MethodHandle H = handle("pidfd_open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class PidfdSendSignal {
        static final MethodHandle H = handle("pidfd_send_signal", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class MemfdCreate {
        static final MethodHandle H = handle("memfd_create", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Write {
        static final MethodHandle H = handle("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    /** ioctl(2) without an argument: variadic after the request. */
    private static final class IoctlNoArg {
        static final MethodHandle H = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), ERRNO,
                Linker.Option.firstVariadicArg(2));
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

    /** open(2) read-only and close-on-exec; returns the descriptor or a negative errno. */
    static int openReadOnly(Path path) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int fd = (int) Open.H.invokeExact(state, a.allocateFrom(path.toString()), 0x80000 /* O_RDONLY | O_CLOEXEC */);
            return fd >= 0 ? fd : -(int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** ioctl(NS_GET_NSTYPE): the CLONE_NEW* flag of the namespace {@code fd} refers to, or a negative errno. */
    static int namespaceType(int fd) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) IoctlNoArg.H.invokeExact(state, fd, 0xb703L /* _IO(0xb7, 0x3) */);
            return r >= 0 ? r : -(int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * A memfd holding {@code content}, without close-on-exec: a process forked and exec'd from
     * this one (liblxc attach) reads it from the same descriptor number. Close it once handed on.
     */
    static int memfd(String name, byte[] content) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int fd = (int) MemfdCreate.H.invokeExact(state, a.allocateFrom(name), 0);
            if (fd < 0) {
                throw new OciException("memfd_create: errno " + (int) ERRNO_VALUE.get(state, 0L));
            }
            var data = a.allocateFrom(ValueLayout.JAVA_BYTE, content);
            long done = 0;
            while (done < content.length) {
                long n = (long) Write.H.invokeExact(state, fd, data.asSlice(done), content.length - done);
                if (n <= 0) {
                    int errno = (int) ERRNO_VALUE.get(state, 0L);
                    close(fd);
                    throw new OciException("writing a memfd: errno " + errno);
                }
                done += n;
            }
            return fd;
        } catch (OciException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** pidfd_open(2): a descriptor that names this process and no later one with its pid; negative errno on failure. */
    static int pidfdOpen(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pidfd_open: pid " + pid + " does not name one process");
        }
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int fd = (int) PidfdOpen.H.invokeExact(state, pid, 0);
            return fd >= 0 ? fd : -(int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** pidfd_send_signal(2); returns 0 or the errno (ESRCH once the process has exited). */
    static int pidfdSignal(int pidfd, int signal) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int r = (int) PidfdSendSignal.H.invokeExact(state, pidfd, signal, java.lang.foreign.MemorySegment.NULL, 0);
            return r == 0 ? 0 : (int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
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
