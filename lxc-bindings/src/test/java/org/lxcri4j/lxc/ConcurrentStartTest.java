package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * Starts from several threads at once: liblxc moves its caller into each container's monitor
 * cgroup, so a start that recorded the JVM's cgroups while another was in flight would restore
 * the JVM into that other container's monitor cgroup, where it stays and blocks its removal.
 */
class ConcurrentStartTest {

    @Test
    void concurrentStartsLeaveTheJvmInItsOwnCgroups() throws Exception {
        String before = Files.readString(Path.of("/proc/self/cgroup"));
        try (TestLxcPath lab = new TestLxcPath()) {
            for (int round = 0; round < 3; round++) {
                List<LxcContainer> all = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    all.add(lab.define("par" + round));
                }
                try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
                    List<Future<?>> started = new ArrayList<>();
                    for (LxcContainer c : all) {
                        started.add(pool.submit(() -> c.start()));
                    }
                    for (Future<?> f : started) {
                        f.get();
                    }
                }
                String now = Files.readString(Path.of("/proc/self/cgroup"));
                assertFalse(now.contains("lxc.monitor."), now);
                assertEquals(before, now);
                for (LxcContainer c : all) {
                    c.stop();
                }
                for (LxcContainer c : all) {
                    c.waitFor(ContainerState.STOPPED, java.time.Duration.ofSeconds(30));
                    c.close();
                }
            }
        }
    }
}
