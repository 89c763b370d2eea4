package org.lxcri4j.runtime.protocol;

import java.util.Locale;

/**
 * The keys of the records the runtime writes for its C helpers: NUL-terminated {@code key=value}
 * strings, one file (or memfd) of them per reader. This enum is their one definition: the build
 * generates {@code lxcri4j-protocol.h} from it (see {@link CHeader}), which the helpers include.
 */
public enum RecordKey {
    // the container process, for lxcri4j-init (lxcri4j-init.c parse())
    ARG("arg", Reader.INIT, "one argument of the process, in order"),
    ENV("env", Reader.INIT, "one KEY=VALUE of its environment"),
    CWD("cwd", Reader.INIT, "its working directory"),
    UID("uid", Reader.INIT, "its user id"),
    GID("gid", Reader.INIT, "its group id"),
    GROUP("group", Reader.INIT, "one additional group id"),
    UMASK("umask", Reader.INIT, "its umask, octal"),
    NO_NEW_PRIVILEGES("nnp", Reader.INIT, "set no_new_privs"),
    IOPRIO("ioprio", Reader.INIT, "ioprio_set's value"),
    SCHED("sched", Reader.INIT, "POLICY:FLAGS:NICE:PRIORITY:RUNTIME:DEADLINE:PERIOD for sched_setattr"),
    CPUS_INITIAL("cpus.initial", Reader.INIT, "CPU list before the container's cgroup applies"),
    CPUS_FINAL("cpus.final", Reader.INIT, "CPU list once it does"),
    PRESERVE_FDS("preservefds", Reader.INIT, "descriptors 3 .. 3+N-1 stay open"),
    ROOT_READONLY("rootro", Reader.INIT, "remount the root read-only after pivot_root"),
    TTY("tty", Reader.INIT, "the process gets a terminal"),
    CONSOLE_SIZE("consolesize", Reader.INIT, "ROWS:COLS of an exec's terminal"),
    RLIMIT("rlimit", Reader.INIT, "RESOURCE:SOFT:HARD, -1 unlimited"),
    MOUNT_PROPAGATION("mountprop", Reader.INIT, "FLAGS PATH: the propagation set again after pivot_root"),
    SECCOMP("seccomp", Reader.INIT, "load the box's seccomp program with these flags"),
    SECCOMP_FD("seccompfd", Reader.INIT, "an exec's seccomp program, as an inherited descriptor"),
    CGROUP_NAMESPACE("cgroupns", Reader.INIT, "descriptor of the cgroup namespace to enter"),
    CAP_BOUNDING("cap.b", Reader.INIT, "bounding capability set, a 64-bit mask"),
    CAP_EFFECTIVE("cap.e", Reader.INIT, "effective set"),
    CAP_PERMITTED("cap.p", Reader.INIT, "permitted set"),
    CAP_INHERITABLE("cap.i", Reader.INIT, "inheritable set"),
    CAP_AMBIENT("cap.a", Reader.INIT, "ambient set"),
    HOOK("hook", Reader.INIT, "path of a hook the init runs; the hook* records after it are its"),
    HOOK_ARG("hookarg", Reader.INIT, "one argument of that hook"),
    HOOK_ENV("hookenv", Reader.INIT, "one KEY=VALUE of its environment"),
    HOOK_TIMEOUT("hooktimeout", Reader.INIT, "its timeout in seconds"),
    // the container's filesystem, for lxcri4j-hook (lxcri4j-hook.c)
    EVICT("evict", Reader.HOOK, "--stop: the pid-file process to move back to its own cgroups"),
    HOME("home", Reader.HOOK, "--stop: one cgroup it came from"),
    REMOUNT("remount", Reader.HOOK, "FLAGS DATALEN DATA PATH: a remount with what liblxc drops"),
    MOUNT_ATTR("mountattr", Reader.HOOK, "SET CLEAR RECURSIVE PATH for mount_setattr"),
    DEVICE("dev", Reader.HOOK, "TYPE MAJOR MINOR MODE UID GID PATH: a device node"),
    LINK("link", Reader.HOOK, "TARGET PATH: a symbolic link"),
    BIND_FD("bindfd", Reader.HOOK, "FD dir|file TARGET: a detached mount to attach"),
    CONSOLE("console", Reader.HOOK, "ROWS COLS: the terminal, bound at /dev/console"),
    HOSTNAME("hostname", Reader.HOOK, "the hostname of a joined UTS namespace"),
    DOMAINNAME("domainname", Reader.HOOK, "the domain name"),
    SYSCTL("sysctl", Reader.HOOK, "KEY=VALUE below /proc/sys"),
    READONLY_PATH("ro", Reader.HOOK, "a path made read-only"),
    MASKED_PATH("mask", Reader.HOOK, "a path masked"),
    // the container's record (ROOT/ID/record), for the CLI's front end (lxcri4j.c) and ContainerStore
    CONTAINER_ID("id", Reader.FRONT, "the container's id"),
    BUNDLE("bundle", Reader.FRONT, "its bundle directory"),
    CREATED("created", Reader.FRONT, "when create finished, ISO-8601"),
    MONITOR_PID("monitorpid", Reader.FRONT, "lxcri4j-start, the pid file's process"),
    INIT_PID("initpid", Reader.FRONT, "the container process, host pid"),
    INIT_START_TIME("initstart", Reader.FRONT, "its start time in /proc ticks, against pid reuse"),
    ANNOTATION("annotation", Reader.FRONT, "the key of an annotation; its value follows"),
    ANNOTATION_VALUE("annotation.value", Reader.FRONT, "the value of the annotation before"),
    POSTSTART("poststart", Reader.FRONT, "path of a poststart hook; the hook* records after it are its"),
    POSTSTOP("poststop", Reader.FRONT, "path of a poststop hook; the hook* records after it are its"),
    CGROUP("cgroup", Reader.FRONT, "a cgroup directory of the container or its monitor");

    /** The key on the wire. */
    public final String key;
    public final Reader reader;
    /** What the record says, for the header's comment. */
    public final String meaning;

    RecordKey(String key, Reader reader, String meaning) {
        this.key = key;
        this.reader = reader;
        this.meaning = meaning;
    }

    /** The record {@code key=value}. */
    public String of(Object value) {
        return key + "=" + value;
    }

    /** The record of a flag, whose value is ignored. */
    public String flag() {
        return key + "=1";
    }

    /** The C macro naming it in the generated header. */
    public String macro() {
        return "REC_" + name().toUpperCase(Locale.ROOT);
    }
}
