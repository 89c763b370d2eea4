package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lxcri4j.lxc.lab.BusyboxRootfs;
import org.lxcri4j.lxc.lab.LabContainer;

/** Creating from a template, config files, snapshots, clones and renames with the dir backend. */
class ContainerStorageTest {

    private TestLxcPath lab;

    @BeforeEach
    void setUp() {
        lab = new TestLxcPath();
    }

    @AfterEach
    void tearDown() throws IOException {
        lab.close();
    }

    /** A local template: liblxc runs it with --path, --name and --rootfs, plus our arguments. */
    private Path template() throws IOException {
        Path t = lab.path.resolve("lab-template");
        Files.writeString(t, """
                #!/bin/sh
                set -e
                for a in "$@"; do
                    case "$a" in --rootfs=*) rootfs="${a#--rootfs=}";; --marker=*) marker="${a#--marker=}";; esac
                done
                while [ $# -gt 0 ]; do
                    case "$1" in --rootfs) rootfs="$2"; shift;; --marker) marker="$2"; shift;; esac
                    shift
                done
                cp -a "%s"/. "$rootfs"/
                echo "$marker" > "$rootfs/etc/lab-marker"
                """.formatted(lab.path.resolve("template-source")));
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        BusyboxRootfs.build(lab.path.resolve("template-source"));
        return t;
    }

    @Test
    void createFromTemplateWithListAndInlineArguments() throws IOException {
        Path template = template();
        String a = lab.newName("tmpl");
        String b = lab.newName("tmpl");
        try (LxcContainer c = LxcContainer.open(a, lab.path)) {
            c.create(template.toString(), "dir", null, true, List.of("--marker", "list-args"));
            assertTrue(c.isDefined());
            Path rootfs = Path.of(c.configItem("lxc.rootfs.path"));
            assertEquals("list-args", Files.readString(rootfs.resolve("etc/lab-marker")).strip());
        }
        try (LxcContainer c = LxcContainer.open(b, lab.path)) {
            c.create(template.toString(), "dir", BdevSpecs.dir(null), true, "--marker", "inline-args");
            Path rootfs = Path.of(c.configItem("lxc.rootfs.path"));
            assertEquals("inline-args", Files.readString(rootfs.resolve("etc/lab-marker")).strip());
            // Make it runnable and start it with an explicit argv (the start member, not startl).
            LabContainer.configure(c, lab.path, b, rootfs);
            c.saveConfig();
            c.start(false, List.of(BusyboxRootfs.INIT));
            assertTrue(c.waitFor(ContainerState.RUNNING, Duration.ofSeconds(30)));
            assertEquals("inline-args\n", c.execute(AttachOptions.defaults(), List.of("cat", "/etc/lab-marker")).stdout());
            c.stop();
            assertTrue(c.waitFor(ContainerState.STOPPED, Duration.ofSeconds(30)));
        }
        assertEquals(List.of(a, b).stream().sorted().toList(), Lxc.definedContainers(lab.path));
    }

    @Test
    void configFilesAreLoadedSavedAndCleared() throws IOException {
        try (LxcContainer c = lab.define("cfg")) {
            Path alt = lab.path.resolve("alt.conf");
            c.saveConfig(alt);
            assertTrue(Files.readString(alt).contains("lxc.uts.name = " + c.name()));
            c.clearConfig();
            assertThrows(LxcException.class, () -> c.configItem("lxc.uts.name"), "no config in memory");
            c.loadConfig();
            assertEquals(c.name(), c.configItem("lxc.uts.name"));
            Files.writeString(alt, Files.readString(alt).replace("lxc.uts.name = " + c.name(), "lxc.uts.name = other"));
            c.loadConfig(alt);
            assertEquals("other", c.configItem("lxc.uts.name"));
            Path elsewhere = Files.createDirectories(lab.path.resolve("elsewhere"));
            c.setConfigPath(elsewhere);
            assertEquals(elsewhere, c.configPath());
            assertFalse(c.isDefined(), "no config in the other lxc path");
            c.setConfigPath(lab.path);
            assertTrue(c.isDefined());
        }
    }

    @Test
    void snapshotsAreTakenListedRestoredAndDestroyed() throws IOException {
        try (LxcContainer c = lab.define("snap")) {
            Path comment = lab.path.resolve("comment");
            Files.writeString(comment, "before change\n");
            assertEquals(0, c.snapshot(comment));
            Path rootfs = Path.of(c.configItem("lxc.rootfs.path"));
            Files.writeString(rootfs.resolve("etc/changed"), "after");
            assertEquals(1, c.snapshot(null));
            List<Snapshot> snaps = c.snapshots();
            assertEquals(List.of("snap0", "snap1"), snaps.stream().map(Snapshot::name).toList());
            assertEquals("before change\n", Files.readString(Path.of(snaps.getFirst().commentPath())));
            assertFalse(snaps.getFirst().timestamp().isBlank());

            String restored = lab.newName("restored");
            c.restoreSnapshot("snap0", restored);
            try (LxcContainer r = LxcContainer.open(restored, lab.path)) {
                assertTrue(r.isDefined());
                assertFalse(Files.exists(Path.of(r.configItem("lxc.rootfs.path")).resolve("etc/changed")), "state of snap0");
                r.destroy();
            }
            c.destroySnapshot("snap1");
            assertEquals(List.of("snap0"), c.snapshots().stream().map(Snapshot::name).toList());
            c.snapshot(null);
            c.destroyAllSnapshots();
            assertEquals(List.of(), c.snapshots());
            c.snapshot(null);
            c.destroyWithSnapshots();
            assertFalse(c.isDefined());
            assertFalse(Files.exists(lab.path.resolve(c.name())));
        }
    }

    @Test
    void clonesCopyAndRenameMoves() throws IOException {
        try (LxcContainer c = lab.define("orig")) {
            String copyName = lab.newName("copy");
            try (LxcContainer copy = c.cloneAs(copyName)) {
                assertTrue(copy.isDefined());
                assertEquals(copyName, copy.configItem("lxc.uts.name"), "clone renames the hostname");
                assertTrue(Files.isExecutable(Path.of(copy.configItem("lxc.rootfs.path")).resolve("bin/busybox")));
                copy.start();
                assertTrue(copy.waitFor(ContainerState.RUNNING, Duration.ofSeconds(30)));
                assertEquals(copyName + "\n", copy.execute(AttachOptions.defaults(), List.of("hostname")).stdout());
                copy.stop();
                assertTrue(copy.waitFor(ContainerState.STOPPED, Duration.ofSeconds(30)));
                copy.destroy();
            }
            String keep = lab.newName("keep");
            try (LxcContainer copy = c.cloneAs(keep, lab.path, Set.of(CloneFlag.KEEP_NAME), "dir", null, 0, List.of())) {
                assertEquals(c.name(), copy.configItem("lxc.uts.name"), "KEEP_NAME keeps the hostname");
                copy.destroy();
            }
            String renamed = lab.newName("renamed");
            String old = c.name();
            c.rename(renamed);
            assertEquals(renamed, c.name());
            assertEquals(List.of(renamed), Lxc.definedContainers(lab.path));
            // The copy keeps lxc.log.file, which still names the old directory: only the config is gone.
            assertFalse(Files.exists(lab.path.resolve(old).resolve("config")));
            assertTrue(c.isDefined());
            c.destroy();
        }
    }
}
