package org.lxcri4j.runtime.translate;

import java.util.Locale;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.spec.ProcessSpec;
import org.lxcri4j.runtime.spec.Rlimit;

/**
 * process: the init's records (ProcessRecords), rlimits and oomScoreAdj as liblxc items, the
 * AppArmor profile and SELinux label.
 */
final class ProcessSection {

    private ProcessSection() {
    }

    static void translate(TranslationBuilder b, ProcessSpec p) {
        if (Boolean.TRUE.equals(p.terminal())) {
            // The hook allocates the pty from the container's devpts, bind-mounts it at /dev/console
            // and sends the master over the console socket (MountSection); the init makes
            // /dev/console its controlling terminal and stdio.
            b.init.add(RecordKey.TTY.flag());
        } // else consoleSize is ignored, as the spec says
        b.init.addAll(ProcessRecords.of(p, "$.process"));
        if (p.rlimits() != null) {
            for (int i = 0; i < p.rlimits().size(); i++) {
                Rlimit r = p.rlimits().get(i);
                String path = "$.process.rlimits[" + i + "]";
                if (r.type() == null || !r.type().startsWith("RLIMIT_")) {
                    throw new OciException(path + ".type: invalid rlimit " + r.type());
                }
                b.set("lxc.prlimit." + r.type().substring(7).toLowerCase(Locale.ROOT), limit(r.soft()) + ":" + limit(r.hard()), path);
            }
        }
        if (p.oomScoreAdj() != null) {
            b.set("lxc.proc.oom_score_adj", p.oomScoreAdj().toString(), "$.process.oomScoreAdj");
        }
        String apparmor = LsmLabels.apparmor(p, "$.process");
        b.set("lxc.apparmor.profile", apparmor != null ? apparmor : "unconfined", "$.process.apparmorProfile");
        String selinux = LsmLabels.selinux(p, "$.process");
        if (selinux != null) {
            b.set("lxc.selinux.context", selinux, "$.process.selinuxLabel");
        }
    }

    private static String limit(Long v) {
        return v == null || v < 0 ? "unlimited" : Long.toUnsignedString(v);
    }
}
