package org.lxcri4j.runtime.operation;

import org.tinylog.Logger;

/**
 * With debug on, one debug line per step of an operation with the milliseconds it took: the
 * profile of a call, from its log.
 */
final class StepClock {

    private final boolean on;
    private final String operation;
    private long last;

    StepClock(boolean on, String operation) {
        this.on = on;
        this.operation = operation;
        this.last = System.nanoTime();
    }

    void step(String what) {
        if (on) {
            long now = System.nanoTime();
            Logger.debug("{}: {} in {} ms", operation, what, (now - last) / 1_000_000);
            last = now;
        }
    }
}
