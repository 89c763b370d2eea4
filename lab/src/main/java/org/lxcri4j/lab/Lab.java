package org.lxcri4j.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.lxcri4j.lab.host.HostLinks;
import org.lxcri4j.lab.host.Janitor;
import org.lxcri4j.lab.host.LabDirectory;
import org.lxcri4j.lab.host.ProcessIdentity;
import org.lxcri4j.lab.host.RootfsCache;
import org.lxcri4j.lab.host.SubnetLeases;

/**
 * A running lab: networked nodes on bridges of their own, started from a {@link LabSpec} and
 * removed whole by {@link #close()}. Starting a lab first removes what labs of dead JVMs left under
 * the same {@link LabHost#root()}; a shutdown hook closes a lab the program forgot. Needs root.
 *
 * <pre>{@code
 * try (Lab lab = Lab.start(LabSpec.builder().node("server").node("client").build())) {
 *     lab.node("server").exec("httpd", "-p", "8080", "-h", "/etc");
 *     lab.node("client").exec("wget", "-q", "-O", "-", "http://server:8080/hostname").orThrow();
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {

    private final LabHost host;
    private final LabDirectory directory;
    private final Map<String, LabNetwork> networks = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Thread shutdownHook;
    private boolean closed;

    private Lab(LabHost host, LabDirectory directory) {
        this.host = host;
        this.directory = directory;
        this.shutdownHook = new Thread(this::removeQuietly, "lab-" + directory.id() + "-close");
    }

    /** Starts {@code spec} with the host settings of {@link LabHost#fromEnvironment()}. */
    public static Lab start(LabSpec spec) {
        return start(spec, LabHost.fromEnvironment());
    }

    /** Starts {@code spec}: every node runs and is reachable when this returns. */
    public static Lab start(LabSpec spec, LabHost host) {
        Janitor.sweep(host.root());
        Lab lab = new Lab(host, LabDirectory.claim(host.root(), ProcessIdentity.current()));
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.build(spec);
            return lab;
        } catch (RuntimeException | Error e) {
            try {
                lab.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void build(LabSpec spec) {
        var subnets = SubnetLeases.lease(host, directory.id(), spec.networks().size());
        List<HostLinks.Bridge> bridges = new ArrayList<>();
        for (int i = 0; i < spec.networks().size(); i++) {
            LabNetwork n = new LabNetwork(spec.networks().get(i), directory.bridgeName(i), subnets.get(i));
            networks.put(n.name(), n);
            bridges.add(new HostLinks.Bridge(n.bridge(), n.hostAddress(), n.subnet().prefix()));
        }
        List<String> netns = new ArrayList<>();
        List<HostLinks.Port> ports = new ArrayList<>();
        for (int i = 0; i < spec.nodes().size(); i++) {
            NodeSpec s = spec.nodes().get(i);
            String ns = directory.netnsName(s.name());
            netns.add(ns);
            List<String> joined = spec.networksOf(s);
            for (int k = 0; k < joined.size(); k++) {
                LabNetwork n = networks.get(joined.get(k));
                ports.add(new HostLinks.Port(ns, directory.vethName(i, k), n.bridge(), Node.interfaceName(k), n.nodeAddress(i),
                        n.subnet().prefix()));
            }
        }
        HostLinks.create(bridges, netns, ports);
        for (int i = 0; i < spec.nodes().size(); i++) {
            NodeSpec s = spec.nodes().get(i);
            List<LabNetwork> joined = spec.networksOf(s).stream().map(networks::get).toList();
            nodes.put(s.name(), new Node(s, i, joined, RootfsCache.layers(host, s.rootfs()), directory, hostsOf(spec, i)));
        }
        inParallel(nodes.values(), Node::boot);
    }

    /**
     * The /etc/hosts of node {@code i}: every node's name at the address the node reaches it on (on
     * the first network they share), {@code NAME.NETWORK} for each network of each node, and
     * {@code lab-host} for the host on the node's first network.
     */
    private String hostsOf(LabSpec spec, int i) {
        List<String> mine = spec.networksOf(spec.nodes().get(i));
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        hosts.append(networks.get(mine.getFirst()).hostAddress().getHostAddress()).append("\tlab-host\n");
        for (int j = 0; j < spec.nodes().size(); j++) {
            NodeSpec other = spec.nodes().get(j);
            List<String> theirs = spec.networksOf(other);
            String shared = theirs.stream().filter(mine::contains).findFirst().orElse(theirs.getFirst());
            hosts.append(networks.get(shared).nodeAddress(j).getHostAddress()).append('\t').append(other.name()).append('\n');
            for (String n : theirs) {
                hosts.append(networks.get(n).nodeAddress(j).getHostAddress()).append('\t').append(other.name()).append('.')
                        .append(n).append('\n');
            }
        }
        return hosts.toString();
    }

    /** The lab's id: in its directory, its containers' and its links' names. */
    public String id() {
        return directory.id();
    }

    /** The lab's directory under the lab root. */
    public Path directory() {
        return directory.path();
    }

    /** Node {@code name}. */
    public Node node(String name) {
        return named(nodes, "node", name);
    }

    /** The nodes, in the order of the spec. */
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Network {@code name}. */
    public LabNetwork network(String name) {
        return named(networks, "network", name);
    }

    private static <T> T named(Map<String, T> all, String what, String name) {
        T t = all.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the lab has no " + what + " " + name + ": " + all.keySet());
        }
        return t;
    }

    /** The networks, in the order of the spec. */
    public List<LabNetwork> networks() {
        return List.copyOf(networks.values());
    }

    /** Returns every node to its initial filesystem and boots it again, all at once. */
    public void reset() {
        inParallel(nodes.values(), Node::reset);
    }

    /** Whether this kernel can impair links ({@link Node#impairLink}). */
    public static boolean netemAvailable() {
        return HostLinks.netemAvailable();
    }

    /** Stops every node and removes everything the lab made: containers, bridges, leases, files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what runs us
        }
        nodes.values().forEach(Node::close);
        Janitor.remove(host.root(), directory);
    }

    private void removeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("lab " + id() + ": " + e.getMessage());
        }
    }

    /** Runs {@code action} on every node on a platform thread each (liblxc's calls block in native code). */
    private static void inParallel(Iterable<Node> all, Consumer<Node> action) {
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("lab-node-", 0).factory())) {
            List<Future<?>> done = new ArrayList<>();
            for (Node n : all) {
                done.add(pool.submit(() -> action.accept(n)));
            }
            RuntimeException failure = null;
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException r = e.getCause() instanceof RuntimeException re ? re
                            : new LabException(e.getCause().toString(), e.getCause());
                    if (failure == null) {
                        failure = r;
                    } else {
                        failure.addSuppressed(r);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabException("interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
