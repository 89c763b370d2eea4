package org.lxcri4j.runtime.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lxcri4j.runtime.spec.Hook;


/**
 * What the runtime keeps about a container in its runtime directory (state.json). The hooks that
 * run after create are kept here, so that start and delete need not parse config.json again.
 *
 * @param monitorPid    lxcri4j-start, the pid file's process; parent of liblxc's monitor, which
 *                      is the container process's parent
 * @param initPid       the container process (PID 1 in its pid namespace), host pid
 * @param initStartTime /proc start time of {@code initPid}, to tell it from a reused pid
 * @param cgroups       the cgroup directories of the container and of its liblxc monitor, which
 *                      delete removes if a monitor that died could not
 */
public record ContainerRecord(String ociVersion, String id, String bundle, Map<String, String> annotations,
                              int monitorPid, int initPid, long initStartTime, String created,
                              List<Hook> poststart, List<Hook> poststop, List<String> cgroups) {

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersion", ociVersion);
        m.put("id", id);
        m.put("bundle", bundle);
        m.put("annotations", annotations);
        m.put("monitorPid", monitorPid);
        m.put("initPid", initPid);
        m.put("initStartTime", initStartTime);
        m.put("created", created);
        m.put("poststart", toMaps(poststart));
        m.put("poststop", toMaps(poststop));
        m.put("cgroups", cgroups);
        return m;
    }

    @SuppressWarnings("unchecked")
    static ContainerRecord fromMap(Map<String, Object> m) {
        Map<String, String> annotations = new LinkedHashMap<>();
        ((Map<String, Object>) m.getOrDefault("annotations", Map.of())).forEach((k, v) -> annotations.put(k, (String) v));
        return new ContainerRecord((String) m.get("ociVersion"), (String) m.get("id"), (String) m.get("bundle"),
                annotations, ((Number) m.get("monitorPid")).intValue(), ((Number) m.get("initPid")).intValue(),
                ((Number) m.get("initStartTime")).longValue(), (String) m.get("created"),
                hooks((List<Object>) m.getOrDefault("poststart", List.of())),
                hooks((List<Object>) m.getOrDefault("poststop", List.of())),
                List.copyOf((List<String>) m.getOrDefault("cgroups", List.of())));
    }

    private static List<Object> toMaps(List<Hook> hooks) {
        List<Object> out = new ArrayList<>();
        for (Hook h : hooks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", h.path());
            m.put("args", h.args());
            m.put("env", h.env());
            m.put("timeout", h.timeout());
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Hook> hooks(List<Object> list) {
        List<Hook> out = new ArrayList<>();
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            Number timeout = (Number) m.get("timeout");
            out.add(new Hook((String) m.get("path"), (List<String>) m.get("args"), (List<String>) m.get("env"),
                    timeout == null ? null : timeout.intValue()));
        }
        return out;
    }
}
