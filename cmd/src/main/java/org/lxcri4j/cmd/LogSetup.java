package org.lxcri4j.cmd;

import org.jspecify.annotations.Nullable;

/**
 * Configures tinylog, which the runtime logs through, for one CLI call: runc's log lines into
 * --log (stderr without it: warnings, and with --debug everything; the CLI prints its error
 * itself), at debug level with --debug. Through system properties, which tinylog reads when it
 * first logs: a call that logs nothing never starts it.
 */
final class LogSetup {

    private LogSetup() {
    }

    /** Returns whether errors go to a log file. */
    static boolean configure(@Nullable String file, @Nullable String format, boolean debug) {
        System.setProperty("tinylog.writer", "runc log");
        System.setProperty("tinylog.writer.file", file == null ? "" : file);
        System.setProperty("tinylog.writer.style", format == null ? "text" : format);
        System.setProperty("tinylog.writer.level", debug ? "debug" : file != null ? "info" : "warn");
        // synchronous writes and no shutdown hook: the CLI ends with halt()
        System.setProperty("tinylog.writingthread", "false");
        System.setProperty("tinylog.autoshutdown", "false");
        return file != null;
    }
}
