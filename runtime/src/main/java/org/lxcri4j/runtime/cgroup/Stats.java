package org.lxcri4j.runtime.cgroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's resource usage from its cgroups, in the shape of runc's `events --stats` data. */
public final class Stats {

    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ

    private Stats() {
    }

    public static Map<String, Object> of(CgroupFiles c, boolean v2) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cpu", v2 ? cpuV2(c) : cpuV1(c));
        data.put("memory", v2 ? memoryV2(c) : memoryV1(c));
        Map<String, Object> pids = new LinkedHashMap<>();
        pids.put("current", number(c.read("pids.current")));
        String max = c.read("pids.max");
        pids.put("limit", max == null || max.equals("max") ? 0L : number(max));
        data.put("pids", pids);
        data.put("blkio", v2 ? Map.of() : blkio(c));
        return data;
    }

    private static Map<String, Object> cpuV1(CgroupFiles c) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total", number(c.read("cpuacct.usage")));
        List<Long> percpu = new ArrayList<>();
        String per = c.read("cpuacct.usage_percpu");
        if (per != null) {
            for (String v : per.split("\\s+")) {
                percpu.add(number(v));
            }
        }
        usage.put("percpu", percpu);
        Map<String, Long> stat = keyValues(c.read("cpuacct.stat"));
        usage.put("kernel", stat.getOrDefault("system", 0L) * NANOS_PER_TICK);
        usage.put("user", stat.getOrDefault("user", 0L) * NANOS_PER_TICK);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("usage", usage);
        cpu.put("throttling", throttling(keyValues(c.read("cpu.stat")), "throttled_time", 1));
        return cpu;
    }

    private static Map<String, Object> cpuV2(CgroupFiles c) {
        Map<String, Long> stat = keyValues(c.read("cpu.stat"));
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total", stat.getOrDefault("usage_usec", 0L) * 1000);
        usage.put("percpu", List.of());
        usage.put("kernel", stat.getOrDefault("system_usec", 0L) * 1000);
        usage.put("user", stat.getOrDefault("user_usec", 0L) * 1000);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("usage", usage);
        cpu.put("throttling", throttling(stat, "throttled_usec", 1000));
        return cpu;
    }

    private static Map<String, Object> throttling(Map<String, Long> stat, String timeKey, long scale) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("periods", stat.getOrDefault("nr_periods", 0L));
        t.put("throttledPeriods", stat.getOrDefault("nr_throttled", 0L));
        t.put("throttledTime", stat.getOrDefault(timeKey, 0L) * scale);
        return t;
    }

    private static Map<String, Object> memoryV1(CgroupFiles c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usage", usage(c, "memory."));
        m.put("swap", usage(c, "memory.memsw."));
        m.put("kernel", usage(c, "memory.kmem."));
        m.put("raw", keyValues(c.read("memory.stat")));
        return m;
    }

    private static Map<String, Object> usage(CgroupFiles c, String prefix) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("limit", number(c.read(prefix + "limit_in_bytes")));
        u.put("usage", number(c.read(prefix + "usage_in_bytes")));
        u.put("max", number(c.read(prefix + "max_usage_in_bytes")));
        u.put("failcnt", number(c.read(prefix + "failcnt")));
        return u;
    }

    private static Map<String, Object> memoryV2(CgroupFiles c) {
        Map<String, Object> usage = new LinkedHashMap<>();
        String max = c.read("memory.max");
        usage.put("limit", max == null || max.equals("max") ? 0L : number(max));
        usage.put("usage", number(c.read("memory.current")));
        usage.put("max", number(c.read("memory.peak")));
        usage.put("failcnt", keyValues(c.read("memory.events")).getOrDefault("max", 0L));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usage", usage);
        m.put("raw", keyValues(c.read("memory.stat")));
        return m;
    }

    private static Map<String, Object> blkio(CgroupFiles c) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("ioServiceBytesRecursive", ioEntries(c.read("blkio.throttle.io_service_bytes_recursive")));
        b.put("ioServicedRecursive", ioEntries(c.read("blkio.throttle.io_serviced_recursive")));
        return b;
    }

    /** "MAJ:MIN Op value" lines. */
    private static List<Object> ioEntries(String text) {
        List<Object> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].contains(":")) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("major", number(f[0].split(":")[0]));
                e.put("minor", number(f[0].split(":")[1]));
                e.put("op", f[1]);
                e.put("value", number(f[2]));
                out.add(e);
            }
        }
        return out;
    }

    private static Map<String, Long> keyValues(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (text == null) {
            return m;
        }
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                m.put(f[0], number(f[1]));
            }
        }
        return m;
    }

    private static long number(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return Long.parseUnsignedLong(s.strip()) ;
        }
    }
}
