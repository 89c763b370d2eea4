package org.lxcri4j.lab;

/**
 * How a command in a node ended and what it wrote.
 *
 * @param exitCode its exit code, or 128 + the signal that killed it
 * @param stdout   its standard output, as UTF-8
 * @param stderr   its standard error, as UTF-8
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

    /** Whether it exited 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result if it exited 0; else a {@link LabException} with the exit code and stderr. */
    public ExecResult orThrow() {
        return orThrowAs("command failed");
    }

    /** This result if it exited 0; else a {@link LabException}: {@code what}, the exit code and stderr. */
    public ExecResult orThrowAs(String what) {
        if (exitCode != 0) {
            throw new LabException(what + ": exit " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        }
        return this;
    }
}
