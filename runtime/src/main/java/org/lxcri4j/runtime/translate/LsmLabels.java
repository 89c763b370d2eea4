package org.lxcri4j.runtime.translate;

import java.nio.file.Files;
import java.nio.file.Path;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.ProcessSpec;

/**
 * A process's AppArmor profile and SELinux label, checked against the host. As runc: a profile or
 * label the host cannot enforce is an error, not silently dropped.
 */
public final class LsmLabels {

    private static final Path APPARMOR_ENABLED = Path.of("/sys/module/apparmor/parameters/enabled");
    private static final Path SELINUX_FS = Path.of("/sys/fs/selinux/enforce");

    private LsmLabels() {
    }

    /** The AppArmor profile to confine {@code p} with, or null for unconfined. */
    public static String apparmor(ProcessSpec p, String path) {
        boolean confined = p.apparmorProfile() != null && !p.apparmorProfile().isEmpty()
                && !p.apparmorProfile().equals("unconfined");
        if (confined && !Files.exists(APPARMOR_ENABLED)) {
            throw new OciException(path + ".apparmorProfile: profile " + p.apparmorProfile()
                    + " given, but AppArmor is not enabled on this host");
        }
        return confined ? p.apparmorProfile() : null;
    }

    /** The SELinux label of {@code p}, or null. */
    public static String selinux(ProcessSpec p, String path) {
        if (p.selinuxLabel() == null || p.selinuxLabel().isEmpty()) {
            return null;
        }
        if (!Files.exists(SELINUX_FS)) {
            throw new OciException(path + ".selinuxLabel: label given, but SELinux is not enabled on this host");
        }
        return p.selinuxLabel();
    }

    static boolean apparmorEnabled() {
        return Files.exists(APPARMOR_ENABLED);
    }

    static boolean selinuxEnabled() {
        return Files.exists(SELINUX_FS);
    }
}
