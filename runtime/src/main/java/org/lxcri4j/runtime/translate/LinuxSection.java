package org.lxcri4j.runtime.translate;

import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.spec.Linux;
import org.lxcri4j.runtime.spec.LinuxDevice;

/**
 * linux.devices, sysctl, readonlyPaths, maskedPaths, personality; the fields refused
 * (mountLabel, intelRdt, memoryPolicy, netDevices). Resources and cgroupsPath: CgroupSection.
 */
final class LinuxSection {

    private static final Set<String> DEVICE_TYPES = Set.of("c", "b", "u", "p");

    private LinuxSection() {
    }

    static void translate(TranslationBuilder b, Linux linux) {
        devices(b, linux.devices());
        TranslationBuilder.unsupported(linux.intelRdt(), "$.linux.intelRdt");
        TranslationBuilder.unsupported(linux.memoryPolicy(), "$.linux.memoryPolicy");
        TranslationBuilder.unsupported(linux.netDevices(), "$.linux.netDevices");
        if (linux.sysctl() != null) {
            linux.sysctl().forEach((k, v) -> b.hookRecords.add(RecordKey.SYSCTL.of(Sysctls.require(k, v, b::namespaceOf))));
        }
        if (linux.readonlyPaths() != null) {
            linux.readonlyPaths().forEach(p -> b.hookRecords.add(RecordKey.READONLY_PATH.of(p)));
        }
        if (linux.maskedPaths() != null) {
            linux.maskedPaths().forEach(p -> b.hookRecords.add(RecordKey.MASKED_PATH.of(p)));
        }
        if (linux.mountLabel() != null && !linux.mountLabel().isEmpty()) {
            throw new OciException("$.linux.mountLabel: SELinux mount labels are not supported");
        }
        if (linux.personality() != null) {
            var p = linux.personality();
            if (p.flags() != null && !p.flags().isEmpty()) {
                throw new OciException("$.linux.personality.flags: personality flags are not supported");
            }
            switch (p.domain() == null ? "" : p.domain()) {
                case "LINUX" -> b.set("lxc.arch", "linux64", "$.linux.personality.domain");
                case "LINUX32" -> b.set("lxc.arch", "linux32", "$.linux.personality.domain");
                default -> throw new OciException("$.linux.personality.domain: invalid domain " + p.domain());
            }
        }
    }

    /** Each device node, made by the mount hook (in a user namespace: the host's node bound). */
    private static void devices(TranslationBuilder b, List<LinuxDevice> devices) {
        if (devices == null) {
            return;
        }
        for (int i = 0; i < devices.size(); i++) {
            LinuxDevice d = devices.get(i);
            String path = "$.linux.devices[" + i + "]";
            if (d.path() == null || !d.path().startsWith("/") || d.path().contains(" ")) {
                throw new OciException(path + ".path: must be an absolute path without blanks");
            }
            String type = d.type() == null ? "" : d.type();
            if (!DEVICE_TYPES.contains(type)) {
                throw new OciException(path + ".type: invalid device type " + d.type());
            }
            if (!type.equals("p") && (d.major() == null || d.minor() == null)) {
                throw new OciException(path + ": major and minor are required for type " + type);
            }
            int mode = d.fileMode() == null ? 0666 : d.fileMode();
            b.hookRecords.add(RecordKey.DEVICE.of((type.equals("u") ? "c" : type) + " " + (d.major() == null ? 0 : d.major()) + " "
                    + (d.minor() == null ? 0 : d.minor()) + " " + Integer.toOctalString(mode) + " "
                    + (d.uid() == null ? 0 : d.uid()) + " " + (d.gid() == null ? 0 : d.gid()) + " " + d.path()));
        }
    }
}
