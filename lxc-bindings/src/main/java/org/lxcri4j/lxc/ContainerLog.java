package org.lxcri4j.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * liblxc's per-container log ({@code lxc.log.file}): where the real cause of a failed start is.
 * liblxc's API reports only a boolean, so the error lines written during the call are quoted.
 */
public final class ContainerLog {

    private static final int MAX_LINES = 6;

    private ContainerLog() {
    }

    /** The current size of {@code logFile}, so that {@link #errors} reads only what follows. */
    public static long mark(@Nullable String logFile) {
        try {
            return logFile == null ? 0 : Files.size(Path.of(logFile));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last ERROR lines written to {@code logFile} after {@code mark}, messages only; empty when none. */
    public static String errors(@Nullable String logFile, long mark) {
        if (logFile == null) {
            return "";
        }
        try {
            byte[] all = Files.readAllBytes(Path.of(logFile));
            int from = mark <= all.length ? (int) mark : 0;
            List<String> errors = new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.contains(" ERROR "))
                    .map(ContainerLog::message)
                    .toList();
            return String.join("; ", errors.subList(Math.max(0, errors.size() - MAX_LINES), errors.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The last errors CRIU wrote to {@code log} ("(00.01) Error (criu/x.c:1): message"), messages only. */
    static String criuErrors(Path log) {
        try {
            List<String> errors = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("Error ("))
                    .map(l -> l.substring(l.indexOf("): ") < 0 ? 0 : l.indexOf("): ") + 3).strip())
                    .toList();
            return String.join("; ", errors.subList(Math.max(0, errors.size() - MAX_LINES), errors.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** "lxc NAME 2026... ERROR conf - ../src/lxc/conf.c:lxc_setup:4419 - Failed to ..." to "Failed to ...". */
    private static String message(String line) {
        int i = line.indexOf(" - ", line.indexOf(" ERROR "));
        int j = i < 0 ? -1 : line.indexOf(" - ", i + 3);
        return j < 0 ? line.strip() : line.substring(j + 3).strip();
    }
}
