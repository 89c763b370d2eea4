package org.lxcri4j.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

import org.lxcri4j.lab.host.Containers;
import org.lxcri4j.lab.host.Execution;
import org.lxcri4j.lab.host.HostLinks;
import org.lxcri4j.lab.host.Janitor;
import org.lxcri4j.lab.host.LabDirectory;
import org.lxcri4j.lxc.ContainerState;
import org.lxcri4j.lxc.LxcContainer;
import org.lxcri4j.lxc.lab.BusyboxRootfs;

/**
 * A running node of a {@link Lab}: a liblxc system container whose root is an overlay of the
 * node's own writable layer on the lab's read-only rootfs. Commands run in it through liblxc's
 * attach; faults are injected on its container (freeze, kill) and on its veths (cut, netem). Its
 * network namespace outlives its container: addresses and links stay across kill and reset. Safe
 * to use from several threads.
 */
public final class Node {

    private static final Path COMMON_CONFIG = Path.of("/usr/share/lxc/config/common.conf");
    private static final long POLL_MILLIS = 10;

    private final NodeSpec spec;
    private final int index;
    private final List<LabNetwork> networks;
    private final List<String> veths = new ArrayList<>();
    private final String netns;
    /** The networks whose link a test cut or impaired: a reset restores them. */
    private final Set<String> altered = new HashSet<>();
    private final LxcContainer container;
    private final Path upper;
    private final Path console;

    Node(NodeSpec spec, int index, List<LabNetwork> networks, List<Path> layers, LabDirectory lab, String hosts) {
        this.spec = spec;
        this.index = index;
        this.networks = List.copyOf(networks);
        String name = lab.containerName(spec.name());
        this.netns = lab.netnsName(spec.name());
        for (int i = 0; i < networks.size(); i++) {
            veths.add(lab.vethName(index, i));
        }
        Path dir = lab.lxcPath().resolve(name);
        this.upper = dir.resolve("delta");
        this.console = dir.resolve("console.log");
        this.container = LxcContainer.open(name, lab.lxcPath());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("hosts"), hosts);
            configure(layers, dir);
        } catch (IOException e) {
            container.close();
            throw new UncheckedIOException("cannot write the hosts file of node " + spec.name(), e);
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
    }

    private void configure(List<Path> layers, Path dir) {
        LxcContainer c = container;
        if (Files.isRegularFile(COMMON_CONFIG)) {
            // LXC's profile of a system container: capabilities dropped, device allow-list, seccomp
            c.setConfigItem("lxc.include", COMMON_CONFIG.toString());
        }
        StringBuilder rootfs = new StringBuilder("overlay:");
        layers.forEach(l -> rootfs.append(l).append(':'));
        c.setConfigItem("lxc.rootfs.path", rootfs.append(upper).toString());
        c.setConfigItem("lxc.uts.name", spec.name());
        // the node's network namespace, made with its veths by the lab: see HostLinks
        c.setConfigItem("lxc.namespace.share.net", HostLinks.netnsPath(netns).toString());
        c.setConfigItem("lxc.mount.auto", "proc:mixed sys:mixed cgroup:mixed");
        c.setConfigItem("lxc.mount.entry", dir.resolve("hosts") + " etc/hosts none bind,ro,create=file 0 0");
        for (BindMount m : spec.mounts()) {
            if (!Files.exists(m.hostPath())) {
                throw new LabException("node " + spec.name() + ": bind mount source " + m.hostPath() + " does not exist");
            }
            String create = Files.isDirectory(m.hostPath()) ? "create=dir" : "create=file";
            c.setConfigItem("lxc.mount.entry", m.hostPath() + " " + m.target().substring(1) + " none bind,"
                    + (m.readOnly() ? "ro," : "") + create + " 0 0");
        }
        spec.env().forEach((k, v) -> c.setConfigItem("lxc.environment", k + "=" + v));
        c.setConfigItem("lxc.signal.halt", "SIGTERM");
        c.setConfigItem("lxc.console.logfile", console.toString());
        c.setConfigItem("lxc.log.file", dir.resolve("lxc.log").toString());
        c.setConfigItem("lxc.log.level", "WARN");
        c.saveConfig();
    }

    /** The node's name: its hostname and what the other nodes resolve. */
    public String name() {
        return spec.name();
    }

    /** What the node was declared as. */
    public NodeSpec spec() {
        return spec;
    }

    /** The node's address on its first network ({@code eth0}). */
    public Inet4Address address() {
        return networks.getFirst().nodeAddress(index);
    }

    /** The node's address on network {@code network}. */
    public Inet4Address address(String network) {
        return network(network).nodeAddress(index);
    }

    /** The pid of the node's init on the host, if it runs. */
    public OptionalInt initPid() {
        return container.initPid();
    }

    /** liblxc's state of the node's container. */
    public ContainerState state() {
        return container.state();
    }

    // ---- commands and files --------------------------------------------------------------------

    /** Runs {@code argv} with the default timeout and returns how it ended. */
    public ExecResult exec(String... argv) {
        return exec(Command.of(argv));
    }

    /** Runs {@code command}; throws {@link ExecTimeoutException} when it runs past its timeout. */
    public ExecResult exec(Command command) {
        requireRunning("exec");
        return Execution.run(container, command, spec.env());
    }

    /** Writes {@code content} to {@code path} in the node, making its directory. */
    public void copyIn(byte[] content, String path) {
        exec(Command.of("/bin/sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh", path).withInput(content))
                .orThrowAs("cannot copy into " + name() + ":" + path);
    }

    /** Copies host file {@code hostFile} to {@code path} in the node. */
    public void copyIn(Path hostFile, String path) {
        try {
            copyIn(Files.readAllBytes(hostFile), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hostFile, e);
        }
    }

    /** The content of {@code path} in the node, byte for byte. */
    public byte[] copyOut(String path) {
        // base64 on the way out: the collected output is text
        ExecResult r = exec("base64", path).orThrowAs("cannot copy " + name() + ":" + path);
        return Base64.getMimeDecoder().decode(r.stdout());
    }

    /** Copies {@code path} in the node to host file {@code hostFile}. */
    public void copyOut(String path, Path hostFile) {
        try {
            Files.write(hostFile, copyOut(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hostFile, e);
        }
    }

    // ---- waiting -------------------------------------------------------------------------------

    /** What the node's init wrote to its console since the node last booted. */
    public String consoleLog() {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + console, e);
        }
    }

    /** Waits until a console line contains {@code text}; returns the line. */
    public String waitForLog(String text, Duration timeout) {
        return waitForLog(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /** Waits until a console line matches {@code pattern} (found anywhere in it); returns the line. */
    public String waitForLog(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = consoleLog().lines().filter(l -> pattern.matcher(l).find()).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            pause(deadline, () -> "no console line of " + name() + " matched '" + pattern + "' in " + timeout.toMillis() + " ms");
        }
    }

    /** Waits until TCP port {@code port} of the node accepts a connection from the host. */
    public void waitForPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address(), port), 200);
                return;
            } catch (IOException e) {
                pause(deadline, () -> name() + ":" + port + " accepted no connection in " + timeout.toMillis() + " ms");
            }
        }
    }

    private static void pause(long deadline, java.util.function.Supplier<String> failure) {
        if (System.nanoTime() >= deadline) {
            throw new LabException(failure.get());
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted: " + failure.get(), e);
        }
    }

    // ---- faults --------------------------------------------------------------------------------

    /** Freezes every process of the node (the cgroup freezer): it neither runs nor answers. */
    public void freeze() {
        container.freeze();
    }

    /** Thaws what {@link #freeze()} froze. */
    public void thaw() {
        container.unfreeze();
    }

    /** Kills the node (SIGKILL to every process) and waits until it has stopped; its files stay. */
    public synchronized void kill() {
        Containers.stop(List.of(container));
    }

    /** Starts the node again after {@link #kill()}, with the files it had; its links come back whole. */
    public synchronized void restart() {
        if (container.isRunning()) {
            kill();
        }
        boot();
    }

    /**
     * Returns the node to its initial state and boots it: its writable layer thrown away, its links
     * restored and unimpaired.
     */
    public synchronized void reset() {
        kill();
        Janitor.deleteTree(upper);
        for (String n : altered) {
            restoreLink(n);
            clearImpairment(n);
        }
        altered.clear();
        boot();
    }

    /** Cuts the node's link to every network: nothing reaches it or leaves it, the host included. */
    public void cutLink() {
        networks.forEach(n -> cutLink(n.name()));
    }

    /** Cuts the node's link to {@code network}. */
    public synchronized void cutLink(String network) {
        String veth = veth(network);
        altered.add(network);
        HostLinks.setUp(veth, false);
    }

    /** Restores every link {@link #cutLink()} cut. */
    public void restoreLink() {
        networks.forEach(n -> restoreLink(n.name()));
    }

    /** Restores the node's link to {@code network}. */
    public synchronized void restoreLink(String network) {
        HostLinks.setUp(veth(network), true);
    }

    /**
     * Delays or drops packets on the node's link to {@code network}, both ways. Needs netem in the
     * kernel ({@link Lab#netemAvailable()}).
     */
    public synchronized void impairLink(String network, LinkImpairment impairment) {
        int i = networks.indexOf(network(network));
        altered.add(network);
        HostLinks.impair(netns, veths.get(i), interfaceName(i), impairment);
    }

    /** Takes away what {@link #impairLink} added to the link to {@code network}. */
    public synchronized void clearImpairment(String network) {
        int i = networks.indexOf(network(network));
        HostLinks.clearImpairment(netns, veths.get(i), interfaceName(i));
    }

    /** The node's interface on its {@code index}th network. */
    static String interfaceName(int index) {
        return "eth" + index;
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    /** Starts the container: daemonized, liblxc returns once its init runs. */
    synchronized void boot() {
        try {
            Files.deleteIfExists(console);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + console, e);
        }
        List<String> init = spec.init().isEmpty() ? List.of(BusyboxRootfs.INIT) : spec.init();
        container.start(false, init);
    }

    void close() {
        container.close();
    }

    private LabNetwork network(String name) {
        return networks.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("node " + name() + " is not on network " + name + ": "
                        + networks.stream().map(LabNetwork::name).toList()));
    }

    private String veth(String network) {
        return veths.get(networks.indexOf(network(network)));
    }

    private void requireRunning(String what) {
        ContainerState s = container.state();
        if (s != ContainerState.RUNNING) {
            throw new LabException("cannot " + what + " in node " + name() + ": it is " + s);
        }
    }

    @Override
    public String toString() {
        return "node " + name() + " (" + address().getHostAddress() + ")";
    }
}
