package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.lxcri4j.lab.host.HostLinks;
import org.lxcri4j.lxc.ContainerState;
import org.lxcri4j.lxc.LxcContainer;

/**
 * A JVM killed with SIGKILL in the middle of a lab (one node frozen) leaves its containers, bridges,
 * veths, network namespaces, cgroups, leases and files; the next lab that starts removes all of them.
 */
class KilledJvmTest {

    @Test
    void theNextLabRemovesWhatAKilledJvmLeft() throws Exception {
        LabHost host = LabHost.fromEnvironment();
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "-Dlxcri4j.lab.root=" + host.root(), LabHolder.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String id;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("lab "), "holder said " + line);
            id = line.substring(4);
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        Path lxcPath = host.root().resolve("labs").resolve(id).resolve("lxc");
        String x = "l4j-" + id + "-x";
        String y = "l4j-" + id + "-y";
        // what the dead JVM left
        assertEquals(ContainerState.FROZEN, state(lxcPath, x));
        assertEquals(ContainerState.RUNNING, state(lxcPath, y));
        assertEquals(3, HostLinks.names("l4j" + id).size(), "a bridge and two veths");
        assertEquals(List.of(x, y), HostLinks.netnsNames("l4j-" + id + "-"));
        assertFalse(NothingLeftTest.cgroups(id).isEmpty());
        assertTrue(leases(host, id) > 0);

        try (Lab next = Lab.start(LabSpec.builder().node("z").build(), host)) {
            assertEquals(ContainerState.STOPPED, state(lxcPath, x));
            assertEquals(ContainerState.STOPPED, state(lxcPath, y));
            assertEquals(List.of(), HostLinks.names("l4j" + id));
            assertEquals(List.of(), HostLinks.netnsNames("l4j-" + id + "-"));
            assertEquals(0, leases(host, id));
            assertFalse(Files.exists(host.root().resolve("labs").resolve(id)));
            assertFalse(Files.exists(host.root().resolve("labs").resolve(id + ".owner")));
            assertEquals(List.of(), NothingLeftTest.cgroups(id));
            assertEquals(0, next.node("z").exec("true").exitCode());
        }
    }

    private static ContainerState state(Path lxcPath, String name) {
        try (LxcContainer c = LxcContainer.open(name, lxcPath)) {
            return c.state();
        }
    }


    private static long leases(LabHost host, String id) throws IOException {
        Path dir = host.root().resolve("subnets");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                try {
                    return Files.readString(f).equals(id);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
