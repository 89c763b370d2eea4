package org.lxcri4j.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.spec.Resources;

/**
 * What `update` changes: the cgroup files and values for new resources, validated as a whole
 * before anything is written, so a bad value changes nothing.
 */
final class ResourceUpdate {

    private ResourceUpdate() {
    }

    /** cgroup file → value, in the order they must be written. */
    static Map<String, String> of(Resources r, boolean v2, CgroupFiles current) {
        Map<String, String> w = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (r.memory() != null) {
            var m = r.memory();
            nonNegativeOrUnlimited(m.limit(), "memory.limit", problems);
            nonNegativeOrUnlimited(m.reservation(), "memory.reservation", problems);
            nonNegativeOrUnlimited(m.swap(), "memory.swap", problems);
            if (v2) {
                put(w, "memory.max", m.limit());
                put(w, "memory.low", m.reservation());
                if (m.swap() != null) {
                    w.put("memory.swap.max", m.swap() < 0 || m.limit() == null ? "max" : Long.toString(m.swap() - m.limit()));
                }
            } else {
                // memsw must stay >= the limit: raise it first when growing, after when shrinking.
                String swap = m.swap() == null ? null : Long.toString(m.swap());
                boolean growing = m.limit() != null && current.read("memory.limit_in_bytes") != null
                        && (m.limit() < 0 || m.limit() > Long.parseLong(current.read("memory.limit_in_bytes")));
                if (swap != null && growing) {
                    w.put("memory.memsw.limit_in_bytes", swap);
                }
                put(w, "memory.limit_in_bytes", m.limit());
                if (swap != null && !growing) {
                    w.put("memory.memsw.limit_in_bytes", swap);
                }
                put(w, "memory.soft_limit_in_bytes", m.reservation());
            }
        }
        if (r.cpu() != null) {
            var c = r.cpu();
            positive(c.shares(), "cpu.shares", problems);
            positive(c.period(), "cpu.period", problems);
            if (c.quota() != null && c.quota() == 0) {
                problems.add("cpu.quota must not be 0 (-1: unlimited)");
            }
            if (v2) {
                if (c.shares() != null) {
                    w.put("cpu.weight", Long.toString(1 + ((c.shares() - 2) * 9999) / 262142));
                }
                if (c.quota() != null || c.period() != null) {
                    w.put("cpu.max", (c.quota() == null || c.quota() < 0 ? "max" : c.quota().toString()) + " "
                            + (c.period() == null ? 100000 : c.period()));
                }
            } else {
                put(w, "cpu.shares", c.shares());
                put(w, "cpu.cfs_period_us", c.period());
                put(w, "cpu.cfs_quota_us", c.quota());
            }
            if (c.cpus() != null) {
                w.put("cpuset.cpus", c.cpus());
            }
            if (c.mems() != null) {
                w.put("cpuset.mems", c.mems());
            }
        }
        if (r.pids() != null && r.pids().limit() != null) {
            w.put("pids.max", r.pids().limit() <= 0 ? "max" : r.pids().limit().toString());
        }
        if (r.blockIO() != null && r.blockIO().weight() != null) {
            int weight = r.blockIO().weight();
            if (weight < 10 || weight > 1000) {
                problems.add("blkio weight must be 10..1000");
            }
            w.put(v2 ? "io.bfq.weight" : "blkio.bfq.weight", Integer.toString(weight));
        }
        if (!problems.isEmpty()) {
            throw new OciException("update: " + String.join("; ", problems) + "; nothing was changed");
        }
        return w;
    }

    private static void put(Map<String, String> w, String key, Long value) {
        if (value != null) {
            w.put(key, Long.toString(value));
        }
    }

    private static void nonNegativeOrUnlimited(Long v, String name, List<String> problems) {
        if (v != null && v < -1) {
            problems.add(name + " must be -1 (unlimited) or a byte count, not " + v);
        }
    }

    private static void positive(Long v, String name, List<String> problems) {
        if (v != null && v <= 0) {
            problems.add(name + " must be positive, not " + v);
        }
    }
}
