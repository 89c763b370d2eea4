package org.lxcri4j.runtime;

import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.runtime.spec.Process;
import org.lxcri4j.runtime.spec.Rlimit;

/**
 * The init.conf records (NUL-separated key=value, read by lxcri4j-init) for one process: argv,
 * environment, cwd, user, groups, umask, capabilities, no_new_privs; for exec also rlimits, which
 * a container's first process gets from liblxc instead.
 */
final class ProcessRecords {

    private static final List<String> RLIMITS = List.of("CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC",
            "NOFILE", "MEMLOCK", "AS", "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME");

    private ProcessRecords() {
    }

    static List<String> of(Process p, String path) {
        List<String> r = new ArrayList<>();
        for (String a : p.args()) {
            r.add("arg=" + a);
        }
        if (p.env() != null) {
            for (String e : p.env()) {
                r.add("env=" + e);
            }
        }
        r.add("cwd=" + p.cwd());
        if (p.user() != null) {
            var u = p.user();
            r.add("uid=" + u.uid());
            r.add("gid=" + u.gid());
            if (u.umask() != null) {
                r.add("umask=" + Long.toOctalString(u.umask()));
            }
            if (u.additionalGids() != null) {
                for (Long g : u.additionalGids()) {
                    r.add("group=" + g);
                }
            }
            if (u.username() != null && !u.username().isEmpty()) {
                throw new OciException(path + ".user.username: not supported");
            }
        }
        if (p.capabilities() != null) {
            var c = p.capabilities();
            r.add("cap.b=" + Long.toUnsignedString(Capability.mask(c.bounding(), path + ".capabilities.bounding")));
            r.add("cap.e=" + Long.toUnsignedString(Capability.mask(c.effective(), path + ".capabilities.effective")));
            r.add("cap.i=" + Long.toUnsignedString(Capability.mask(c.inheritable(), path + ".capabilities.inheritable")));
            r.add("cap.p=" + Long.toUnsignedString(Capability.mask(c.permitted(), path + ".capabilities.permitted")));
            r.add("cap.a=" + Long.toUnsignedString(Capability.mask(c.ambient(), path + ".capabilities.ambient")));
        }
        if (Boolean.TRUE.equals(p.noNewPrivileges())) {
            r.add("nnp=1");
        }
        if (p.commandLine() != null && !p.commandLine().isEmpty()) {
            throw new OciException(path + ".commandLine: not supported (Windows)");
        }
        r.addAll(ProcessScheduling.records(p.ioPriority(), p.scheduler(), p.execCPUAffinity(), path));
        return r;
    }

    /** setrlimit records for an exec'd process. */
    static List<String> rlimits(List<Rlimit> rlimits, String path) {
        List<String> r = new ArrayList<>();
        if (rlimits == null) {
            return r;
        }
        for (int i = 0; i < rlimits.size(); i++) {
            Rlimit l = rlimits.get(i);
            int resource = l.type() == null ? -1 : RLIMITS.indexOf(l.type().replaceFirst("^RLIMIT_", ""));
            if (resource < 0) {
                throw new OciException(path + "[" + i + "].type: invalid rlimit " + l.type());
            }
            r.add("rlimit=" + resource + ":" + (l.soft() == null ? -1 : l.soft()) + ":" + (l.hard() == null ? -1 : l.hard()));
        }
        return r;
    }
}
