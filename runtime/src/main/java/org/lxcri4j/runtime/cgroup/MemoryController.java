package org.lxcri4j.runtime.cgroup;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Memory;
import org.lxcri4j.runtime.spec.Resources;

/** linux.resources.memory: memory.max / memory.limit_in_bytes and the rest. */
public record MemoryController() implements ResourceController {

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        Memory m = r.memory();
        if (m == null) {
            return;
        }
        String p = path + ".memory";
        ResourceController.requireLimit(m.limit(), p + ".limit");
        ResourceController.requireLimit(m.reservation(), p + ".reservation");
        ResourceController.requireLimit(m.swap(), p + ".swap");
        if (m.kernel() != null) {
            throw new OciException(p + ".kernel: kernel memory limits are not supported (deprecated)");
        }
        if (m.kernelTCP() != null) {
            throw new OciException(p + ".kernelTCP: kernel TCP memory limits are not supported");
        }
        if (Boolean.FALSE.equals(m.useHierarchy())) {
            throw new OciException(p + ".useHierarchy: turning hierarchy off is not supported");
        }
        if (layout.v2()) {
            v2(m, p, out);
        } else {
            v1(m, p, layout, out);
        }
        // checkBeforeUpdate: the kernel refuses a limit below the usage either way
    }

    private static void v2(Memory m, String p, CgroupWrites out) {
        if (m.limit() != null) {
            out.set("memory.max", max(m.limit()), p + ".limit");
        }
        if (m.reservation() != null) {
            out.set("memory.low", max(m.reservation()), p + ".reservation");
        }
        if (m.swap() != null) {
            // the spec's swap is memory+swap; v2's swap.max is swap alone
            boolean unlimited = m.swap() < 0 || m.limit() == null || m.limit() < 0;
            out.set("memory.swap.max", unlimited ? "max" : Long.toString(Math.max(0, m.swap() - m.limit())), p + ".swap");
        }
        if (m.swappiness() != null && m.swappiness() >= 0) {
            throw new OciException(p + ".swappiness: not available with cgroup v2");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            throw new OciException(p + ".disableOOMKiller: not available with cgroup v2");
        }
    }

    private static void v1(Memory m, String p, CgroupLayout layout, CgroupWrites out) {
        if (m.swap() != null && !layout.hasFile("memory/memory.memsw.limit_in_bytes")) {
            throw new OciException(p + ".swap: not supported here: swap accounting is off on this host");
        }
        // memsw must stay >= the limit: raise it first when the limit grows, after when it shrinks
        String current = out.current("memory.limit_in_bytes");
        boolean growing = m.limit() != null && current != null && (m.limit() < 0 || m.limit() > Long.parseLong(current));
        if (m.swap() != null && growing) {
            out.set("memory.memsw.limit_in_bytes", Long.toString(m.swap()), p + ".swap");
        }
        if (m.limit() != null) {
            out.set("memory.limit_in_bytes", Long.toString(m.limit()), p + ".limit");
        }
        if (m.swap() != null && !growing) {
            out.set("memory.memsw.limit_in_bytes", Long.toString(m.swap()), p + ".swap");
        }
        if (m.reservation() != null) {
            out.set("memory.soft_limit_in_bytes", Long.toString(m.reservation()), p + ".reservation");
        }
        if (m.swappiness() != null && m.swappiness() >= 0) {
            if (m.swappiness() > 100) {
                throw new OciException(p + ".swappiness: must be 0 to 100, not " + m.swappiness());
            }
            out.set("memory.swappiness", m.swappiness().toString(), p + ".swappiness");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            out.set("memory.oom_control", "1", p + ".disableOOMKiller");
        }
    }

    private static String max(long v) {
        return v < 0 ? "max" : Long.toString(v);
    }
}
