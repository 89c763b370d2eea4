package org.lxcri4j.lab;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Where labs on this host keep their state and which addresses they may use. Every lab started with
 * the same root sees the others: it removes what dead JVMs left there and takes only subnets no
 * other lab holds.
 *
 * @param root  the labs' state: one directory per lab, the subnet leases (default
 *              {@code /run/lxcri4j-lab}; {@code lxcri4j.lab.root} or {@code LXCRI4J_LAB_ROOT})
 * @param cache root filesystems built once and shared: busybox, debootstrap'ed Debian (default
 *              {@code /var/cache/lxcri4j-lab}; {@code lxcri4j.lab.cache} or {@code LXCRI4J_LAB_CACHE})
 * @param range the addresses the labs own, cut into one {@code /24} per lab network (default
 *              {@code 10.213.0.0/16}; {@code lxcri4j.lab.range} or {@code LXCRI4J_LAB_RANGE})
 * @param fetchNetns the network namespace downloads run in ({@code debootstrap}), for a JVM whose
 *              own has no way out, such as a test JVM in a throwaway one; {@code null}: this JVM's
 *              ({@code lxcri4j.lab.fetchNetns} or {@code LXCRI4J_LAB_FETCH_NETNS}, e.g. {@code /proc/1/ns/net})
 */
public record LabHost(Path root, Path cache, Ipv4Subnet range, @Nullable Path fetchNetns) {

    /** The prefix length of one lab network. */
    public static final int NETWORK_PREFIX = 24;

    public LabHost {
        root = root.toAbsolutePath().normalize();
        cache = cache.toAbsolutePath().normalize();
        if (range.prefix() > NETWORK_PREFIX) {
            throw new IllegalArgumentException("the lab range " + range + " holds no /" + NETWORK_PREFIX);
        }
    }

    /** The settings from system properties, else the environment, else the defaults. */
    public static LabHost fromEnvironment() {
        String netns = setting("lxcri4j.lab.fetchNetns", "LXCRI4J_LAB_FETCH_NETNS", "");
        return new LabHost(Path.of(setting("lxcri4j.lab.root", "LXCRI4J_LAB_ROOT", "/run/lxcri4j-lab")),
                Path.of(setting("lxcri4j.lab.cache", "LXCRI4J_LAB_CACHE", "/var/cache/lxcri4j-lab")),
                Ipv4Subnet.parse(setting("lxcri4j.lab.range", "LXCRI4J_LAB_RANGE", "10.213.0.0/16")),
                netns.isEmpty() ? null : Path.of(netns));
    }

    private static String setting(String property, String variable, String fallback) {
        @Nullable String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(variable);
        }
        return v == null || v.isBlank() ? fallback : v;
    }
}
