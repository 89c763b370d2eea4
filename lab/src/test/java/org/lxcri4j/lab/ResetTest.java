package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lxcri4j.lab.junit.LabNode;
import org.lxcri4j.lab.junit.LabSetup;
import org.lxcri4j.lab.junit.LxcLab;

/** Between two tests every node returns to its initial filesystem, processes and links. */
@LxcLab
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetTest {

    @LabSetup
    static final LabSpec LAB = LabSpec.builder().node("a").node("b").build();

    @LabNode("a")
    Node a;
    @LabNode("b")
    Node b;

    static int firstInit;

    @Test
    @Order(1)
    void theFirstTestLeavesAFileAProcessAChangedFileAndACutLink() {
        a.exec("/bin/sh", "-c", "echo left > /root/marker && echo changed >> /etc/passwd && rm /bin/vi").orThrow();
        a.exec("/bin/sh", "-c", "sleep 1000 > /dev/null 2>&1 &").orThrow();
        assertEquals("left\n", a.exec("cat", "/root/marker").stdout());
        assertEquals("1\n", a.exec("/bin/sh", "-c", "ps | grep -c '[s]leep 1000'").stdout());
        firstInit = a.initPid().orElseThrow();
        b.cutLink();
        assertNotEquals(0, a.exec("ping", "-c", "1", "-W", "1", "b").exitCode());
    }

    @Test
    @Order(2)
    void theSecondSeesNoneOfIt() {
        assertEquals(1, a.exec("test", "-e", "/root/marker").exitCode());
        assertEquals(0, a.exec("test", "-e", "/bin/vi").exitCode());
        assertEquals(1, a.exec("grep", "-q", "changed", "/etc/passwd").exitCode());
        assertEquals("0\n", a.exec("/bin/sh", "-c", "ps | grep -c '[s]leep 1000'").stdout());
        assertNotEquals(firstInit, a.initPid().orElseThrow());
        assertEquals(0, a.exec("ping", "-c", "1", "-W", "2", "b").exitCode(), "the cut link is whole again");
    }
}
