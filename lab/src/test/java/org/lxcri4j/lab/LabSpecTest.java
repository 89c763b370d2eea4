package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a spec accepts and refuses, and the subnet arithmetic behind the networks. */
class LabSpecTest {

    @Test
    void aNodeWithoutNetworkJoinsTheFirst() {
        LabSpec s = LabSpec.builder().node("a").build();
        assertEquals(List.of(LabSpec.DEFAULT_NETWORK), s.networks());
        assertEquals(List.of(LabSpec.DEFAULT_NETWORK), s.networksOf(s.nodes().getFirst()));
    }

    @Test
    void badSpecsAreRefusedNamingWhat() {
        assertMessage("node name must match", () -> LabSpec.builder().node("../x").build());
        assertMessage("node name must match", () -> LabSpec.builder().node("A").build());
        assertMessage("declared twice", () -> LabSpec.builder().node("a").node("a").build());
        assertMessage("which the lab does not declare", () -> LabSpec.builder().node("a", n -> n.network("nope")).build());
        assertMessage("at least one node", () -> LabSpec.builder().network("n").build());
        assertMessage("environment variable", () -> LabSpec.builder().node("a", n -> n.env("X", "1\n2")).build());
        assertMessage("bind mount target", () -> LabSpec.builder().node("a", n -> n.mount(java.nio.file.Path.of("/tmp"), "rel")).build());
        assertMessage("not a Debian suite", () -> Rootfs.debian("../etc"));
    }

    @Test
    void subnets() {
        Ipv4Subnet range = Ipv4Subnet.parse("10.213.0.0/16");
        assertEquals(256, range.count(24));
        Ipv4Subnet s = range.child(24, 7);
        assertEquals("10.213.7.0/24", s.toString());
        assertEquals("10.213.7.1", s.address(1).getHostAddress());
        assertTrue(s.overlaps(range));
        assertFalse(s.overlaps(range.child(24, 8)));
        assertTrue(Ipv4Subnet.parse("10.0.0.0/8").overlaps(s));
        assertMessage("host bits", () -> Ipv4Subnet.parse("10.213.0.1/16"));
        assertMessage("not an IPv4 subnet", () -> Ipv4Subnet.parse("10.213.0/16"));
        assertMessage("no host 255", () -> s.address(255));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
