package org.lxcri4j.lxc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.lxc.bindings.lxc_attach_options_t;
import org.lxcri4j.lxc.bindings.lxc_groups_t;
import org.lxcri4j.lxc.bindings.lxc_h;

/**
 * Options for running a process in a container ({@code lxc_attach_options_t}). {@link #defaults()}
 * equals liblxc's {@code LXC_ATTACH_OPTIONS_DEFAULT}; change fields with the {@code with*} methods.
 *
 * @param flags       {@code LXC_ATTACH_*} flags
 * @param namespaces  namespaces to enter; empty means all of the container's
 * @param personality the personality, or {@code -1} to use the container's
 * @param cwd         working directory inside the container, or {@code null} for liblxc's default
 * @param uid         user id, or {@code -1} for liblxc's default (root or the userns init's)
 * @param gid         group id, or {@code -1} likewise
 * @param envPolicy   whether the caller's environment is kept
 * @param extraEnv    {@code NAME=value} entries added to the environment
 * @param keepEnv     names of variables kept when the policy is {@link EnvPolicy#CLEAR}
 * @param stdinFd     file descriptor that becomes the process's stdin
 * @param stdoutFd    likewise stdout
 * @param stderrFd    likewise stderr
 * @param logFd       file descriptor for liblxc's attach log, or {@code -1} for none
 * @param lsmLabel    LSM label (with {@link AttachFlag#LSM_LABEL}), or {@code null}
 * @param groups      supplementary gids (with {@link AttachFlag#SETGROUPS})
 */
public record AttachOptions(Set<AttachFlag> flags, Set<Namespace> namespaces, long personality, @Nullable String cwd,
                            int uid, int gid, EnvPolicy envPolicy, List<String> extraEnv, List<String> keepEnv,
                            int stdinFd, int stdoutFd, int stderrFd, int logFd, @Nullable String lsmLabel,
                            List<Integer> groups) {

    private static final int EBADF = 9;

    public AttachOptions {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        namespaces = namespaces.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(namespaces));
        extraEnv = List.copyOf(extraEnv);
        keepEnv = List.copyOf(keepEnv);
        groups = List.copyOf(groups);
        if (envPolicy == null) {
            throw new IllegalArgumentException("envPolicy must not be null");
        }
        for (String e : extraEnv) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("environment entry must be NAME=value: " + e);
            }
        }
    }

    /** liblxc's defaults: the four default flags, all namespaces, caller's stdio and environment. */
    public static AttachOptions defaults() {
        return new AttachOptions(EnumSet.of(AttachFlag.MOVE_TO_CGROUP, AttachFlag.DROP_CAPABILITIES,
                AttachFlag.SET_PERSONALITY, AttachFlag.LSM_EXEC), Set.of(), -1L, null, -1, -1, EnvPolicy.KEEP,
                List.of(), List.of(), 0, 1, 2, -1, null, List.of());
    }

    public AttachOptions withFlags(Set<AttachFlag> value) {
        return new AttachOptions(value, namespaces, personality, cwd, uid, gid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, logFd, lsmLabel, groups);
    }

    public AttachOptions withNamespaces(Set<Namespace> value) {
        return new AttachOptions(flags, value, personality, cwd, uid, gid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, logFd, lsmLabel, groups);
    }

    public AttachOptions withPersonality(long value) {
        return new AttachOptions(flags, namespaces, value, cwd, uid, gid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, logFd, lsmLabel, groups);
    }

    public AttachOptions withCwd(@Nullable String value) {
        return new AttachOptions(flags, namespaces, personality, value, uid, gid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, logFd, lsmLabel, groups);
    }

    public AttachOptions withUser(int newUid, int newGid) {
        return new AttachOptions(flags, namespaces, personality, cwd, newUid, newGid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, logFd, lsmLabel, groups);
    }

    public AttachOptions withEnv(EnvPolicy policy, List<String> extra, List<String> keep) {
        return new AttachOptions(flags, namespaces, personality, cwd, uid, gid, policy, extra, keep,
                stdinFd, stdoutFd, stderrFd, logFd, lsmLabel, groups);
    }

    public AttachOptions withStdio(int in, int out, int err) {
        return new AttachOptions(flags, namespaces, personality, cwd, uid, gid, envPolicy, extraEnv, keepEnv,
                in, out, err, logFd, lsmLabel, groups);
    }

    public AttachOptions withLogFd(int value) {
        return new AttachOptions(flags, namespaces, personality, cwd, uid, gid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, value, lsmLabel, groups);
    }

    public AttachOptions withLsmLabel(@Nullable String value) {
        return new AttachOptions(flags, namespaces, personality, cwd, uid, gid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, logFd, value, groups);
    }

    public AttachOptions withGroups(List<Integer> value) {
        return new AttachOptions(flags, namespaces, personality, cwd, uid, gid, envPolicy, extraEnv, keepEnv,
                stdinFd, stdoutFd, stderrFd, logFd, lsmLabel, value);
    }

    /** Lays the options out as {@code lxc_attach_options_t} in {@code arena}. */
    MemorySegment toNative(Arena arena) {
        MemorySegment s = lxc_attach_options_t.allocate(arena);
        int flagBits = 0;
        for (AttachFlag f : flags) {
            flagBits |= f.bit();
        }
        int nsBits = -1;
        if (!namespaces.isEmpty()) {
            nsBits = 0;
            for (Namespace n : namespaces) {
                nsBits |= n.cloneFlag();
            }
        }
        lxc_attach_options_t.attach_flags(s, flagBits);
        lxc_attach_options_t.namespaces(s, nsBits);
        lxc_attach_options_t.personality(s, personality);
        lxc_attach_options_t.initial_cwd(s, CStrings.of(arena, cwd));
        lxc_attach_options_t.uid(s, uid);
        lxc_attach_options_t.gid(s, gid);
        lxc_attach_options_t.env_policy(s,
                envPolicy == EnvPolicy.KEEP ? lxc_h.LXC_ATTACH_KEEP_ENV() : lxc_h.LXC_ATTACH_CLEAR_ENV());
        lxc_attach_options_t.extra_env_vars(s, extraEnv.isEmpty() ? MemorySegment.NULL : CStrings.array(arena, extraEnv));
        lxc_attach_options_t.extra_keep_env(s, keepEnv.isEmpty() ? MemorySegment.NULL : CStrings.array(arena, keepEnv));
        lxc_attach_options_t.stdin_fd(s, stdinFd);
        lxc_attach_options_t.stdout_fd(s, stdoutFd);
        lxc_attach_options_t.stderr_fd(s, stderrFd);
        lxc_attach_options_t.log_fd(s, logFd < 0 ? -EBADF : logFd);
        lxc_attach_options_t.lsm_label(s, CStrings.of(arena, lsmLabel));
        MemorySegment g = lxc_attach_options_t.groups(s);
        lxc_groups_t.size(g, groups.size());
        if (groups.isEmpty()) {
            lxc_groups_t.list(g, MemorySegment.NULL);
        } else {
            MemorySegment list = arena.allocate(ValueLayout.JAVA_INT, groups.size());
            for (int i = 0; i < groups.size(); i++) {
                list.setAtIndex(ValueLayout.JAVA_INT, i, groups.get(i));
            }
            lxc_groups_t.list(g, list);
        }
        return s;
    }
}
