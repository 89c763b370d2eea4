package org.lxcri4j.runtime.translate;

import java.util.List;

import org.lxcri4j.runtime.spec.Hook;

/**
 * What a spec becomes: liblxc config items (each with the spec field it came from), the cgroups
 * liblxc will make (the container's and its monitor's, in every hierarchy), the records
 * for the container init (and those of them that every exec'd process gets too: the seccomp
 * program's flags), the bind sources lxcri4j-start opens for a user-namespaced container
 * (descriptors 4+preserved.., after the box), the namespaces lxcri4j-start joins in liblxc's
 * stead (the box's setns), the records of the mount hook and of the createContainer hooks, the
 * user namespaces create makes for id-mapped mounts, the compiled seccomp program, and the OCI
 * hooks the runtime itself runs.
 */
public record Translation(List<ConfigItem> items, List<java.nio.file.Path> cgroups, List<String> init, List<String> everyProcess, List<String> heldSources,
                   List<String> setns, List<String> hookRecords, List<String> createContainer,
                   List<IdmappedMount> idmappedMounts, SeccompProfile.Filter seccompFilter, List<Hook> prestart, List<Hook> createRuntime, List<Hook> poststart,
                   List<Hook> poststop) {

    /**
     * Whether create stops the start before pivot_root to run the prestart and createRuntime hooks
     * and then the createContainer hooks (see lxcri4j-init.c, create_hooks_mode).
     */
    public boolean createHooks() {
        return !prestart.isEmpty() || !createRuntime.isEmpty() || !createContainer.isEmpty();
    }

    /** One liblxc key/value and the JSON path of the spec field it implements. */
    public record ConfigItem(String key, String value, String source) {
    }
}
