package org.lxcri4j.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A container's resource usage at one moment, read from its cgroups.
 *
 * @param cpuNanos         CPU time used by all its processes
 * @param memoryBytes      memory in use (page cache included, as the cgroup counts it)
 * @param memoryLimitBytes the memory limit; 0 when there is none
 * @param pids             how many tasks it has
 * @param pidsLimit        the pids limit; 0 when there is none
 * @param data             everything read, in the shape of runc's {@code events} "data" object
 *                         (cpu, memory, pids, blkio)
 */
public record ResourceUsage(Instant time, long cpuNanos, long memoryBytes, long memoryLimitBytes, long pids, long pidsLimit,
                            Map<String, Object> data) {

    /** cgroup v1 reports "no limit" as the largest page-aligned long; nobody sets a limit this high. */
    private static final long UNLIMITED = 1L << 62;

    /** The headline figures, taken from runc-shaped {@code data}. */
    public static ResourceUsage of(Map<String, Object> data) {
        Map<String, Object> memoryUsage = child(child(data, "memory"), "usage");
        long limit = number(memoryUsage, "limit");
        return new ResourceUsage(Instant.now(), number(child(child(data, "cpu"), "usage"), "total"),
                number(memoryUsage, "usage"), limit >= UNLIMITED ? 0 : limit,
                number(child(data, "pids"), "current"), number(child(data, "pids"), "limit"), java.util.Collections.unmodifiableMap(data));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Map<?, ?> child ? (Map<String, Object>) child : Map.of();
    }

    private static long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
