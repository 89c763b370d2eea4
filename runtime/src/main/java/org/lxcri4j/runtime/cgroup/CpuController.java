package org.lxcri4j.runtime.cgroup;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Cpu;
import org.lxcri4j.runtime.spec.Resources;

/** linux.resources.cpu: the cpu and cpuset controllers. Zero means unset, as with runc. */
public record CpuController() implements ResourceController {

    /** The v2 period when the spec gives a quota alone (the kernel's default). */
    private static final long DEFAULT_PERIOD = 100000;

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        Cpu c = r.cpu();
        if (c == null) {
            return;
        }
        String p = path + ".cpu";
        positive(c.shares(), p + ".shares");
        positive(c.period(), p + ".period");
        if (c.quota() != null && c.quota() < -1) {
            throw new OciException(p + ".quota: must be -1 (unlimited) or positive, not " + c.quota());
        }
        if (c.realtimeRuntime() != null) {
            throw new OciException(p + ".realtimeRuntime: real-time scheduling limits are not supported");
        }
        if (c.realtimePeriod() != null) {
            throw new OciException(p + ".realtimePeriod: real-time scheduling limits are not supported");
        }
        long shares = c.shares() == null ? 0 : c.shares();
        long period = c.period() == null ? 0 : c.period();
        long quota = c.quota() == null ? 0 : c.quota();
        if (layout.v2()) {
            if (shares > 0) {
                out.set("cpu.weight", Long.toString(weight(shares)), p + ".shares");
            }
            if (quota != 0 || period != 0) {
                out.set("cpu.max", (quota <= 0 ? "max" : Long.toString(quota)) + " " + (period == 0 ? DEFAULT_PERIOD : period),
                        p + (quota != 0 ? ".quota" : ".period"));
            }
            if (c.burst() != null) {
                out.set("cpu.max.burst", c.burst().toString(), p + ".burst");
            }
            if (c.idle() != null) {
                out.set("cpu.idle", c.idle().toString(), p + ".idle");
            }
        } else {
            if (shares > 0) {
                out.set("cpu.shares", Long.toString(shares), p + ".shares");
            }
            if (period != 0) {
                out.set("cpu.cfs_period_us", Long.toString(period), p + ".period");
            }
            if (quota != 0) {
                out.set("cpu.cfs_quota_us", Long.toString(quota), p + ".quota");
            }
            if (c.burst() != null) {
                if (!layout.hasFile("cpu/cpu.cfs_burst_us")) {
                    throw new OciException(p + ".burst: not supported here: the kernel has no CFS burst");
                }
                out.set("cpu.cfs_burst_us", c.burst().toString(), p + ".burst");
            }
            if (c.idle() != null && c.idle() != 0) {
                throw new OciException(p + ".idle: needs cgroup v2");
            }
        }
        if (c.cpus() != null && !c.cpus().isEmpty()) {
            out.set("cpuset.cpus", c.cpus(), p + ".cpus");
        }
        if (c.mems() != null && !c.mems().isEmpty()) {
            out.set("cpuset.mems", c.mems(), p + ".mems");
        }
    }

    /** cpu.shares (2..262144) as cpu.weight (1..10000), the conversion runc and crun use. */
    static long weight(long shares) {
        return 1 + ((Math.clamp(shares, 2L, 262144L) - 2) * 9999) / 262142;
    }

    private static void positive(Long v, String path) {
        if (v != null && v < 0) {
            throw new OciException(path + ": must be positive, not " + v);
        }
    }
}
