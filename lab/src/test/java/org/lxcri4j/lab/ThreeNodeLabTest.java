package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lxcri4j.lab.junit.LabNode;
import org.lxcri4j.lab.junit.LabSetup;
import org.lxcri4j.lab.junit.LxcLab;

/** Three nodes on one network reach each other by name; two networks keep their nodes apart. */
@LxcLab
class ThreeNodeLabTest {

    @LabSetup
    static final LabSpec LAB = LabSpec.builder()
            .network("front").network("back")
            .node("web", n -> n.network("front").network("back"))
            .node("db", n -> n.network("back"))
            .node("client", n -> n.network("front"))
            .build();

    @Test
    void everyNodeReachesEveryNodeOnItsNetworksByName(Lab lab) {
        assertPing(lab.node("client"), "web");
        assertPing(lab.node("web"), "client");
        assertPing(lab.node("web"), "db");
        assertPing(lab.node("db"), "web");
        assertPing(lab.node("db"), "web.back");
        assertPing(lab.node("client"), "web.front");
        assertPing(lab.node("db"), "lab-host");
    }

    @Test
    void networksAreApart(Lab lab, @LabNode("client") Node client, @LabNode("db") Node db) {
        assertNotEquals(lab.network("front").subnet(), lab.network("back").subnet());
        assertEquals(db.address("back"), db.address());
        // no route between the two networks: the client cannot reach the database
        ExecResult r = client.exec("ping", "-c", "1", "-W", "1", db.address().getHostAddress());
        assertNotEquals(0, r.exitCode(), r.stdout());
        // nothing beyond the lab either: no default route in a node
        assertEquals("", client.exec("/bin/sh", "-c", "ip route | grep default || true").stdout());
    }

    @Test
    void eachNodeHasItsNameAndItsAddresses(Lab lab, @LabNode("web") Node web) {
        assertEquals("web\n", web.exec("hostname").stdout());
        String addrs = web.exec("ip", "-4", "-o", "addr", "show").stdout();
        assertTrue(addrs.contains(web.address("front").getHostAddress() + "/24"), addrs);
        assertTrue(addrs.contains(web.address("back").getHostAddress() + "/24"), addrs);
        assertEquals(List.of("web", "db", "client"), lab.nodes().stream().map(Node::name).toList());
    }

    private static void assertPing(Node from, String to) {
        ExecResult r = from.exec("ping", "-c", "1", "-W", "2", to);
        assertEquals(0, r.exitCode(), from.name() + " -> " + to + ": " + r.stdout() + r.stderr());
    }
}
