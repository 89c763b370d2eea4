package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.lxcri4j.lab.host.HostLinks;

/** A lab that cannot start says why and leaves nothing: no directory, lease, bridge or container. */
class FailedStartTest {

    @Test
    void aMissingRootfsFailsTheStartAndLeavesNothing() throws IOException {
        LabHost host = LabHost.fromEnvironment();
        List<String> before = labs(host);
        List<String> linksBefore = HostLinks.names("l4j");
        LabException e = assertThrows(LabException.class, () -> Lab.start(LabSpec.builder()
                .node("ok")
                .node("broken", n -> n.rootfs(Rootfs.directory(Path.of("/nonexistent/rootfs"))))
                .build(), host));
        assertTrue(e.getMessage().contains("/nonexistent/rootfs"), e.getMessage());
        assertEquals(before, labs(host));
        assertEquals(linksBefore, HostLinks.names("l4j"));
        assertEquals(List.of(), HostLinks.netnsNames("l4j-").stream().filter(ns -> before.stream().noneMatch(ns::contains)).toList());
    }

    @Test
    void aNodeWhoseInitCannotRunFailsTheStartAndLeavesNothing() throws IOException {
        LabHost host = LabHost.fromEnvironment();
        List<String> before = labs(host);
        List<String> linksBefore = HostLinks.names("l4j");
        assertThrows(RuntimeException.class, () -> Lab.start(LabSpec.builder()
                .node("bad", n -> n.init("/no/such/init")).build(), host));
        assertEquals(before, labs(host));
        assertEquals(linksBefore, HostLinks.names("l4j"));
        assertEquals(List.of(), HostLinks.netnsNames("l4j-").stream().filter(ns -> before.stream().noneMatch(ns::contains)).toList());
    }

    @Test
    void aMissingBindMountSourceFailsTheStartNamingIt() {
        LabHost host = LabHost.fromEnvironment();
        List<String> before = labs(host);
        LabException e = assertThrows(LabException.class, () -> Lab.start(LabSpec.builder()
                .node("m", n -> n.mount(Path.of("/nonexistent/data"), "/data")).build(), host));
        assertTrue(e.getMessage().contains("bind mount source /nonexistent/data"), e.getMessage());
        assertEquals(before, labs(host));
    }

    private static List<String> labs(LabHost host) {
        Path labs = host.root().resolve("labs");
        if (!Files.isDirectory(labs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(labs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
