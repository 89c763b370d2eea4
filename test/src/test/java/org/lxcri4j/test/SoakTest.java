package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The short soak: scripts/soak.sh with 25 lifecycles one after another and 25 16 at a time, a
 * random share of them with the CLI, the monitor or the init killed; nothing may be left.
 * scripts/soak.sh 1000 is the long one (not in the suite).
 */
class SoakTest {

    @Test
    void fiftyLifecyclesSomeKilledLeaveNothing() {
        Cli.Result r = Cli.exec(List.of(Path.of("../scripts/soak.sh").toAbsolutePath().normalize().toString(), "25",
                Cli.BINARY.toString()));
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("stray processes: 0  cgroups left: 0  failed lifecycles: 0"), r.stdout());
        assertTrue(r.stdout().lines().filter(l -> l.contains("lifecycles    25")).count() == 2, r.stdout());
    }
}
