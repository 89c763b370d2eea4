package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.lxcri4j.lab.LabSpec;
import org.lxcri4j.lab.Node;
import org.lxcri4j.lab.junit.LabNode;
import org.lxcri4j.lab.junit.LabSetup;
import org.lxcri4j.lab.junit.LxcLab;

@LxcLab
class WebTierTest {

    @LabSetup
    static final LabSpec LAB = LabSpec.builder()
            .node("web")
            .node("client")
            .build();

    @LabNode("web")
    Node web;

    @LabNode("client")
    Node client;

    @Test
    void theClientReadsThePageUntilTheWebNodeIsCutOff() {
        web.copyIn("hello\n".getBytes(), "/www/index.html");
        web.exec("httpd", "-p", "80", "-h", "/www").orThrow();
        web.waitForPort(80, Duration.ofSeconds(5));

        assertEquals("hello\n", client.exec("wget", "-q", "-O", "-", "http://web/index.html").stdout());

        web.cutLink();
        assertNotEquals(0, client.exec("timeout", "2", "wget", "-q", "-O", "-", "http://web/").exitCode());
        web.restoreLink();
        assertEquals("hello\n", client.exec("wget", "-q", "-O", "-", "http://web/index.html").stdout());
    }
}
