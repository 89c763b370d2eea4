package org.lxcri4j.runtime.os;

import org.lxcri4j.runtime.OciException;

/** The pause of a polling loop: an interrupt ends the operation (the interrupt stays set). */
public final class Sleep {

    private Sleep() {
    }

    public static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted");
        }
    }
}
