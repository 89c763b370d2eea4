package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lxcri4j.lab.junit.LabNode;
import org.lxcri4j.lab.junit.LabSetup;
import org.lxcri4j.lab.junit.LxcLab;
import org.lxcri4j.lxc.ContainerState;

/** A server in one node, a client in another: a cut link partitions them, a frozen server stops answering. */
@LxcLab
class PartitionTest {

    /** The server's pages: a host directory it sees read-only. */
    static final Path WWW = HostDirectory.withFile("lab-www-", "index.html", "served by server\n");

    @LabSetup
    static final LabSpec LAB = LabSpec.builder()
            .node("server", n -> n.mountReadOnly(WWW, "/www"))
            .node("client")
            .build();

    @LabNode("server")
    Node server;
    @LabNode("client")
    Node client;

    /** Every test starts from a fresh server node: httpd in the foreground of a shell's background job. */
    @BeforeEach
    void serve() {
        server.exec(Command.shell("httpd -f -p 8080 -h /www > /dev/null 2>&1 &")).orThrow();
        server.waitForPort(8080, Duration.ofSeconds(10));
    }

    private ExecResult fetch() {
        // busybox's own timeout: its wget -T crashes (SIGSEGV) in Debian 12's busybox-static
        return client.exec("timeout", "3", "wget", "-q", "-O", "-", "http://server:8080/index.html");
    }

    @Test
    void aCutLinkPartitionsAndARestoredOneHeals() {
        assertEquals("served by server\n", fetch().orThrow().stdout());
        server.cutLink();
        ExecResult cut = fetch();
        assertNotEquals(0, cut.exitCode(), "fetched across a cut link: " + cut.stdout());
        server.restoreLink();
        assertEquals("served by server\n", fetch().orThrow().stdout());
    }

    @Test
    void aFrozenNodeAnswersNothingUntilThawed() throws IOException {
        server.freeze();
        try {
            assertEquals(ContainerState.FROZEN, server.state());
            // the kernel completes the handshake; the frozen httpd never answers
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(server.address(), 8080), 2000);
                s.setSoTimeout(1000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes());
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            }
        } finally {
            server.thaw();
        }
        assertEquals(ContainerState.RUNNING, server.state());
        assertEquals("served by server\n", fetch().orThrow().stdout());
    }
}
