package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lxcri4j.lxc.lab.LabContainer;

/** Bad input raises a clear exception before reaching liblxc, or liblxc's error; never a crash or a leftover. */
class BadInputTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "../x", "a/b", "/abs", "nul\0byte"})
    void invalidNamesAreRejected(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LxcContainer.open(name));
        assertTrue(e.getMessage().contains("container name"), e.getMessage());
    }

    @Test
    void overlongNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LxcContainer.open("x".repeat(256)));
    }

    @Test
    void callsAfterCloseThrowInsteadOfTouchingFreedMemory() throws IOException {
        try (TestLxcPath lab = new TestLxcPath()) {
            LxcContainer c = LxcContainer.open(lab.newName("closed"), lab.path);
            c.close();
            c.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, c::state);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> c.setConfigItem("lxc.uts.name", "x"));
            assertThrows(IllegalStateException.class, c::start);
        }
    }

    @Test
    void missingRootfsFailsStartWithTheCauseAndLeavesNothing() throws IOException {
        try (TestLxcPath lab = new TestLxcPath()) {
            String name = lab.newName("norootfs");
            try (LxcContainer c = LxcContainer.open(name, lab.path)) {
                Path missing = lab.path.resolve("no-such-rootfs");
                LabContainer.configure(c, lab.path, name, missing);
                Files.createDirectories(lab.path.resolve(name));
                c.saveConfig();
                LxcException e = assertThrows(LxcException.class, c::start);
                assertEquals("startl", e.operation());
                assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
                assertFalse(c.isRunning());
                c.destroy();
            }
            assertEquals(List.of(), Leftovers.of(List.of(name), lab.path));
        }
    }

    @Test
    void invalidArgumentsAreRejectedBeforeLiblxc() throws IOException {
        try (TestLxcPath lab = new TestLxcPath(); LxcContainer c = LxcContainer.open(lab.newName("args"), lab.path)) {
            assertThrows(IllegalArgumentException.class, () -> c.setConfigItem(null, "x"));
            assertThrows(IllegalArgumentException.class, () -> c.setConfigItem("  ", "x"));
            assertThrows(IllegalArgumentException.class, () -> c.setConfigItem("lxc.uts.name", "a\0b"));
            assertThrows(IllegalArgumentException.class, () -> c.attachRunWait(AttachOptions.defaults(), List.of()));
            assertThrows(IllegalArgumentException.class, () -> c.rename("../escape"));
            assertThrows(IllegalArgumentException.class, () -> c.cloneAs("a/b"));
            assertThrows(IllegalArgumentException.class,
                    () -> AttachOptions.defaults().withEnv(EnvPolicy.KEEP, List.of("NOEQUALS"), List.of()));
            LxcException notRunning = assertThrows(LxcException.class, c::freeze);
            assertEquals("freeze", notRunning.operation());
            assertThrows(LxcException.class, c::interfaces);
            assertThrows(LxcException.class, () -> c.setConfigItem("lxc.no.such.key", "1"));
            assertThrows(IllegalArgumentException.class, () -> Lxc.waitPid(0));
        }
    }

    @Test
    void aFailedCallIsThreadSafeWithConcurrentUsers() throws Exception {
        try (TestLxcPath lab = new TestLxcPath(); LxcContainer c = LxcContainer.open(lab.newName("threads"), lab.path)) {
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int j = 0; j < 200; j++) {
                        if (c.state() != ContainerState.STOPPED || c.isRunning()) {
                            failures.incrementAndGet();
                        }
                        try {
                            c.freeze();
                            failures.incrementAndGet();
                        } catch (LxcException expected) {
                            // not running
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(0, failures.get());
        }
    }
}
