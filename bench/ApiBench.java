import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.lxcri4j.runtime.Container;
import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.CreateOptions;
import org.lxcri4j.runtime.Signals;

/**
 * The Java API's throughput in one JVM: create, start, state, kill, wait, delete cycles per second,
 * on one thread and on THREADS, after a warm-up: the median of five rounds of SECONDS each, so that
 * one slow round (a GC, a busy neighbour) does not decide the figure.
 * Usage: ApiBench ROOT LIBEXEC BUNDLE SECONDS THREADS
 */
public final class ApiBench {

    public static void main(String[] args) throws Exception {
        ContainerRuntime runtime = ContainerRuntime.open(Path.of(args[0]), Path.of(args[1]));
        Path bundle = Path.of(args[2]);
        long seconds = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        cycles(runtime, bundle, "warm", 1, 3);
        double single = median(runtime, bundle, "one", 1, seconds);
        double parallel = median(runtime, bundle, "par", threads, seconds);
        System.out.printf("%.1f %.1f%n", single, parallel);
    }

    private static double median(ContainerRuntime runtime, Path bundle, String name, int threads, long seconds) throws Exception {
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            rounds[r] = cycles(runtime, bundle, name + r, threads, seconds);
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    /** Cycles per second on {@code threads} threads for {@code seconds}. */
    private static double cycles(ContainerRuntime runtime, Path bundle, String name, int threads, long seconds) throws Exception {
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            String prefix = "api-" + name + "-" + t + "-";
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    Container c = runtime.create(prefix + i, bundle, CreateOptions.defaults());
                    c.start();
                    c.state();
                    c.kill(Signals.SIGKILL);
                    c.waitFor(Duration.ofSeconds(10)).orElseThrow();
                    c.delete();
                    done.incrementAndGet();
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
