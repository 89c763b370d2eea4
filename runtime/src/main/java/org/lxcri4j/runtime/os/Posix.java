package org.lxcri4j.runtime.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import org.lxcri4j.runtime.OciException;

/**
 * The few libc calls the JDK lacks: mkfifo, sigqueue with any signal, pidfds, unix
 * sockets, memfds, a namespace file's type.
 */
public final class Posix {

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

    private static final class Socketpair {
        static final MethodHandle H = handle("socketpair", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    private static final class Recvmsg {
        static final MethodHandle H = handle("recvmsg", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Read {
        static final MethodHandle H = handle("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    /** ioctl(2) with a pointer argument. */
    private static final class IoctlPointer {
        static final MethodHandle H = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), ERRNO,
                Linker.Option.firstVariadicArg(2));
    }

    private static final class Close {
        static final MethodHandle H = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Strerror {
        static final MethodHandle H = LINKER.downcallHandle(LINKER.defaultLookup().find("strerror").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(4096, ValueLayout.JAVA_BYTE)),
                        ValueLayout.JAVA_INT));
    }

    private Posix() {
    }

    /** libc's text for an errno value. */
    public static String strerror(int errno) {
        try {
            return ((java.lang.foreign.MemorySegment) Strerror.H.invokeExact(errno)).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, ERRNO);
    }

    public static void mkfifo(Path path, int mode) {
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
    public static int connectUnix(Path path) {
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

    public static void close(int fd) {
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
    public static int memfd(String name, byte[] content) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            int fd = (int) MemfdCreate.H.invokeExact(state, a.allocateFrom(name), 0);
            if (fd < 0) {
                throw new OciException("memfd_create: errno " + (int) ERRNO_VALUE.get(state, 0L));
            }
            int err = writeAll(fd, content, 0, content.length);
            if (err != 0) {
              close(fd);
                throw new OciException("writing a memfd: errno " + err);
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

    /** socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC): two connected descriptors. */
    public static int[] socketpair() {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            var fds = a.allocate(ValueLayout.JAVA_INT, 2);
            if ((int) Socketpair.H.invokeExact(state, 1, 1 | 0x80000, 0, fds) != 0) {
                throw new OciException("socketpair: errno " + (int) ERRNO_VALUE.get(state, 0L));
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (OciException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** What one recvmsg(2) brought: the bytes, and the descriptor passed with them (SCM_RIGHTS), or -1. */
    public record Received(byte[] data, int fd) {
    }

    /** One recvmsg(2) on a unix socket, taking at most one descriptor (close-on-exec). */
    public static Received receiveFd(int socket) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            var data = a.allocate(4096);
            var iov = a.allocate(16, 8); // struct iovec
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, 4096);
            var control = a.allocate(24, 8); // CMSG_SPACE(sizeof(int))
            var msg = a.allocate(56, 8); // struct msghdr
            msg.set(ValueLayout.ADDRESS, 16, iov);
            msg.set(ValueLayout.JAVA_LONG, 24, 1);
            msg.set(ValueLayout.ADDRESS, 32, control);
            msg.set(ValueLayout.JAVA_LONG, 40, 24);
            long n;
            do {
                n = (long) Recvmsg.H.invokeExact(state, socket, msg, 0x40000000 /* MSG_CMSG_CLOEXEC */);
            } while (n < 0 && (int) ERRNO_VALUE.get(state, 0L) == 4 /* EINTR */);
            if (n < 0) {
                throw new OciException("recvmsg: errno " + (int) ERRNO_VALUE.get(state, 0L));
            }
            int fd = -1;
            long controlLength = msg.get(ValueLayout.JAVA_LONG, 40);
            if (controlLength >= 20 && control.get(ValueLayout.JAVA_INT, 8) == 1 /* SOL_SOCKET */
                    && control.get(ValueLayout.JAVA_INT, 12) == 1 /* SCM_RIGHTS */) {
                fd = control.get(ValueLayout.JAVA_INT, 16);
            }
            return new Received(data.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), fd);
        } catch (OciException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** read(2) into {@code buffer}; the count, 0 at end of file, or a negative errno. */
    public static int read(int fd, byte[] buffer, int length) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            var data = a.allocate(length);
            long n = (long) Read.H.invokeExact(state, fd, data, (long) length);
            if (n < 0) {
                return -(int) ERRNO_VALUE.get(state, 0L);
            }
            java.lang.foreign.MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, buffer, 0, (int) n);
            return (int) n;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** write(2) of all {@code length} bytes; 0, or the errno that stopped it. */
    public static int writeAll(int fd, byte[] buffer, int offset, int length) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            var data = a.allocate(Math.max(1, length));
            java.lang.foreign.MemorySegment.copy(buffer, offset, data, ValueLayout.JAVA_BYTE, 0, length);
            long done = 0;
            while (done < length) {
                long n = (long) Write.H.invokeExact(state, fd, data.asSlice(done), length - done);
                if (n >= 0) {
                    done += n;
                } else if ((int) ERRNO_VALUE.get(state, 0L) != 4 /* EINTR */) {
                    return (int) ERRNO_VALUE.get(state, 0L);
                }
            }
            return 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** ioctl(2) with a pointer argument; 0 or the errno. */
    private static int ioctl(int fd, long request, java.lang.foreign.MemorySegment argument) {
        try (Arena a = Arena.ofConfined()) {
            var state = a.allocate(Linker.Option.captureStateLayout());
            return (int) IoctlPointer.H.invokeExact(state, fd, request, argument) == 0 ? 0 : (int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** TIOCGWINSZ: {rows, columns} of the terminal {@code fd}, or null when it is none. */
    public static int[] windowSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            var ws = a.allocate(8);
            if (ioctl(fd, 0x5413L, ws) != 0) {
                return null;
            }
            return new int[] {Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0)), Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2))};
        }
    }

    /** TIOCSWINSZ on the terminal {@code fd}. */
    public static void setWindowSize(int fd, int rows, int columns) {
        try (Arena a = Arena.ofConfined()) {
            var ws = a.allocate(8);
            ws.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
            ws.set(ValueLayout.JAVA_SHORT, 2, (short) columns);
            int err = ioctl(fd, 0x5414L, ws);
            if (err != 0) {
                throw new OciException("setting the terminal size: errno " + err);
            }
        }
    }

    /** TCGETS: the termios of terminal {@code fd} (60 bytes on Linux), or null when it is no terminal. */
    public static byte[] termios(int fd) {
        try (Arena a = Arena.ofConfined()) {
            var t = a.allocate(60);
            return ioctl(fd, 0x5401L, t) != 0 ? null : t.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** TCSETS: sets terminal {@code fd}'s termios. */
    public static void setTermios(int fd, byte[] termios) {
        try (Arena a = Arena.ofConfined()) {
            int err = ioctl(fd, 0x5402L, a.allocateFrom(ValueLayout.JAVA_BYTE, termios));
            if (err != 0) {
                throw new OciException("setting the terminal mode: errno " + err);
            }
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
