package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * checkpoint/restore through CRIU. CRIU 3.17 cannot dump on this host's kernel (it cannot parse the
 * vDSO); the test requires that the command reports CRIU's own reason and leaves the container running.
 */
class CheckpointRestoreTest extends RuntimeTestBase {

    @Test
    void checkpointReportsCriusReasonAndTheContainerKeepsRunning() throws Exception {
        String id = newId();
        assertEquals(0, create(id, bundle().args("sleep", "1000")).exit());
        assertEquals(0, cli("start", id).exit());
        Path images = tmp.resolve("checkpoint");
        Cli.Result r = cli("checkpoint", "--image-path", images.toString(), "--leave-running", id);
        if (r.exit() == 0) {
            // A host where CRIU can dump: the images exist and the container still runs.
            assertEquals("running", state(id).get("status").asText());
            try (var files = Files.list(images)) {
                assertEquals(true, files.findAny().isPresent());
            }
            return;
        }
        String dumpLog = Files.readString(images.resolve("dump.log"));
        String criuError = dumpLog.lines().filter(l -> l.contains("Error (")).reduce((a, b) -> b).orElseThrow();
        assertFailure(r, criuError.substring(criuError.indexOf("): ") + 3).strip());
        assertEquals("running", state(id).get("status").asText(), "a failed dump leaves the container running");
        assertFailure(cli("restore", "--image-path", images.toString(), id), "not stopped");
        assertFailure(cli("checkpoint", "nosuchcontainer"), "does not exist");
    }
}
