package org.lxcri4j.lab;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 subnet such as {@code 10.213.0.0/16}: the range a lab's networks are taken from, or one
 * network's {@code /24}.
 *
 * @param base   the first address, as an unsigned 32-bit value
 * @param prefix the prefix length, 8 to 30
 */
public record Ipv4Subnet(int base, int prefix) {

    public Ipv4Subnet {
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("prefix length " + prefix + " is not between 8 and 30");
        }
        if ((base & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(render(base) + "/" + prefix + " has host bits set");
        }
    }

    /** Parses {@code A.B.C.D/N}. */
    public static Ipv4Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv4 subnet (A.B.C.D/N): " + cidr);
        }
        String[] octets = cidr.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 subnet (A.B.C.D/N): " + cidr);
        }
        int base = 0;
        try {
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) {
                    throw new NumberFormatException(o);
                }
                base = base << 8 | v;
            }
            return new Ipv4Subnet(base, Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 subnet (A.B.C.D/N): " + cidr, e);
        }
    }

    /** How many subnets of {@code childPrefix} this one holds. */
    public int count(int childPrefix) {
        if (childPrefix < prefix) {
            throw new IllegalArgumentException("/" + childPrefix + " is larger than " + this);
        }
        return 1 << (childPrefix - prefix);
    }

    /** The {@code index}th subnet of {@code childPrefix} in this one. */
    public Ipv4Subnet child(int childPrefix, int index) {
        if (index < 0 || index >= count(childPrefix)) {
            throw new IllegalArgumentException("no subnet " + index + " of /" + childPrefix + " in " + this);
        }
        return new Ipv4Subnet(base + (index << (32 - childPrefix)), childPrefix);
    }

    /** The address {@code offset} addresses after the base (1 is the first host). */
    public Inet4Address address(int offset) {
        if (offset <= 0 || offset >= (1 << (32 - prefix)) - 1) {
            throw new IllegalArgumentException("no host " + offset + " in " + this);
        }
        return toAddress(base + offset);
    }

    /** Whether {@code address} is in this subnet. */
    public boolean contains(Inet4Address address) {
        byte[] b = address.getAddress();
        int v = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
        return (v & mask(prefix)) == base;
    }

    /** Whether the two subnets share an address. */
    public boolean overlaps(Ipv4Subnet other) {
        int shorter = Math.min(prefix, other.prefix);
        return (base & mask(shorter)) == (other.base & mask(shorter));
    }

    @Override
    public String toString() {
        return render(base) + "/" + prefix;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static String render(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }

    private static Inet4Address toAddress(int v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
