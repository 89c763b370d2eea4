package org.lxcri4j.lab.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.lxcri4j.lab.LabException;
import org.lxcri4j.lab.LinkImpairment;

/**
 * The lab's network plumbing, in this JVM's network namespace: bridges with the host's address on
 * them and no uplink (nothing is enslaved but the nodes' veths; no route or NAT is added), and one
 * named network namespace per node ({@code ip netns}, under {@code /run/netns}) holding the node
 * end of its veths. The node's container joins that namespace, so a node keeps its interfaces,
 * addresses and MACs across kill, restart and reset, as a machine keeps its NICs, and liblxc
 * neither creates nor deletes a veth when a node starts or stops. Requests go through
 * {@code ip -batch}: one process for many changes.
 */
public final class HostLinks {

    private static final Path NETNS_DIR = Path.of("/run/netns");

    private HostLinks() {
    }

    /** A bridge to make, with the host's address on it. */
    public record Bridge(String name, Inet4Address address, int prefix) {
    }

    /** A veth to make: {@code hostEnd} on {@code bridge}, {@code nodeEnd} in {@code netns} with {@code address}. */
    public record Port(String netns, String hostEnd, String bridge, String nodeEnd, Inet4Address address, int prefix) {
    }

    /** Makes the bridges, a network namespace per name in {@code netns}, and the ports, all up. */
    public static void create(List<Bridge> bridges, List<String> netns, List<Port> ports) {
        StringBuilder host = new StringBuilder();
        for (Bridge b : bridges) {
            host.append("link add name ").append(b.name()).append(" type bridge\n")
                    .append("addr add ").append(b.address().getHostAddress()).append('/').append(b.prefix())
                    .append(" dev ").append(b.name()).append('\n')
                    .append("link set ").append(b.name()).append(" up\n");
        }
        for (String ns : netns) {
            host.append("netns add ").append(ns).append('\n');
        }
        for (Port p : ports) {
            host.append("link add ").append(p.hostEnd()).append(" type veth peer name ").append(p.nodeEnd())
                    .append(" netns ").append(p.netns()).append('\n')
                    .append("link set ").append(p.hostEnd()).append(" master ").append(p.bridge()).append(" up\n");
        }
        HostCommand.run(List.of("ip", "-batch", "-"), host.toString());
        for (String ns : netns) {
            StringBuilder inside = new StringBuilder("link set lo up\n");
            for (Port p : ports) {
                if (p.netns().equals(ns)) {
                    inside.append("addr add ").append(p.address().getHostAddress()).append('/').append(p.prefix())
                            .append(" dev ").append(p.nodeEnd()).append('\n')
                            .append("link set ").append(p.nodeEnd()).append(" up\n");
                }
            }
            HostCommand.run(List.of("ip", "-n", ns, "-batch", "-"), inside.toString());
        }
    }

    /** The path a container joins for network namespace {@code name}. */
    public static Path netnsPath(String name) {
        return NETNS_DIR.resolve(name);
    }

    /**
     * Removes every network namespace whose name starts with {@code netnsPrefix} (their veths go
     * with them) and then every link whose name starts with {@code linkPrefix}.
     */
    public static void removeAll(String netnsPrefix, String linkPrefix) {
        StringBuilder batch = new StringBuilder();
        for (String ns : netnsNames(netnsPrefix)) {
            batch.append("netns del ").append(ns).append('\n');
        }
        for (String link : names(linkPrefix)) {
            batch.append("link del ").append(link).append('\n');
        }
        if (!batch.isEmpty()) {
            // -force: on to the next line when one fails (a veth gone with its namespace)
            HostCommand.tryRun(List.of("ip", "-force", "-batch", "-"), batch.toString());
        }
        List<String> left = new ArrayList<>(netnsNames(netnsPrefix));
        left.addAll(names(linkPrefix));
        if (!left.isEmpty()) {
            throw new LabException("could not remove " + left);
        }
    }

    /** The named network namespaces whose names start with {@code prefix}. */
    public static List<String> netnsNames(String prefix) {
        if (!Files.isDirectory(NETNS_DIR)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(NETNS_DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NETNS_DIR, e);
        }
    }

    /** The names of this namespace's links that start with {@code prefix}. */
    public static List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        for (String line : HostCommand.run("ip", "-o", "link", "show").lines().toList()) {
            // "7: NAME@PEER: <...>" or "7: NAME: <...>"
            String[] f = line.split(": ", 3);
            if (f.length > 1) {
                String name = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
                if (name.startsWith(prefix)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Brings link {@code name} up or down. */
    public static void setUp(String name, boolean up) {
        HostCommand.run("ip", "link", "set", name, up ? "up" : "down");
    }

    /** Adds {@code impairment} to what leaves {@code hostEnd} and what leaves {@code nodeEnd} in {@code netns}. */
    public static void impair(String netns, String hostEnd, String nodeEnd, LinkImpairment impairment) {
        List<String> spec = List.of("root", "netem", "delay", impairment.delay().toMillis() + "ms",
                "loss", String.format(Locale.ROOT, "%.3f%%", impairment.lossPercent()));
        tc(List.of("tc", "qdisc", "replace", "dev", hostEnd), spec);
        tc(List.of("tc", "-n", netns, "qdisc", "replace", "dev", nodeEnd), spec);
    }

    /** Removes what {@link #impair} added; a link without it is left alone. */
    public static void clearImpairment(String netns, String hostEnd, String nodeEnd) {
        HostCommand.tryRun(List.of("tc", "qdisc", "del", "dev", hostEnd, "root"));
        HostCommand.tryRun(List.of("tc", "-n", netns, "qdisc", "del", "dev", nodeEnd, "root"));
    }

    /** Whether this kernel has netem (many minimal kernels build without it). */
    public static boolean netemAvailable() {
        String probe = "l4jnetemprobe";
        HostCommand.tryRun(List.of("ip", "link", "del", probe));
        if (HostCommand.tryRun(List.of("ip", "link", "add", probe, "type", "veth", "peer", "name", probe + "p")).exit() != 0) {
            return false;
        }
        try {
            return HostCommand.tryRun(List.of("tc", "qdisc", "add", "dev", probe, "root", "netem", "delay", "1ms")).exit() == 0;
        } finally {
            HostCommand.tryRun(List.of("ip", "link", "del", probe));
        }
    }

    private static void tc(List<String> command, List<String> spec) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(spec);
        HostCommand.Result r = HostCommand.tryRun(argv);
        if (r.exit() != 0) {
            String why = r.stderr().strip();
            throw new LabException(String.join(" ", argv) + ": " + why
                    + (why.contains("qdisc kind is unknown") ? " (this kernel has no netem: CONFIG_NET_SCH_NETEM)" : ""));
        }
    }
}
