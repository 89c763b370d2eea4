package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * checkpoint, restore and migrate through CRIU on a real container. Where CRIU cannot dump on this
 * host the test requires liblxc's real error, and the container to survive the attempt.
 */
class CheckpointTest {

    @Test
    void checkpointRestoreAndMigrateReportWhatCriuDoes() throws IOException {
        try (TestLxcPath lab = new TestLxcPath(); LxcContainer c = lab.started("criu")) {
            Path dir = Files.createDirectories(lab.path.resolve("checkpoint"));
            LxcException feature = assertThrows(LxcException.class, () ->
                    c.migrate(MigrateCommand.FEATURE_CHECK, new MigrateOptions(dir, false, false, null, null, null,
                            false, null, false, 0, MigrateOptions.FEATURE_MEM_TRACK | MigrateOptions.FEATURE_LAZY_PAGES)),
                    "CRIU's lazy pages need userfaultfd support this host lacks");
            assertTrue(feature.operation().startsWith("migrate"), feature.getMessage());

            boolean dumped;
            try {
                c.checkpoint(dir, true, true);
                dumped = true;
            } catch (LxcException e) {
                dumped = false;
                System.out.println("CRIU cannot checkpoint on this host: " + e.getMessage());
                assertEquals("checkpoint", e.operation());
                assertTrue(e.getMessage().contains("dump failed"), e.getMessage());
                // CRIU's own reason is quoted from its dump.log.
                String log = Files.readString(dir.resolve("dump.log"));
                String lastError = log.lines().filter(l -> l.contains("Error (")).reduce((x, y) -> y).orElseThrow();
                assertTrue(e.getMessage().contains(lastError.substring(lastError.indexOf("): ") + 3).strip()), e.getMessage());
                assertEquals(ContainerState.RUNNING, c.state(), "a failed dump leaves the container running");
                assertEquals(0, c.execute(AttachOptions.defaults(), List.of("true")).status().exitCode());
            }
            if (dumped) {
                assertTrue(c.waitFor(ContainerState.STOPPED, Duration.ofSeconds(30)));
                c.restore(dir, true);
                assertTrue(c.waitFor(ContainerState.RUNNING, Duration.ofSeconds(30)));
            }
            LxcException restoreMissing = assertThrows(LxcException.class,
                    () -> c.migrate(MigrateCommand.RESTORE, MigrateOptions.of(lab.path.resolve("no-such-dump"), false)));
            assertTrue(restoreMissing.getMessage().startsWith("migrate restore failed"), restoreMissing.getMessage());
            c.stop();
            assertTrue(c.waitFor(ContainerState.STOPPED, Duration.ofSeconds(30)));
        }
    }
}
