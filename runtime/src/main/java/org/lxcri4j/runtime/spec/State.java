package org.lxcri4j.runtime.spec;

import java.util.Map;

/** The OCI state of a container, as `state` prints it. */
public record State(String ociVersion, String id, String status, int pid, String bundle, Map<String, String> annotations) {

    public static final String CREATING = "creating";
    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    /** runc's status for a frozen container (not in the OCI list, which managers accept). */
    public static final String PAUSED = "paused";
    public static final String STOPPED = "stopped";

    public State {
        bundle = bundle == null ? "" : bundle;
        annotations = annotations == null ? Map.of() : annotations;
    }
}
