package org.lxcri4j.lab;

import java.net.Inet4Address;

/**
 * One network of a lab: a bridge of its own on the host with a {@code /24} from the lab range. The
 * host (the test JVM) is {@code .1}, node {@code i} of the lab is {@code .(10 + i)}. There is no
 * uplink, route or NAT: nodes reach each other and the host, nothing else.
 *
 * @param name   the name the lab spec gives it
 * @param bridge the host's bridge device
 * @param subnet its addresses
 */
public record LabNetwork(String name, String bridge, Ipv4Subnet subnet) {

    /** The address of the host, where the test JVM listens and connects from. */
    public Inet4Address hostAddress() {
        return subnet.address(1);
    }

    /** The address of the lab's node number {@code index}. */
    Inet4Address nodeAddress(int index) {
        return subnet.address(10 + index);
    }
}
