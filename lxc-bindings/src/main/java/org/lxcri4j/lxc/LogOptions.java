package org.lxcri4j.lxc;

/**
 * liblxc's process-wide log ({@code struct lxc_log}) for {@link Lxc#logInit}.
 *
 * @param name    container name used as log prefix, or {@code null}
 * @param lxcPath lxc path, or {@code null}
 * @param file    log file, or {@code null}
 * @param level   TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, CRIT, ALERT or FATAL
 * @param prefix  program prefix, or {@code null}
 * @param quiet   whether to suppress stderr output
 */
public record LogOptions(String name, String lxcPath, String file, String level, String prefix, boolean quiet) {
}
