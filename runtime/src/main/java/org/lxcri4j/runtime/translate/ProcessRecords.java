package org.lxcri4j.runtime.translate;

import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.os.ProcessScheduling;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.spec.ProcessSpec;
import org.lxcri4j.runtime.spec.Rlimit;

/**
 * The init.conf records (NUL-separated key=value, read by lxcri4j-init) for one process: argv,
 * environment, cwd, user, groups, umask, capabilities, no_new_privs; for exec also rlimits, which
 * a container's first process gets from liblxc instead.
 */
public final class ProcessRecords {

    private static final List<String> RLIMITS = List.of("CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC",
            "NOFILE", "MEMLOCK", "AS", "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME");

    private ProcessRecords() {
    }

    public static List<String> of(ProcessSpec p, String path) {
        List<String> r = new ArrayList<>();
        for (String a : p.args()) {
            r.add(RecordKey.ARG.of(a));
        }
        if (p.env() != null) {
            for (String e : p.env()) {
                r.add(RecordKey.ENV.of(e));
            }
        }
        r.add(RecordKey.CWD.of(p.cwd()));
        if (p.user() != null) {
            var u = p.user();
            r.add(RecordKey.UID.of(id(u.uid(), path + ".user.uid")));
            r.add(RecordKey.GID.of(id(u.gid(), path + ".user.gid")));
            if (u.umask() != null) {
                r.add(RecordKey.UMASK.of(Long.toOctalString(u.umask())));
            }
            if (u.additionalGids() != null) {
                for (int i = 0; i < u.additionalGids().size(); i++) {
                    r.add(RecordKey.GROUP.of(id(u.additionalGids().get(i), path + ".user.additionalGids[" + i + "]")));
                }
            }
            if (u.username() != null && !u.username().isEmpty()) {
                throw new OciException(path + ".user.username: not supported");
            }
        }
        // No capabilities object means none at all, as with runc: every set is written, empty or not.
        var c = p.capabilities();
        r.add(RecordKey.CAP_BOUNDING.of(Long.toUnsignedString(c == null ? 0 : Capability.mask(c.bounding(), path + ".capabilities.bounding"))));
        r.add(RecordKey.CAP_EFFECTIVE.of(Long.toUnsignedString(c == null ? 0 : Capability.mask(c.effective(), path + ".capabilities.effective"))));
        r.add(RecordKey.CAP_INHERITABLE.of(Long.toUnsignedString(c == null ? 0 : Capability.mask(c.inheritable(), path + ".capabilities.inheritable"))));
        r.add(RecordKey.CAP_PERMITTED.of(Long.toUnsignedString(c == null ? 0 : Capability.mask(c.permitted(), path + ".capabilities.permitted"))));
        r.add(RecordKey.CAP_AMBIENT.of(Long.toUnsignedString(c == null ? 0 : Capability.mask(c.ambient(), path + ".capabilities.ambient"))));
        if (Boolean.TRUE.equals(p.noNewPrivileges())) {
            r.add(RecordKey.NO_NEW_PRIVILEGES.flag());
        }
        if (p.commandLine() != null && !p.commandLine().isEmpty()) {
            throw new OciException(path + ".commandLine: not supported (Windows)");
        }
        r.addAll(ProcessScheduling.records(p.ioPriority(), p.scheduler(), p.execCPUAffinity(), path));
        return r;
    }

    /** The largest uid or gid a process may get, as runc checks: ids are signed 32-bit in places. */
    static final long MAX_ID = Integer.MAX_VALUE;

    /** A uid or gid of the spec, refused outside 0..2^31-1 (-1 and 2^32-1 mean "no change" to the kernel). */
    static long id(Long value, String field) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > MAX_ID) {
            throw new OciException(field + ": " + value + " is out of range (uids and gids must be in 0-" + MAX_ID + ")");
        }
        return value;
    }

    /** setrlimit records for an exec'd process. */
    public static List<String> rlimits(List<Rlimit> rlimits, String path) {
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
            r.add(RecordKey.RLIMIT.of(resource + ":" + (l.soft() == null ? -1 : l.soft()) + ":" + (l.hard() == null ? -1 : l.hard())));
        }
        return r;
    }
}
