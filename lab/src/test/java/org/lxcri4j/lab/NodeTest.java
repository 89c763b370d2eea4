package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcri4j.lab.junit.LabNode;
import org.lxcri4j.lab.junit.LabSetup;
import org.lxcri4j.lab.junit.LxcLab;
import org.lxcri4j.lxc.ContainerState;
import org.lxcri4j.lxc.lab.BusyboxRootfs;

/** One node and what a test does with it: commands, files, environment, mounts, waiting, kill and restart. */
@LxcLab(resetBetweenTests = false)
class NodeTest {

    static final Path SHARED = HostDirectory.withFile("lab-shared-", "from-host", "host wrote this\n");

    @LabSetup
    static final LabSpec LAB = LabSpec.builder()
            .node("n1", n -> n.env("LAB_ROLE", "primary").mount(SHARED, "/shared"))
            .build();

    @LabNode("n1")
    Node node;

    @Test
    void execReturnsExitCodeStdoutAndStderr() {
        ExecResult r = node.exec("/bin/sh", "-c", "echo out; echo err >&2; hostname; exit 3");
        assertEquals(3, r.exitCode());
        assertEquals("out\nn1\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertEquals("in\n", node.exec(Command.of("cat").withInput("in\n")).stdout());
    }

    @Test
    void aCommandPastItsTimeoutIsKilled() {
        long start = System.nanoTime();
        ExecTimeoutException e = assertThrows(ExecTimeoutException.class,
                () -> node.exec(Command.shell("echo started; sleep 30").withTimeout(Duration.ofMillis(500))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 10_000, "returned after " + ms + " ms");
        assertEquals(128 + 9, e.partial().exitCode());
        assertFalse(node.exec("pidof", "sleep").stdout().contains(" "), "one sleep at most (the init's)");
    }

    @Test
    void filesGoInAndOutByteForByte(@TempDir Path tmp) throws Exception {
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        node.copyIn(content, "/var/data/blob.bin");
        assertArrayEquals(content, node.copyOut("/var/data/blob.bin"));
        Files.writeString(tmp.resolve("conf"), "a=1\n");
        node.copyIn(tmp.resolve("conf"), "/etc/app.conf");
        node.copyOut("/etc/app.conf", tmp.resolve("back"));
        assertEquals("a=1\n", Files.readString(tmp.resolve("back")));
        assertThrows(LabException.class, () -> node.copyOut("/no/such/file"));
    }

    @Test
    void theNodeEnvironmentReachesInitAndCommands() {
        assertEquals("primary\n", node.exec("/bin/sh", "-c", "echo $LAB_ROLE").stdout());
        assertEquals("x y\n", node.exec(Command.shell("echo $A").withEnv("A", "x y")).stdout());
        assertTrue(node.exec("/bin/sh", "-c", "tr '\\0' '\\n' < /proc/1/environ").stdout().contains("LAB_ROLE=primary"));
    }

    @Test
    void aHostDirectoryIsMountedBothWays() throws Exception {
        assertEquals("host wrote this\n", node.exec("cat", "/shared/from-host").stdout());
        node.exec("/bin/sh", "-c", "echo node wrote this > /shared/from-node").orThrow();
        assertEquals("node wrote this\n", Files.readString(SHARED.resolve("from-node")));
    }

    @Test
    void waitsForAConsoleLineAndAPort() {
        assertTrue(node.waitForLog(BusyboxRootfs.CONSOLE_MARKER, Duration.ofSeconds(10)).contains(BusyboxRootfs.CONSOLE_MARKER));
        node.exec("/bin/sh", "-c", "echo service ready on 8081 > /dev/console").orThrow();
        assertEquals("service ready on 8081", node.waitForLog(java.util.regex.Pattern.compile("ready on \\d+"), Duration.ofSeconds(10)).strip());
        assertThrows(LabException.class, () -> node.waitForLog("never printed", Duration.ofMillis(200)));
        assertThrows(LabException.class, () -> node.waitForPort(8081, Duration.ofMillis(200)));
        node.exec("httpd", "-p", "8081", "-h", "/etc").orThrow();
        node.waitForPort(8081, Duration.ofSeconds(10));
    }

    @Test
    void aKilledNodeKeepsItsFilesAndRestarts() {
        node.exec("/bin/sh", "-c", "echo kept > /root/state").orThrow();
        node.kill();
        assertEquals(ContainerState.STOPPED, node.state());
        assertThrows(LabException.class, () -> node.exec("true"));
        node.restart();
        assertEquals(ContainerState.RUNNING, node.state());
        assertEquals("kept\n", node.exec("cat", "/root/state").stdout());
    }

    @Test
    void netemDelaysTheLinkBothWays() {
        assumeTrue(Lab.netemAvailable(), "this kernel has no netem");
        node.impairLink(LabSpec.DEFAULT_NETWORK, LinkImpairment.delay(Duration.ofMillis(50)));
        try {
            String ping = node.exec("ping", "-c", "1", "lab-host").orThrow().stdout();
            double rtt = Double.parseDouble(ping.replaceAll("(?s).*time=([0-9.]+) ms.*", "$1"));
            assertTrue(rtt >= 100, "round trip " + rtt + " ms with 50 ms each way");
        } finally {
            node.clearImpairment(LabSpec.DEFAULT_NETWORK);
        }
    }
}
