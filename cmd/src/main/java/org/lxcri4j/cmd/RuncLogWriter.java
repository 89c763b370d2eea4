package org.lxcri4j.cmd;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;

import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * A tinylog writer of runc's log lines, which conmon and containerd's shim read a runtime's
 * errors from: JSON ({"level","msg","time"}) or logrus-style text. Properties: {@code file}
 * (appended to; stderr without it) and {@code style} (json or text).
 */
public final class RuncLogWriter implements Writer {

    private final Path file;
    private final boolean json;

    public RuncLogWriter(Map<String, String> properties) {
        String name = properties.get("file");
        this.file = name == null || name.isEmpty() ? null : Path.of(name);
        this.json = "json".equals(properties.get("style"));
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.DATE, LogEntryValue.LEVEL, LogEntryValue.MESSAGE, LogEntryValue.EXCEPTION);
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        String msg = entry.getMessage() == null ? String.valueOf(entry.getException()) : entry.getMessage();
        String line = line(level(entry.getLevel()), msg, entry.getTimestamp().toInstant().truncatedTo(ChronoUnit.MICROS).toString(), json);
        if (file == null) {
            PrintStream err = System.err;
            err.print(line);
            err.flush();
        } else {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** One log line as runc writes it. */
    static String line(String level, String msg, String time, boolean json) {
        String escaped = org.lxcri4j.runtime.json.JsonWriter.escape(msg);
        return json ? "{\"level\":\"" + level + "\",\"msg\":\"" + escaped + "\",\"time\":\"" + time + "\"}\n"
                : "time=\"" + time + "\" level=" + level + " msg=\"" + escaped + "\"\n";
    }

    /** logrus's level names. */
    private static String level(Level level) {
        return level == Level.WARN ? "warning" : level.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
