package org.lxcri4j.runtime.translate;

import java.util.List;

import org.lxcri4j.runtime.protocol.CHeader;
import org.lxcri4j.runtime.protocol.HookRecords;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.protocol.RuntimeFile;
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
            b.init.addAll(HookRecords.encode(hooks.startContainer(), "startContainer", RecordKey.HOOK));
            createContainer.addAll(HookRecords.encode(hooks.createContainer(), "createContainer", RecordKey.HOOK));
            // the runtime's own hooks go into the container's record: refused now, not after the start
            HookRecords.encode(hooks.poststart(), "poststart", RecordKey.POSTSTART);
            HookRecords.encode(hooks.poststop(), "poststop", RecordKey.POSTSTOP);
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
}
