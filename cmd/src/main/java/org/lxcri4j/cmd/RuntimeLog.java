package org.lxcri4j.cmd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.lxcri4j.runtime.json.Json;


/**
 * The --log file in runc's formats: JSON lines {"level","msg","time"} (what conmon and containerd's
 * shim read a runtime's errors from) or logrus-style text.
 */
final class RuntimeLog {

    private final Path file;
    private final boolean json;

    RuntimeLog(Path file, String format) {
        this.file = file;
        this.json = "json".equals(format);
    }

    void error(String msg) {
        write("error", msg);
    }

    void debug(String msg) {
        write("debug", msg);
    }

    private void write(String level, String msg) {
        if (file == null) {
            return;
        }
        String time = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String line = json
                ? "{\"level\":\"" + level + "\",\"msg\":\"" + escape(msg) + "\",\"time\":\"" + time + "\"}\n"
                : "time=\"" + time + "\" level=" + level + " msg=\"" + escape(msg) + "\"\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("lxcri4j: cannot write log " + file + ": " + e.getMessage());
        }
    }

    /** {@code s} as the inside of a JSON string. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        Json.quote(b, s);
        return b.substring(1, b.length() - 1);
    }
}
