package org.lxcri4j.lxc;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.lxcri4j.lxc.bindings.lxc_h;

/**
 * A pipe whose ends are close-on-exec, for handing one end to a process liblxc starts (attach's
 * stdio) and keeping the other as a Java stream. Closing the pipe closes whatever end is still open.
 */
public final class NativePipe implements AutoCloseable {

    private final NativeFd readEnd;
    private final NativeFd writeEnd;

    private NativePipe(NativeFd readEnd, NativeFd writeEnd) {
        this.readEnd = readEnd;
        this.writeEnd = writeEnd;
    }

    public static NativePipe open() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            if (lxc_h.pipe2(fds, lxc_h.O_CLOEXEC()) != 0) {
                throw new UncheckedIOException(new IOException("pipe2 failed"));
            }
            return new NativePipe(new NativeFd(fds.getAtIndex(ValueLayout.JAVA_INT, 0)),
                    new NativeFd(fds.getAtIndex(ValueLayout.JAVA_INT, 1)));
        }
    }

    public NativeFd readEnd() {
        return readEnd;
    }

    public NativeFd writeEnd() {
        return writeEnd;
    }

    /** A stream on the read end through a descriptor of its own (/proc/self/fd), independent of {@link #readEnd()}. */
    public InputStream inputStream() {
        try {
            return new FileInputStream("/proc/self/fd/" + readEnd.fd());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream on the write end through a descriptor of its own, independent of {@link #writeEnd()}. */
    public OutputStream outputStream() {
        try {
            return new FileOutputStream("/proc/self/fd/" + writeEnd.fd());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        readEnd.close();
        writeEnd.close();
    }
}
