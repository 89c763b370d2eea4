package org.lxcri4j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.runtime.os.Posix;

/**
 * The terminal of an exec'd process when this process holds its master: an exec with a terminal
 * and no console socket, as CRI-O's streaming exec and `runc exec -t` in the foreground run it.
 * The pty is the container's (allocated by the init from the container's devpts); this side reads
 * and writes its master and sets its window size. {@link #relay} joins it to this process's stdio.
 */
public final class Terminal implements AutoCloseable {

    private static final int EIO = 5;
    private static final int EINTR = 4;
    /** How long output may still arrive once the process has exited. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final int masterFd;
    private boolean closed;

    Terminal(int master) {
        this.masterFd = master;
    }

    /**
     * The pty master the exec'd init sends over {@code socket}, or what it said instead (its
     * error, written to the socket as its stderr), after which the process is reaped.
     */
    static Terminal receive(String containerId, int socket, AttachedProcess process) {
        Posix.Received r;
        try {
            r = Posix.receiveFd(socket);
        } finally {
            Posix.close(socket);
        }
        if (r.fd() >= 0) {
            return new Terminal(r.fd());
        }
        process.waitFor(Duration.ofSeconds(5));
        String said = new String(r.data(), StandardCharsets.UTF_8).strip();
        throw new OciException("exec in " + containerId + ": " + (said.isEmpty() ? "the process got no terminal" : said));
    }

    /** What the process reads: bytes written here reach it as typed. */
    public OutputStream input() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int err = Posix.writeAll(masterFd, b, off, len);
                if (err != 0) {
                    throw new IOException("writing to the terminal: errno " + err);
                }
            }
        };
    }

    /** What the process writes; ends when every holder of the terminal's other side has closed it. */
    public InputStream output() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                byte[] buffer = new byte[Math.min(len, 8192)];
                int n;
                do {
                    n = Posix.read(masterFd, buffer, buffer.length);
                } while (n == -EINTR);
                if (n == 0 || n == -EIO) {
                    return -1; // a pty master reads EIO once the slave side is closed
                }
                if (n < 0) {
                    throw new IOException("reading the terminal: errno " + -n);
                }
                System.arraycopy(buffer, 0, b, off, n);
                return n;
            }
        };
    }

    /** Sets the terminal's window size (the process gets SIGWINCH). */
    public void resize(int rows, int columns) {
        Posix.setWindowSize(masterFd, rows, columns);
    }

    /**
     * Joins the terminal to this process's stdio until {@code process} exits, as runc does in the
     * foreground: stdin, when it is a terminal, in raw mode (restored afterwards) and its window
     * size followed (SIGWINCH); what the process writes goes to stdout.
     */
    public ExitStatus relay(AttachedProcess process) {
        byte[] mode = Posix.termios(0);
        followWindowSize(mode != null);
        if (mode != null) {
            Posix.setTermios(0, raw(mode));
        }
        try {
            Thread in = Thread.ofPlatform().daemon().name("lxcri4j-terminal-in").start(() -> copy(System.in, input(), false));
            Thread out = Thread.ofPlatform().daemon().name("lxcri4j-terminal-out").start(() -> copy(output(), System.out, true));
            ExitStatus status = process.waitFor();
            out.join(DRAIN);
            in.interrupt();
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted while relaying the terminal");
        } finally {
            System.out.flush();
            if (mode != null) {
                Posix.setTermios(0, mode);
            }
        }
    }

    private void followWindowSize(boolean stdinIsTerminal) {
        if (!stdinIsTerminal) {
            return;
        }
        Runnable sync = () -> {
            int[] size = Posix.windowSize(0);
            if (size != null && size[0] > 0 && size[1] > 0) {
                resize(size[0], size[1]);
            }
        };
        sync.run();
        sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> sync.run());
    }

    private static void copy(InputStream from, OutputStream to, boolean flush) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                if (flush) {
                    to.flush();
                }
            }
        } catch (IOException e) {
            // the other side is gone: the relay ends with the process
        }
    }

    /** cfmakeraw(3) on a struct termios: no line editing, echo, signals or output processing. */
    static byte[] raw(byte[] termios) {
        byte[] t = termios.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(t).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(0, b.getInt(0) & ~(0x1 | 0x2 | 0x8 | 0x20 | 0x40 | 0x80 | 0x100 | 0x400)); // c_iflag
        b.putInt(4, b.getInt(4) & ~0x1); // c_oflag: OPOST
        b.putInt(8, (b.getInt(8) & ~(0x30 | 0x100)) | 0x30); // c_cflag: CS8, no parity
        b.putInt(12, b.getInt(12) & ~(0x8 | 0x40 | 0x2 | 0x1 | 0x8000)); // c_lflag: ECHO ECHONL ICANON ISIG IEXTEN
        t[17 + 6] = 1; // c_cc[VMIN]
        t[17 + 5] = 0; // c_cc[VTIME]
        return t;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Posix.close(masterFd);
        }
    }
}
