package org.lxcri4j.runtime.operation;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;

import org.lxcri4j.lxc.NativePipe;
import org.lxcri4j.runtime.ExecOptions;

/**
 * The stdio of one exec: this process's 0, 1, 2 or pipes. The child's ends go to liblxc attach
 * and are closed here once the child has them; this process keeps the other ends as streams.
 */
public final class ExecStdio implements AutoCloseable {

    private final NativePipe in;
    private final NativePipe out;
    private final NativePipe err;

    ExecStdio(ExecOptions options) {
        in = options.stdin() == Redirect.PIPE ? NativePipe.open() : null;
        out = options.stdout() == Redirect.PIPE ? NativePipe.open() : null;
        err = options.stderr() == Redirect.PIPE ? NativePipe.open() : null;
    }

    int childStdin() {
        return in == null ? 0 : in.readEnd().fd();
    }

    int childStdout() {
        return out == null ? 1 : out.writeEnd().fd();
    }

    int childStderr() {
        return err == null ? 2 : err.writeEnd().fd();
    }

    public OutputStream stdin() {
        return in == null ? OutputStream.nullOutputStream() : in.outputStream();
    }

    public InputStream stdout() {
        return out == null ? InputStream.nullInputStream() : out.inputStream();
    }

    public InputStream stderr() {
        return err == null ? InputStream.nullInputStream() : err.inputStream();
    }

    /** Closes the raw descriptors; streams taken before stay open on their own descriptors. */
    @Override
    public void close() {
        for (NativePipe p : new NativePipe[] {in, out, err}) {
            if (p != null) {
                p.close();
            }
        }
    }
}
