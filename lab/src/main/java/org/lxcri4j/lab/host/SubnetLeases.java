package org.lxcri4j.lab.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.lxcri4j.lab.Ipv4Subnet;
import org.lxcri4j.lab.LabException;
import org.lxcri4j.lab.LabHost;

/**
 * Which lab holds which {@code /24} of the lab range: one file per leased subnet under
 * {@code ROOT/subnets}, named after the subnet and holding the lab's id, claimed atomically, so
 * labs in parallel JVMs never share a subnet. A subnet that overlaps an address this host already
 * has is never leased.
 */
public final class SubnetLeases {

    private SubnetLeases() {
    }

    /** Leases {@code count} subnets for lab {@code id}. */
    public static List<Ipv4Subnet> lease(LabHost host, String id, int count) {
        List<Ipv4Subnet> taken = hostSubnets();
        List<Ipv4Subnet> leased = new ArrayList<>();
        int total = host.range().count(LabHost.NETWORK_PREFIX);
        for (int i = 0; i < total && leased.size() < count; i++) {
            Ipv4Subnet s = host.range().child(LabHost.NETWORK_PREFIX, i);
            if (taken.stream().noneMatch(s::overlaps) && LabDirectory.claimFile(file(host.root(), s), id)) {
                leased.add(s);
            }
        }
        if (leased.size() < count) {
            release(host.root(), id);
            throw new LabException("the lab range " + host.range() + " has no " + count + " free /"
                    + LabHost.NETWORK_PREFIX + " left (set lxcri4j.lab.range)");
        }
        return leased;
    }

    /** Gives back every subnet lab {@code id} holds. */
    public static void release(Path root, String id) {
        try (Stream<Path> leases = Files.list(root.resolve("subnets"))) {
            for (Path lease : leases.toList()) {
                try {
                    if (Files.readString(lease).equals(id)) {
                        Files.deleteIfExists(lease);
                    }
                } catch (NoSuchFileException e) {
                    // released meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            // nothing ever leased
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the subnets of lab " + id, e);
        }
    }

    private static Path file(Path root, Ipv4Subnet subnet) {
        return root.resolve("subnets").resolve(subnet.toString().replace('/', '_'));
    }

    /** The subnets of this host's (this network namespace's) IPv4 addresses. */
    private static List<Ipv4Subnet> hostSubnets() {
        List<Ipv4Subnet> subnets = new ArrayList<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4 && !v4.isLoopbackAddress()) {
                        int prefix = Math.max(8, Math.min(30, a.getNetworkPrefixLength()));
                        byte[] b = v4.getAddress();
                        int v = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
                        subnets.add(new Ipv4Subnet(v & (-1 << (32 - prefix)), prefix));
                    }
                }
            }
        } catch (SocketException e) {
            throw new LabException("cannot list this host's addresses: " + e.getMessage(), e);
        }
        return subnets;
    }
}
