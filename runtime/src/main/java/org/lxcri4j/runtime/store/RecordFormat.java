package org.lxcri4j.runtime.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.protocol.HookRecords;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.spec.Hook;

/**
 * The container's record on disk: NUL-terminated {@link RecordKey} records, which the CLI's C
 * front end (cmd/src/main/c/lxcri4j.c) reads too, so that state, start, kill and delete need no
 * JVM. Unknown keys are skipped, as the C side skips them.
 */
final class RecordFormat {

    private RecordFormat() {
    }

    static List<String> encode(ContainerRecord r) {
        List<String> out = new ArrayList<>();
        out.add(RecordKey.CONTAINER_ID.of(r.id()));
        out.add(RecordKey.BUNDLE.of(r.bundle()));
        out.add(RecordKey.CREATED.of(r.created()));
        out.add(RecordKey.MONITOR_PID.of(r.monitorPid()));
        out.add(RecordKey.INIT_PID.of(r.initPid()));
        out.add(RecordKey.INIT_START_TIME.of(r.initStartTime()));
        r.annotations().forEach((k, v) -> {
            out.add(RecordKey.ANNOTATION.of(k));
            out.add(RecordKey.ANNOTATION_VALUE.of(v));
        });
        out.addAll(HookRecords.encode(r.poststart(), "poststart", RecordKey.POSTSTART));
        out.addAll(HookRecords.encode(r.poststop(), "poststop", RecordKey.POSTSTOP));
        r.cgroups().forEach(c -> out.add(RecordKey.CGROUP.of(c)));
        return out;
    }

    /** The record of {@code records}; one that lacks a field or has a malformed number throws. */
    static ContainerRecord decode(List<String> records) {
        String id = null;
        String bundle = null;
        String created = null;
        Integer monitorPid = null;
        Integer initPid = null;
        Long initStartTime = null;
        Map<String, String> annotations = new LinkedHashMap<>();
        String annotation = null;
        List<Hook> poststart = new ArrayList<>();
        List<Hook> poststop = new ArrayList<>();
        List<Hook> hooks = poststart;
        List<String> cgroups = new ArrayList<>();
        for (String record : records) {
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not KEY=VALUE: " + record);
            }
            String key = record.substring(0, eq);
            String value = record.substring(eq + 1);
            if (key.equals(RecordKey.CONTAINER_ID.key)) {
                id = value;
            } else if (key.equals(RecordKey.BUNDLE.key)) {
                bundle = value;
            } else if (key.equals(RecordKey.CREATED.key)) {
                created = value;
            } else if (key.equals(RecordKey.MONITOR_PID.key)) {
                monitorPid = Integer.valueOf(value);
            } else if (key.equals(RecordKey.INIT_PID.key)) {
                initPid = Integer.valueOf(value);
            } else if (key.equals(RecordKey.INIT_START_TIME.key)) {
                initStartTime = Long.valueOf(value);
            } else if (key.equals(RecordKey.ANNOTATION.key)) {
                annotation = value;
            } else if (key.equals(RecordKey.ANNOTATION_VALUE.key) && annotation != null) {
                annotations.put(annotation, value);
                annotation = null;
            } else if (key.equals(RecordKey.POSTSTART.key) || key.equals(RecordKey.POSTSTOP.key)) {
                hooks = key.equals(RecordKey.POSTSTART.key) ? poststart : poststop;
                hooks.add(new Hook(value, List.of(), List.of(), null));
            } else if (key.equals(RecordKey.CGROUP.key)) {
                cgroups.add(value);
            } else {
                HookRecords.decodeInto(hooks, key, value);
            }
        }
        if (id == null || bundle == null || created == null || monitorPid == null || initPid == null || initStartTime == null) {
            throw new IllegalArgumentException("incomplete");
        }
        return new ContainerRecord(id, bundle, annotations, monitorPid, initPid, initStartTime, created, poststart, poststop, cgroups);
    }
}
