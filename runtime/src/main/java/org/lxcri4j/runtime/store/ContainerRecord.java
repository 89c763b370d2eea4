package org.lxcri4j.runtime.store;

import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.spec.Hook;

/**
 * What the runtime keeps about a container in its runtime directory ({@code record}, see
 * {@link RecordFormat}). The hooks that run after create are kept here, so that start and delete
 * need not parse config.json again.
 *
 * @param monitorPid    lxcri4j-start, the pid file's process; parent of liblxc's monitor, which
 *                      is the container process's parent
 * @param initPid       the container process (PID 1 in its pid namespace), host pid
 * @param initStartTime /proc start time of {@code initPid}, to tell it from a reused pid
 * @param cgroups       the cgroup directories of the container and of its liblxc monitor, which
 *                      delete removes if a monitor that died could not
 */
public record ContainerRecord(String id, String bundle, Map<String, String> annotations,
                              int monitorPid, int initPid, long initStartTime, String created,
                              List<Hook> poststart, List<Hook> poststop, List<String> cgroups) {

    public ContainerRecord {
        annotations = annotations == null ? Map.of() : annotations;
        poststart = poststart == null ? List.of() : poststart;
        poststop = poststop == null ? List.of() : poststop;
        cgroups = cgroups == null ? List.of() : cgroups;
    }
}
