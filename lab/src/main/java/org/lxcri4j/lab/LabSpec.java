package org.lxcri4j.lab;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a lab is made of: its networks, each a bridge and a {@code /24} of its own, and its nodes.
 * A node that names no network joins the first; a lab that declares none has one, {@code lab}.
 *
 * @param networks the networks' names, in order
 * @param nodes    the nodes, in order; started in parallel
 */
public record LabSpec(List<String> networks, List<NodeSpec> nodes) {

    /** The network of a lab that declares none. */
    public static final String DEFAULT_NETWORK = "lab";

    public LabSpec {
        networks = List.copyOf(networks.isEmpty() ? List.of(DEFAULT_NETWORK) : networks);
        nodes = List.copyOf(nodes);
        Set<String> seen = new HashSet<>();
        for (String n : networks) {
            NodeSpec.requireName(n, "network");
            if (!seen.add(n)) {
                throw new IllegalArgumentException("network " + n + " is declared twice");
            }
        }
        Set<String> names = new HashSet<>();
        for (NodeSpec node : nodes) {
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("node " + node.name() + " is declared twice");
            }
            for (String n : node.networks()) {
                if (!seen.contains(n)) {
                    throw new IllegalArgumentException("node " + node.name() + " joins network " + n
                            + ", which the lab does not declare " + networks);
                }
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a lab needs at least one node");
        }
    }

    /** The networks {@code node} joins, the first being its {@code eth0}. */
    public List<String> networksOf(NodeSpec node) {
        return node.networks().isEmpty() ? List.of(networks.getFirst()) : node.networks();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link LabSpec}; every method returns the builder. */
    public static final class Builder {
        private final List<String> networks = new ArrayList<>();
        private final List<NodeSpec> nodes = new ArrayList<>();

        Builder() {
        }

        public Builder network(String name) {
            networks.add(name);
            return this;
        }

        /** A busybox node on the first network. */
        public Builder node(String name) {
            return node(name, n -> { });
        }

        /** A node set up by {@code setup}. */
        public Builder node(String name, Consumer<NodeSpec.Builder> setup) {
            NodeSpec.Builder b = NodeSpec.builder(name);
            setup.accept(b);
            nodes.add(b.build());
            return this;
        }

        public Builder node(NodeSpec node) {
            nodes.add(node);
            return this;
        }

        public LabSpec build() {
            return new LabSpec(networks, nodes);
        }
    }
}
