package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lxcri4j.lab.host.HostCommand;
import org.lxcri4j.lab.host.HostLinks;

/**
 * A lab whose nodes were killed, restarted and reset back to back leaves nothing once closed: no
 * cgroup (liblxc's monitor cgroups included), network namespace, link or file.
 */
class NothingLeftTest {

    @Test
    void aClosedLabLeavesNothingAfterRestartsAndResets() {
        Lab lab = Lab.start(LabSpec.builder().node("p").node("q").build());
        String id = lab.id();
        try {
            for (int i = 0; i < 3; i++) {
                lab.node("q").exec("/bin/sh", "-c", "sleep 1000 > /dev/null 2>&1 &").orThrow();
                lab.node("q").exec("/bin/sh", "-c", "ps | grep -c '[s]leep 1000'").orThrow();
                lab.node("p").kill();
                lab.node("p").restart();
                lab.node("q").freeze();
                lab.reset();
            }
            lab.node("q").freeze();
        } finally {
            lab.close();
        }
        assertEquals(List.of(), cgroups(id));
        assertEquals(List.of(), HostLinks.netnsNames("l4j-" + id + "-"));
        assertEquals(List.of(), HostLinks.names("l4j" + id));
        assertFalse(Files.exists(lab.directory()));
    }

    /** Every cgroup directory liblxc made for a container of lab {@code id}, in any hierarchy. */
    static List<String> cgroups(String id) {
        // find, not Files.walk: cgroups vanish while it looks, which find reports and passes by
        return HostCommand.tryRun(List.of("find", "/sys/fs/cgroup", "-maxdepth", "8", "-type", "d", "-name", "*.l4j-" + id + "-*"))
                .stdout().lines().toList();
    }
}
