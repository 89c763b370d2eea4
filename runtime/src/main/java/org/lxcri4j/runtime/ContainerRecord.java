package org.lxcri4j.runtime;

import java.util.Map;

/**
 * What the runtime keeps about a container in its runtime directory (state.json).
 *
 * @param monitorPid    the lxcri4j-start monitor, parent of the container process
 * @param initPid       the container process (PID 1 in its pid namespace), host pid
 * @param initStartTime /proc start time of {@code initPid}, to tell it from a reused pid
 */
public record ContainerRecord(String ociVersion, String id, String bundle, Map<String, String> annotations,
                              int monitorPid, int initPid, long initStartTime, String created) {
}
