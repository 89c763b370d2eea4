package org.lxcri4j.runtime.protocol;

import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Hook;

/**
 * Hooks as records: a path record ({@link RecordKey#HOOK} for the init's, {@link RecordKey#POSTSTART}
 * or {@link RecordKey#POSTSTOP} in the container's record) followed by its {@code hookarg},
 * {@code hookenv} and {@code hooktimeout} records. Encoding validates what a record cannot carry.
 */
public final class HookRecords {

    private HookRecords() {
    }

    /** The records of {@code hooks} (the spec's {@code $.hooks.KIND}); a bad hook throws, naming its field. */
    public static List<String> encode(List<Hook> hooks, String kind, RecordKey pathKey) {
        List<String> records = new ArrayList<>();
        if (hooks == null) {
            return records;
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hook h = hooks.get(i);
            String field = "$.hooks." + kind + "[" + i + "]";
            if (h.path() == null || !h.path().startsWith("/") || h.path().indexOf('\0') >= 0) {
                throw new OciException(field + ".path: must be absolute");
            }
            records.add(pathKey.of(h.path()));
            for (String a : h.args() == null ? List.<String>of() : h.args()) {
                if (a == null || a.indexOf('\0') >= 0) {
                    throw new OciException(field + ".args: must not contain null or NUL");
                }
                records.add(RecordKey.HOOK_ARG.of(a));
            }
            for (String e : h.env() == null ? List.<String>of() : h.env()) {
                if (e == null || e.indexOf('\0') >= 0) {
                    throw new OciException(field + ".env: must not contain null or NUL");
                }
                records.add(RecordKey.HOOK_ENV.of(e));
            }
            if (h.timeout() != null) {
                if (h.timeout() <= 0) {
                    throw new OciException(field + ".timeout: must be positive");
                }
                records.add(RecordKey.HOOK_TIMEOUT.of(h.timeout()));
            }
        }
        return records;
    }

    /** Appends {@code value} of the hook* record {@code key} to the last of {@code hooks}; false if it is no hook* key. */
    public static boolean decodeInto(List<Hook> hooks, String key, String value) {
        if (hooks.isEmpty()) {
            return false;
        }
        Hook h = hooks.removeLast();
        List<String> args = new ArrayList<>(h.args() == null ? List.of() : h.args());
        List<String> env = new ArrayList<>(h.env() == null ? List.of() : h.env());
        Integer timeout = h.timeout();
        if (key.equals(RecordKey.HOOK_ARG.key)) {
            args.add(value);
        } else if (key.equals(RecordKey.HOOK_ENV.key)) {
            env.add(value);
        } else if (key.equals(RecordKey.HOOK_TIMEOUT.key)) {
            timeout = Integer.valueOf(value);
        } else {
            hooks.add(h);
            return false;
        }
        hooks.add(new Hook(h.path(), args, env, timeout));
        return true;
    }
}
