package org.lxcri4j.lxc;

/** The states liblxc reports ({@code lxc_get_wait_states}). */
public enum ContainerState {
    STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED;

    /** Parses liblxc's state name. */
    public static ContainerState of(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown container state: " + name, e);
        }
    }
}
