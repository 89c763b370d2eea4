package org.lxcri4j.lab;

import java.time.Duration;

/**
 * What netem does to a node's link, both ways: a delay on every packet and a share of packets lost.
 *
 * @param delay       added to every packet in each direction
 * @param lossPercent packets dropped in each direction, 0 to 100
 */
public record LinkImpairment(Duration delay, double lossPercent) {

    public LinkImpairment {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("lossPercent must be between 0 and 100: " + lossPercent);
        }
    }

    /** A delay alone. */
    public static LinkImpairment delay(Duration delay) {
        return new LinkImpairment(delay, 0);
    }

    /** A loss alone. */
    public static LinkImpairment loss(double percent) {
        return new LinkImpairment(Duration.ZERO, percent);
    }
}
