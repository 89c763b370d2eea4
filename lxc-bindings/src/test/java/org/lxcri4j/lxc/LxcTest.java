package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library-level functions against the installed liblxc. */
class LxcTest {

    @Test
    void versionMatchesTheInstalledPackage() throws Exception {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "liblxc1").start();
        String pkg = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        // Debian's version is "1:5.0.2-1+deb12u4": liblxc reports the upstream part.
        assertTrue(pkg.contains(":" + Lxc.version() + "-"), pkg + " vs " + Lxc.version());
    }

    @Test
    void globalConfigAndDefaultPath() {
        assertEquals(Path.of("/var/lib/lxc"), Lxc.defaultLxcPath());
        assertTrue(Lxc.globalConfigItem("lxc.bdev.lvm.vg").isPresent());
        assertTrue(Lxc.globalConfigItem("lxc.no.such.item").isEmpty());
    }

    @Test
    void apiExtensionsAndSupportedKeys() {
        assertTrue(Lxc.hasApiExtension("mount_injection_file"));
        assertTrue(Lxc.hasApiExtension("pidfd"));
        assertFalse(Lxc.hasApiExtension("lxcri4j_no_such_extension"));
        assertTrue(Lxc.isConfigItemSupported("lxc.rootfs.path"));
        assertTrue(Lxc.isConfigItemSupported("lxc.mount.auto"));
        assertFalse(Lxc.isConfigItemSupported("lxc.no.such.key"));
    }

    @Test
    void waitStatesAreTheContainerStates() {
        assertEquals(Arrays.stream(ContainerState.values()).map(Enum::name).toList(), Lxc.waitStates());
    }

    @Test
    void listingAnEmptyAndAMissingPath(@TempDir Path dir) {
        assertEquals(List.of(), Lxc.definedContainers(dir));
        assertEquals(List.of(), Lxc.activeContainers(dir));
        assertEquals(List.of(), Lxc.allContainers(dir.resolve("missing")));
    }

    /** lxc_log_init changes liblxc's logging for the whole process: probe it in a JVM of its own. */
    @Test
    void logInitWritesLiblxcMessagesToTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lxc.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LogInitProbe.class.getName(), dir.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String log = Files.readString(file);
        assertTrue(log.contains("lxcri4j-probe"), "the prefix given to lxc_log_init: " + log);
        assertTrue(log.contains("ERROR") && log.contains("lxc.no.such.key"), "liblxc logged the rejected key: " + log);
    }
}
