package org.lxcri4j.runtime.cgroup;

import java.util.List;

import org.lxcri4j.runtime.spec.DeviceCgroup;
import org.lxcri4j.runtime.spec.LinuxDevice;
import org.lxcri4j.runtime.spec.Resources;

/**
 * linux.resources.devices: devices.allow and devices.deny rules in order (liblxc turns them into
 * an eBPF program on v2). Create only: like runc, update leaves the device rules alone.
 *
 * @param own linux.devices, whose nodes stay usable whatever the rules deny
 */
public record DevicesController(List<LinuxDevice> own) implements ResourceController {

    /** The standard nodes every container may use, as runc allows them. */
    private static final List<String> DEFAULT_RULES = List.of("c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm",
            "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm");

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        if (r.devices() == null || r.devices().isEmpty()) {
            return;
        }
        for (int i = 0; i < r.devices().size(); i++) {
            DeviceCgroup d = r.devices().get(i);
            String rule = "a".equals(d.type()) || d.type() == null ? "a"
                    : d.type() + " " + number(d.major()) + ":" + number(d.minor()) + " "
                            + (d.access() == null || d.access().isEmpty() ? "rwm" : d.access());
            out.set(Boolean.TRUE.equals(d.allow()) ? "devices.allow" : "devices.deny", rule, path + ".devices[" + i + "]");
        }
        for (String rule : DEFAULT_RULES) {
            out.set("devices.allow", rule, path + ".devices (default devices)");
        }
        for (LinuxDevice d : own) {
            if (d.major() != null && d.minor() != null) {
                out.set("devices.allow", ("b".equals(d.type()) ? "b" : "c") + " " + d.major() + ":" + d.minor() + " rwm",
                        "$.linux.devices");
            }
        }
    }

    private static String number(Long n) {
        return n == null || n < 0 ? "*" : n.toString();
    }
}
