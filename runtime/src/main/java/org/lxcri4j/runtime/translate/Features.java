package org.lxcri4j.runtime.translate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.protocol.Namespace;

/**
 * The runtime-spec features document (`features`), built from the tables the translator itself
 * uses, so it cannot claim what the translation does not do.
 */
public final class Features {

    private Features() {
    }

    public static Map<String, Object> document(String liblxcVersion) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("ociVersionMin", "1.0.0");
        f.put("ociVersionMax", ContainerRuntime.OCI_VERSION);
        f.put("hooks", HookSection.HOOKS);
        TreeSet<String> mountOptions = new TreeSet<>(MountSection.MOUNT_FLAGS);
        mountOptions.addAll(MountSection.IDMAP_OPTIONS);
        f.put("mountOptions", new ArrayList<>(mountOptions));
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", Arrays.stream(Namespace.values()).map(Namespace::specName).sorted().toList());
        List<String> caps = new ArrayList<>();
        for (String c : Capability.NAMES) {
            caps.add("CAP_" + c);
        }
        linux.put("capabilities", caps);
        Map<String, Object> cgroup = new LinkedHashMap<>();
        cgroup.put("v1", true);
        // v2 translation exists but is only proven on v1 hosts so far: claimed where the host is v2.
        cgroup.put("v2", CgroupLayout.host().v2());
        cgroup.put("systemd", false);
        cgroup.put("systemdUser", false);
        cgroup.put("rdma", false);
        linux.put("cgroup", cgroup);
        Map<String, Object> seccomp = new LinkedHashMap<>();
        seccomp.put("enabled", true);
        seccomp.put("actions", new ArrayList<>(new TreeSet<>(SeccompProfile.ACTIONS.keySet())));
        seccomp.put("operators", SeccompProfile.OPERATORS);
        seccomp.put("archs", new ArrayList<>(new TreeSet<>(SeccompProfile.ARCHITECTURES.keySet())));
        seccomp.put("knownFlags", new ArrayList<>(new TreeSet<>(SeccompProfile.FLAGS.keySet())));
        seccomp.put("supportedFlags", new ArrayList<>(new TreeSet<>(SeccompProfile.FLAGS.keySet())));
        linux.put("seccomp", seccomp);
        linux.put("apparmor", Map.of("enabled", LsmLabels.apparmorEnabled()));
        linux.put("selinux", Map.of("enabled", LsmLabels.selinuxEnabled()));
        linux.put("intelRdt", Map.of("enabled", false));
        linux.put("mountExtensions", Map.of("idmap", Map.of("enabled", true)));
        f.put("linux", linux);
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("org.lxcri4j.version.liblxc", liblxcVersion);
        annotations.put("org.lxcri4j.exec.tty", "true");
        annotations.put("org.lxcri4j.checkpoint.criu", "true");
        f.put("annotations", annotations);
        return f;
    }
}
