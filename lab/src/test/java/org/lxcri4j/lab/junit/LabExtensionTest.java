package org.lxcri4j.lab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.lxcri4j.lab.Lab;
import org.lxcri4j.lab.LabSpec;
import org.lxcri4j.lab.Node;
import org.lxcri4j.lxc.lab.BusyboxRootfs;

/** The extension run by JUnit itself on sample classes: lifetimes, injection, consoles on failure. */
class LabExtensionTest {

    static final List<String> LABS = new CopyOnWriteArrayList<>();

    /** Fails on purpose: its report must carry the node's console. */
    @LxcLab
    static class FailingLab {
        @LabSetup
        static final LabSpec LAB = LabSpec.builder().node("alpha").build();

        @Test
        void fails(@LabNode("alpha") Node alpha) {
            alpha.exec("/bin/sh", "-c", "echo alpha-was-here > /dev/console").orThrow();
            alpha.waitForLog("alpha-was-here", java.time.Duration.ofSeconds(10));
            assertEquals(1, 2, "on purpose");
        }
    }

    /** Two tests, a lab each. */
    @LxcLab(lifetime = Lifetime.PER_TEST)
    static class LabPerTest {
        @LabSetup
        static final LabSpec LAB = LabSpec.builder().node("one").build();

        @LabNode("one")
        Node one;

        @Test
        void first(Lab lab) {
            LABS.add(lab.id());
            assertEquals("one\n", one.exec("hostname").stdout());
        }

        @Test
        void second(Lab lab) {
            LABS.add(lab.id());
            assertEquals("one\n", one.exec("hostname").stdout());
        }
    }

    /** No spec: a configuration error, not a hang or a half-made lab. */
    @LxcLab
    static class NoSpec {
        @Test
        void never() {
        }
    }

    @Test
    void aFailingTestCarriesEveryNodesConsole() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingLab.class)).execute();
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = results.testEvents().failed().stream().map(Event::getPayload).flatMap(java.util.Optional::stream)
                .map(p -> ((org.junit.platform.engine.TestExecutionResult) p).getThrowable().orElseThrow()).findFirst().orElseThrow();
        String consoles = Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage).reduce("", String::concat);
        assertTrue(consoles.contains("console of node alpha"), consoles);
        assertTrue(consoles.contains(BusyboxRootfs.CONSOLE_MARKER), consoles);
        assertTrue(consoles.contains("alpha-was-here"), consoles);
    }

    @Test
    void perTestLifetimeGivesEachTestALabOfItsOwn() {
        LABS.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(LabPerTest.class)).execute()
                .testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(2, LABS.size());
        assertNotEquals(LABS.get(0), LABS.get(1));
    }

    @Test
    void aClassWithoutASpecFailsWithWhatIsMissing() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NoSpec.class)).execute();
        Throwable t = results.containerEvents().failed().stream().map(Event::getPayload).flatMap(java.util.Optional::stream)
                .map(p -> ((org.junit.platform.engine.TestExecutionResult) p).getThrowable().orElseThrow()).findFirst().orElseThrow();
        assertTrue(t.getMessage().contains("needs exactly one static LabSpec field with @LabSetup"), t.getMessage());
    }
}
