package org.lxcri4j.runtime;

import java.util.List;

import org.lxcri4j.runtime.spec.Hook;

/**
 * What a spec becomes: liblxc config items (each with the spec field it came from), the records
 * for the container init and for the device/mask hook, the seccomp profile, and the OCI hooks the
 * runtime itself runs.
 */
record Translation(List<ConfigItem> items, List<String> init, List<String> hookRecords, String seccompProfile,
                   List<Hook> prestart, List<Hook> createRuntime, List<Hook> poststart, List<Hook> poststop) {

    /** One liblxc key/value and the JSON path of the spec field it implements. */
    record ConfigItem(String key, String value, String source) {
    }
}
