package org.lxcri4j.runtime.os;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.RecordKey;

/**
 * process.ioPriority, process.scheduler and process.execCPUAffinity as records for the init,
 * which applies them before it drops privileges (ioprio_set, sched_setattr, sched_setaffinity).
 * The spec's field names "class" and "final" are Java keywords, so these objects are read as
 * JSON maps here rather than bound to records.
 */
public final class ProcessScheduling {

    /** IOPRIO_CLASS_* by name: their kernel values. */
    private static final List<String> IO_CLASSES = List.of("IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
            "IOPRIO_CLASS_IDLE");
    /** SCHED_* by name: their kernel values (4, SCHED_ISO, is reserved and refused by Linux). */
    private static final List<String> POLICIES = List.of("SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO",
            "SCHED_IDLE", "SCHED_DEADLINE");
    /** SCHED_FLAG_* by name, in bit order. */
    private static final List<String> FLAGS = List.of("SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
            "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY", "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
            "SCHED_FLAG_UTIL_CLAMP_MAX");

    private ProcessScheduling() {
    }

    public static List<String> records(Object ioPriority, Object scheduler, Object execCPUAffinity, String path) {
        List<String> r = new ArrayList<>();
        if (ioPriority != null) {
            Map<?, ?> io = object(ioPriority, path + ".ioPriority");
            int cls = IO_CLASSES.indexOf(String.valueOf(io.get("class")));
            if (cls <= 0) {
                throw new OciException(path + ".ioPriority.class: invalid class " + io.get("class"));
            }
            long priority = number(io.get("priority"), 0, path + ".ioPriority.priority");
            if (priority < 0 || priority > 7) {
                throw new OciException(path + ".ioPriority.priority: must be 0 to 7");
            }
            r.add(RecordKey.IOPRIO.of((long) cls << 13 | priority));
        }
        if (scheduler != null) {
            Map<?, ?> s = object(scheduler, path + ".scheduler");
            int policy = POLICIES.indexOf(String.valueOf(s.get("policy")));
            if (policy < 0 || policy == 4) {
                throw new OciException(path + ".scheduler.policy: invalid policy " + s.get("policy"));
            }
            long flags = 0;
            if (s.get("flags") instanceof List<?> names) {
                for (Object name : names) {
                    int bit = FLAGS.indexOf(String.valueOf(name));
                    if (bit < 0) {
                        throw new OciException(path + ".scheduler.flags: invalid flag " + name);
                    }
                    flags |= 1L << bit;
                }
            }
            r.add(RecordKey.SCHED.of(policy + ":" + flags + ":" + number(s.get("nice"), 0, path + ".scheduler.nice") + ":"
                    + number(s.get("priority"), 0, path + ".scheduler.priority") + ":"
                    + number(s.get("runtime"), 0, path + ".scheduler.runtime") + ":"
                    + number(s.get("deadline"), 0, path + ".scheduler.deadline") + ":"
                    + number(s.get("period"), 0, path + ".scheduler.period")));
        }
        if (execCPUAffinity != null) {
            Map<?, ?> a = object(execCPUAffinity, path + ".execCPUAffinity");
            for (String when : List.of("initial", "final")) {
                Object cpus = a.get(when);
                if (cpus != null) {
                    if (!(cpus instanceof String list) || !list.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
                        throw new OciException(path + ".execCPUAffinity." + when + ": invalid CPU list " + cpus);
                    }
                    r.add((when.equals("initial") ? RecordKey.CPUS_INITIAL : RecordKey.CPUS_FINAL).of(list));
                }
            }
        }
        return r;
    }

    private static Map<?, ?> object(Object value, String path) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new OciException(path + ": expected an object");
        }
        return m;
    }

    private static long number(Object value, long absent, String path) {
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new OciException(path + ": expected an integer");
        }
        return n.longValue();
    }
}
