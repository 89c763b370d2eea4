package org.lxcri4j.lxc;

import java.nio.file.Path;

/** Child-JVM helper for LxcTest: routes liblxc's log to a file, then makes liblxc log an error. */
public final class LogInitProbe {

    private LogInitProbe() {
    }

    public static void main(String[] args) {
        Lxc.logInit(new LogOptions("probe", args[0], args[1], "INFO", "lxcri4j-probe", true));
        try (LxcContainer c = LxcContainer.open("probe", Path.of(args[0]))) {
            c.setConfigItem("lxc.no.such.key", "1");
        } catch (LxcException expected) {
            // the rejection is what gets logged
        } finally {
            Lxc.logClose();
        }
    }
}
