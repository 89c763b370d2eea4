import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.lxcri4j.lab.Ipv4Subnet;
import org.lxcri4j.lab.Lab;
import org.lxcri4j.lab.LabHost;
import org.lxcri4j.lab.LabSpec;
import org.lxcri4j.lab.Node;

/**
 * The lab module's figures, medians in ms over ITERATIONS: a busybox node's boot to its first exec
 * result, a three-node lab started until every node has reached the others, that lab's close, and a
 * reset of one node and of three. Usage: LabBench ROOT CACHE ITERATIONS
 */
public final class LabBench {

    public static void main(String[] args) {
        LabHost host = new LabHost(Path.of(args[0]), Path.of(args[1]), Ipv4Subnet.parse("10.213.0.0/16"), null);
        int n = Integer.parseInt(args[2]);
        double[] boot = new double[n];
        double[] reset1 = new double[n];
        try (Lab one = Lab.start(LabSpec.builder().node("a").build(), host)) {
            Node a = one.node("a");
            for (int i = 0; i < n; i++) {
                a.kill();
                long s = System.nanoTime();
                a.restart();
                a.exec("true").orThrow();
                boot[i] = ms(s);
            }
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                one.reset();
                reset1[i] = ms(s);
            }
        }
        double[] ready = new double[n];
        double[] close = new double[n];
        LabSpec three = LabSpec.builder().node("a").node("b").node("c").build();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            Lab lab = Lab.start(three, host);
            lab.node("a").exec("ping", "-c", "1", "-W", "1", "b").orThrow();
            lab.node("a").exec("ping", "-c", "1", "-W", "1", "c").orThrow();
            lab.node("b").exec("ping", "-c", "1", "-W", "1", "c").orThrow();
            ready[i] = ms(s);
            s = System.nanoTime();
            lab.close();
            close[i] = ms(s);
        }
        double[] reset3 = new double[n];
        try (Lab lab = Lab.start(three, host)) {
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                lab.reset();
                reset3[i] = ms(s);
            }
        }
        for (double[] figure : List.of(boot, ready, close, reset1, reset3)) {
            Arrays.sort(figure);
            System.out.printf("%.1f ", n % 2 == 1 ? figure[n / 2] : (figure[n / 2 - 1] + figure[n / 2]) / 2);
        }
        System.out.println();
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
