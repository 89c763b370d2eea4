package org.lxcri4j.lab;

/** A command in a node ran past its timeout and was killed; holds what it wrote until then. */
public final class ExecTimeoutException extends LabException {

    private final transient ExecResult partial;

    public ExecTimeoutException(String message, ExecResult partial) {
        super(message);
        this.partial = partial;
    }

    /** What the command wrote before it was killed; its exit code is that of the kill. */
    public ExecResult partial() {
        return partial;
    }
}
