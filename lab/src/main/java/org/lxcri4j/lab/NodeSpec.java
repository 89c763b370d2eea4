package org.lxcri4j.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node of a lab: a system container with its own hostname, network interfaces and writable layer.
 *
 * @param name     the node's hostname and the name other nodes resolve ({@code [a-z][a-z0-9-]*}, at most 31)
 * @param rootfs   its root filesystem
 * @param networks the lab networks it joins, {@code eth0} on the first; empty: the lab's first network
 * @param env      environment of its init and of every {@link Node#exec} in it
 * @param mounts   host paths it sees
 * @param init     its init's argv; empty: the lab's init, which idles until it is stopped
 */
public record NodeSpec(String name, Rootfs rootfs, List<String> networks, Map<String, String> env,
                       List<BindMount> mounts, List<String> init) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public NodeSpec {
        requireName(name, "node");
        networks = List.copyOf(networks);
        env = Map.copyOf(env);
        mounts = List.copyOf(mounts);
        init = List.copyOf(init);
        env.forEach((k, v) -> {
            if (!ENV_NAME.matcher(k).matches() || v.indexOf('\n') >= 0 || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("node " + name + ": environment variable " + k
                        + " needs a name of letters, digits and _ and a value without line breaks");
            }
        });
        if (networks.stream().distinct().count() != networks.size()) {
            throw new IllegalArgumentException("node " + name + " joins a network twice: " + networks);
        }
    }

    /** Throws unless {@code value} is a lab name: a hostname label of at most 31 characters. */
    static void requireName(String value, String what) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " name must match " + NAME + ": " + value);
        }
    }

    /** A busybox node named {@code name} on the lab's first network. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link NodeSpec}; every method returns the builder. */
    public static final class Builder {
        private final String name;
        private Rootfs rootfs = Rootfs.busybox();
        private final List<String> networks = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<BindMount> mounts = new ArrayList<>();
        private final List<String> init = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        public Builder rootfs(Rootfs value) {
            rootfs = value;
            return this;
        }

        /** Joins network {@code network}; the first one joined is {@code eth0}. */
        public Builder network(String network) {
            networks.add(network);
            return this;
        }

        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** Shows host directory or file {@code hostPath} at {@code target}, writable. */
        public Builder mount(Path hostPath, String target) {
            mounts.add(new BindMount(hostPath, target, false));
            return this;
        }

        /** Shows host directory or file {@code hostPath} at {@code target}, read-only. */
        public Builder mountReadOnly(Path hostPath, String target) {
            mounts.add(new BindMount(hostPath, target, true));
            return this;
        }

        /** Runs {@code argv} as the node's init instead of the lab's. */
        public Builder init(String... argv) {
            init.clear();
            init.addAll(List.of(argv));
            return this;
        }

        public NodeSpec build() {
            return new NodeSpec(name, rootfs, networks, env, mounts, init);
        }
    }
}
