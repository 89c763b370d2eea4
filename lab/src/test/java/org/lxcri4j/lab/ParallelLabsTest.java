package org.lxcri4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

/** Labs started at the same time, with the same node names, collide in nothing. */
class ParallelLabsTest {

    @Test
    void labsStartedTogetherShareNoNameSubnetOrBridge() throws Exception {
        LabSpec spec = LabSpec.builder().node("a").node("b").build();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
            CompletableFuture<Lab> one = CompletableFuture.supplyAsync(() -> Lab.start(spec), pool);
            CompletableFuture<Lab> two = CompletableFuture.supplyAsync(() -> Lab.start(spec), pool);
            try (Lab l1 = one.get(); Lab l2 = two.get()) {
                assertNotEquals(l1.id(), l2.id());
                assertNotEquals(l1.network(LabSpec.DEFAULT_NETWORK).subnet(), l2.network(LabSpec.DEFAULT_NETWORK).subnet());
                assertNotEquals(l1.network(LabSpec.DEFAULT_NETWORK).bridge(), l2.network(LabSpec.DEFAULT_NETWORK).bridge());
                for (Lab lab : List.of(l1, l2)) {
                    Node a = lab.node("a");
                    // resolves to its own lab's b: "PING b (ADDRESS): 56 data bytes"
                    String ping = a.exec("ping", "-c", "1", "-W", "2", "b").orThrow().stdout();
                    assertTrue(ping.startsWith("PING b (" + lab.node("b").address().getHostAddress() + ")"), ping);
                }
                // and cannot reach the other lab's
                Lab other = l2;
                assertNotEquals(0, l1.node("a").exec("ping", "-c", "1", "-W", "1", other.node("b").address().getHostAddress()).exitCode());
            }
        }
    }
}
