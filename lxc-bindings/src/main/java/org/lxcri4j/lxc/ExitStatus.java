package org.lxcri4j.lxc;

/** A process's wait status as returned by {@code waitpid}: normal exit or death by signal. */
public record ExitStatus(int raw) {

    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public boolean signaled() {
        int sig = raw & 0x7f;
        return sig != 0 && sig != 0x7f;
    }

    /** The exit code; only meaningful when {@link #exited()}. */
    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    /** The terminating signal; only meaningful when {@link #signaled()}. */
    public int signal() {
        return raw & 0x7f;
    }

    /** The status as a shell reports it: the exit code, or 128 + signal. */
    public int code() {
        return signaled() ? 128 + signal() : exitCode();
    }

    @Override
    public String toString() {
        return signaled() ? "killed by signal " + signal() : "exit code " + exitCode();
    }
}
