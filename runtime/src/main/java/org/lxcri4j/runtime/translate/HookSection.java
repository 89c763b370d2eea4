package org.lxcri4j.runtime.translate;

import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.CHeader;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.Hook;
import org.lxcri4j.runtime.spec.Hooks;

/**
 * hooks: startContainer and createContainer as the init's records (it runs them), and liblxc's
 * mount hooks, which put the devices, the create hooks and the paths in runc's order. prestart,
 * createRuntime, poststart and poststop are the runtime's own to run (Translation).
 */
final class HookSection {

    /** The hook kinds that run. */
    static final List<String> HOOKS = List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
            "poststop");

    private HookSection() {
    }

    static void translate(TranslationBuilder b, Hooks hooks, List<String> createContainer) {
        if (hooks != null) {
            b.init.addAll(records(hooks.startContainer(), "startContainer"));
            createContainer.addAll(records(hooks.createContainer(), "createContainer"));
        }
        boolean beforePivot = !createContainer.isEmpty() || hooks != null
                && (hooks.prestart() != null && !hooks.prestart().isEmpty() || hooks.createRuntime() != null && !hooks.createRuntime().isEmpty());
        // In the container's namespaces, after its mounts, before pivot_root, in runc's order: the
        // devices, then the prestart, createRuntime and createContainer hooks (the box's init), then
        // hostname, sysctls, read-only and masked paths (see lxcri4j-hook.c).
        String hook = b.hookBinary + " %s " + RuntimeFile.HOOK_CONF.in(b.containerDir);
        if (beforePivot) {
            b.set("lxc.hook.mount", hook.formatted(CHeader.HOOK_DEVICES), "(runtime)");
            b.set("lxc.hook.mount", b.initBinary() + " " + CHeader.INIT_CREATE_HOOKS, "$.hooks");
            b.set("lxc.hook.mount", hook.formatted(CHeader.HOOK_PATHS), "(runtime)");
        } else {
            b.set("lxc.hook.mount", hook.formatted(CHeader.HOOK_ALL), "(runtime)");
        }
    }

    /** The init's records of {@code kind} hooks, which it runs (startContainer, createContainer). */
    private static List<String> records(List<Hook> hooks, String kind) {
        List<String> records = new ArrayList<>();
        if (hooks == null) {
            return records;
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hook h = hooks.get(i);
            if (h.path() == null || !h.path().startsWith("/")) {
                throw new OciException("$.hooks." + kind + "[" + i + "].path: must be absolute");
            }
            records.add(RecordKey.HOOK.of(h.path()));
            if (h.args() != null) {
                h.args().forEach(a -> records.add(RecordKey.HOOK_ARG.of(a)));
            }
            if (h.env() != null) {
                h.env().forEach(e -> records.add(RecordKey.HOOK_ENV.of(e)));
            }
            if (h.timeout() != null) {
                if (h.timeout() <= 0) {
                    throw new OciException("$.hooks." + kind + "[" + i + "].timeout: must be positive");
                }
                records.add(RecordKey.HOOK_TIMEOUT.of(h.timeout()));
            }
        }
        return records;
    }
}
