package org.lxcri4j.cmd.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Capabilities;
import org.lxcri4j.runtime.spec.ProcessSpec;
import org.lxcri4j.runtime.spec.User;

/** `exec` without --process, as runc: the container's own process, with the command and flags applied. */
final class ExecProcess {

    private ExecProcess() {
    }

    static ProcessSpec fromFlags(ProcessSpec base, Args a, List<String> command) {
        if (command.isEmpty()) {
            throw new OciException("exec: no command given (use ARGS... or --process FILE)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : base.env() == null ? List.<String>of() : base.env()) {
            env.put(e.substring(0, e.indexOf('=')), e);
        }
        for (String e : a.all("env")) {
            if (e.indexOf('=') <= 0) {
                throw new OciException("exec: --env " + e + ": must be NAME=value");
            }
            env.put(e.substring(0, e.indexOf('=')), e);
        }
        User user = base.user();
        if (a.get("user") != null) {
            String[] ug = a.get("user").split(":", 2);
            try {
                long uid = Long.parseLong(ug[0]);
                long gid = ug.length > 1 ? Long.parseLong(ug[1]) : user == null || user.gid() == null ? 0 : user.gid();
                user = new User(uid, gid, user == null ? null : user.umask(), List.of(), null);
            } catch (NumberFormatException e) {
                throw new OciException("exec: --user " + a.get("user") + ": expected UID[:GID]");
            }
        }
        if (!a.all("additional-gids").isEmpty()) {
            List<Long> gids = new ArrayList<>();
            for (String g : a.all("additional-gids")) {
                try {
                    gids.add(Long.parseLong(g));
                } catch (NumberFormatException e) {
                    throw new OciException("exec: --additional-gids " + g + ": not a number");
                }
            }
            User u = user == null ? new User(0L, 0L, null, null, null) : user;
            user = new User(u.uid(), u.gid(), u.umask(), gids, null);
        }
        Capabilities caps = base.capabilities();
        if (!a.all("cap").isEmpty()) {
            caps = new Capabilities(plus(caps == null ? null : caps.bounding(), a.all("cap")),
                    plus(caps == null ? null : caps.effective(), a.all("cap")),
                    plus(caps == null ? null : caps.inheritable(), a.all("cap")),
                    plus(caps == null ? null : caps.permitted(), a.all("cap")),
                    plus(caps == null ? null : caps.ambient(), a.all("cap")));
        }
        return new ProcessSpec(a.flag("tty"), null, user, List.copyOf(command), null, List.copyOf(env.values()),
                a.get("cwd") != null ? a.get("cwd") : base.cwd(), caps, base.rlimits(),
                a.flag("no-new-privs") ? Boolean.TRUE : base.noNewPrivileges(),
                a.get("apparmor") != null ? a.get("apparmor") : base.apparmorProfile(), null,
                a.get("process-label") != null ? a.get("process-label") : base.selinuxLabel(), base.ioPriority(),
                base.scheduler(), base.execCPUAffinity());
    }

    private static List<String> plus(List<String> set, List<String> added) {
        List<String> out = new ArrayList<>(set == null ? List.of() : set);
        for (String c : added) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
