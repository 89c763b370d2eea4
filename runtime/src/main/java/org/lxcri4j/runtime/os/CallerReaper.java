package org.lxcri4j.runtime.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Whether the process that ran this one is a child subreaper (PR_SET_CHILD_SUBREAPER), as conmon
 * and containerd's shims are: they wait for the pid file's process once create has exited, so the
 * pid file must name lxcri4j-start, which will be their child. Any other caller cannot wait for it
 * and gets the container process in the pid file, as with runc.
 *
 * <p>No interface tells another process's subreaper flag, so this asks the kernel by example: an
 * orphan goes to the nearest subreaper among its ancestors, and this process is not one.
 */
public final class CallerReaper {

    private CallerReaper() {
    }

    public static boolean isSubreaper() {
        long caller = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        try {
            Process sh = new ProcessBuilder("/bin/sh", "-c", "sleep 10 </dev/null >/dev/null 2>&1 & echo $!")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!sh.waitFor(5, TimeUnit.SECONDS)) {
                sh.destroyForcibly();
                return false;
            }
            // The shell has exited: its child has been handed to the nearest subreaper, or to init.
            var orphan = ProcessHandle.of(Long.parseLong(out));
            long adopter = orphan.flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-2L);
            orphan.ifPresent(ProcessHandle::destroyForcibly);
            return adopter == caller;
        } catch (IOException | NumberFormatException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
