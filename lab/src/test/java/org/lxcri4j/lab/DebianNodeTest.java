package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lxcri4j.lab.junit.LabNode;
import org.lxcri4j.lab.junit.LabSetup;
import org.lxcri4j.lab.junit.LxcLab;

/**
 * A Debian node, bootstrapped once into the cache and overlaid, beside a busybox one: its own
 * userland, names resolved through glibc, and a reset that undoes a package-manager-sized change.
 */
@LxcLab
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianNodeTest {

    @LabSetup
    static final LabSpec LAB = LabSpec.builder()
            .node("deb", n -> n.rootfs(Rootfs.debian("bookworm")))
            .node("bb")
            .build();

    @LabNode("deb")
    Node deb;

    @Test
    @Order(1)
    void aDebianNodeRunsDebiansUserlandAndReachesTheOthersByName() {
        assertTrue(deb.exec("cat", "/etc/debian_version").orThrow().stdout().startsWith("12."));
        assertEquals("deb\n", deb.exec("hostname").stdout());
        deb.exec("ping", "-c", "1", "-W", "2", "bb").orThrow();
        assertEquals("bb\n", deb.exec("getent", "hosts", "bb").stdout().replaceAll("^\\S+\\s+", ""));
        deb.exec("/bin/sh", "-c", "rm -rf /usr/share/doc /var/lib/dpkg && echo x > /etc/debian_version").orThrow();
    }

    @Test
    @Order(2)
    void aResetBringsItBack() {
        assertTrue(deb.exec("cat", "/etc/debian_version").stdout().startsWith("12."));
        assertEquals(0, deb.exec("test", "-d", "/var/lib/dpkg").exitCode());
    }
}
