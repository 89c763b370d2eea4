/*
 * lxcri4j-init: the container's first process, started by liblxc inside the container's rootfs,
 * where no JVM exists. Built static; each container gets its own copy, bind-mounted read-only at
 * /dev/.lxcri4j/init, so a container can neither overwrite the host's binary nor, without
 * CAP_SYS_ADMIN, its own copy through /proc/self/exe (CVE-2019-5736 class).
 *
 * `init --box-fd FD` (liblxc's lxc.init.cmd): FD is the box, the runtime directory's folder of
 * what only the init reads, opened by lxcri4j-start and inherited through liblxc; it is never
 * mounted in the container, so nothing of it (the process's environment included) is ever
 * visible there. The init reads the box's init.conf (NUL-separated "key=value" records written by
 * `lxcri4j create`), checks that the program exists, then opens the box's syncfifo for writing,
 * which blocks until `lxcri4j start` opens it for reading (runc's create/start split). It reports
 * "ok" or the error through the fifo, runs the startContainer hooks, closes the box, applies cwd,
 * umask, user, groups, capabilities and no_new_privs, and execs the process, which then is the
 * container's PID 1. It loads the container's seccomp profile itself (load_seccomp), as late as
 * runc does, so that setting up the root, the cgroup namespace and the terminal does not depend
 * on what the profile allows; the startContainer hooks and the credential steps run under it.
 *
 * `init --exec-fd FD` (lxcri4j exec, through liblxc attach) runs another process in the running
 * container from the records in FD, a memfd the runtime filled and the attach passed on: the same
 * credential steps plus rlimits, without the fifo and the container-only steps. With a terminal,
 * its stdin is the console socket the runtime connected to.
 *
 * Both modes make themselves undumpable first and close every descriptor they were not given on
 * purpose before they change to the process's cwd (CVE-2024-21626 class: a leaked descriptor of a
 * host directory, reachable as /proc/self/fd/N, must not become the process's cwd).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "lxcri4j-protocol.h"
#include "procstat.h"

/* In the box (box_fd) */
#define CONF FILE_INIT_CONF
#define FIFO FILE_SYNC_FIFO
#define STATE FILE_START_STATE
#define READY FILE_READY_FIFO
#define SECCOMP FILE_SECCOMP_PROGRAM
#define MAX_ITEMS 4096

static char *args[MAX_ITEMS], *envs[MAX_ITEMS];
static int nargs, nenvs;
static gid_t groups[MAX_ITEMS];
static int ngroups;
static uint64_t caps[5]; /* bounding, effective, permitted, inheritable, ambient */
static int caps_set;
static const char *cwd = "/";
static long uid = -1, gid = -1, umask_value = -1;
static int no_new_privs, root_readonly, nrlimits, tty, rows, cols;
/* exec mode: descriptors 3 .. 3+preserve_fds-1 reach the process (--preserve-fds) */
static unsigned int preserve_fds;
/* process.ioPriority, scheduler, execCPUAffinity */
static long ioprio = -1;
static int sched_set;
static struct {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
} sched_attr = {.size = 48};
static const char *cpus_initial, *cpus_final;
static struct {
	int resource;
	struct rlimit limit;
} rlimits[32];
/* "FLAGS PATH": the propagation of the root and of each mount, in the order given (mountprop=) */
static const char *mount_props[MAX_ITEMS];
static int nmount_props;
/* the box (--box-fd): paths in the box are opened relative to it; AT_FDCWD outside --box-fd mode */
static int box_fd = AT_FDCWD;
/*
 * linux.seccomp: the classic BPF program libseccomp compiled at create (SeccompProfile.java), read
 * from the box's seccomp.bpf or, for exec, an inherited memfd; loaded with seccomp(2)'s flags.
 */
static int seccomp_wanted, seccomp_fd = -1;
static unsigned int seccomp_flags;
static struct sock_fprog seccomp_prog;
/* a cgroup namespace to enter before the profile forbids it (cgroupns=FD, see lxcri4j-start.c) */
static int cgroupns_fd = -1;

/* startContainer hooks: "hook=PATH", then "hookarg=..."/"hookenv=..."/"hooktimeout=N" belong to it. */
struct hook {
	char *path, *argv[64], *envp[64];
	int nargv, nenvp, timeout;
};
static struct hook hooks[32];
static int nhooks;

static void die(const char *fmt, const char *a, int err)
{
	fprintf(stderr, "lxcri4j-init: ");
	fprintf(stderr, fmt, a);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(err == ENOENT ? 127 : 126);
}

/* Reads all of FD from its start and closes it. */
static char *read_fd(int fd, const char *path, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf;
	ssize_t r;

	if (fd < 0)
		die("cannot open %s", path, errno);
	lseek(fd, 0, SEEK_SET);
	buf = malloc(cap + 1);
	while (buf && (r = read(fd, buf + n, cap - n)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
		}
	}
	close(fd);
	if (!buf)
		die("out of memory reading %s", path, ENOMEM);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static char *read_file(const char *path, size_t *len)
{
	return read_fd(openat(box_fd, path, O_RDONLY | O_CLOEXEC), path, len);
}

/* A record's number in BASE, whole and in 0..INT_MAX, or the init dies naming the record. */
static long number_in(const char *v, const char *key, int base)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, base);
	if (errno || end == v || *end || n < 0 || n > INT_MAX)
		die("bad %s record", key, errno ? errno : EINVAL);
	return n;
}

static long number(const char *v, const char *key)
{
	return number_in(v, key, 10);
}

/* Appends to a fixed table; more records than it holds is an error, never a silent cut. */
#define APPEND(table, count, value, key)                                                          \
	do {                                                                                      \
		if ((size_t)(count) >= sizeof(table) / sizeof((table)[0]) - 1)                    \
			die("too many %s records", key, E2BIG);                                   \
		(table)[(count)++] = (value);                                                     \
	} while (0)

/* The index in caps[] of a capability record's key, or -1. */
static int cap_index(const char *key)
{
	static const char *const keys[] = {REC_CAP_BOUNDING, REC_CAP_EFFECTIVE, REC_CAP_PERMITTED, REC_CAP_INHERITABLE,
					   REC_CAP_AMBIENT};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return (int)i;
	return -1;
}

static void parse(char *buf, size_t len)
{
	char *p = buf, *end = buf + len;

	for (char *next; p < end; p = next) {
		char *eq = strchr(p, '=');
		char *v;
		struct hook *h = nhooks ? &hooks[nhooks - 1] : NULL;

		/* Measure before splitting: values themselves contain '=' (env). */
		next = p + strlen(p) + 1;
		if (!eq)
			continue;
		*eq = '\0';
		v = eq + 1;
		if (!strcmp(p, REC_ARG))
			APPEND(args, nargs, v, REC_ARG);
		else if (!strcmp(p, REC_ENV))
			APPEND(envs, nenvs, v, REC_ENV);
		else if (!strcmp(p, REC_CWD))
			cwd = v;
		else if (!strcmp(p, REC_UID))
			uid = number(v, REC_UID);
		else if (!strcmp(p, REC_GID))
			gid = number(v, REC_GID);
		else if (!strcmp(p, REC_GROUP))
			APPEND(groups, ngroups, (gid_t)number(v, REC_GROUP), REC_GROUP);
		else if (!strcmp(p, REC_UMASK))
			umask_value = number_in(v, REC_UMASK, 8);
		else if (!strcmp(p, REC_NO_NEW_PRIVILEGES))
			no_new_privs = 1;
		else if (!strcmp(p, REC_IOPRIO))
			ioprio = number(v, REC_IOPRIO);
		else if (!strcmp(p, REC_SCHED)) {
			sched_set = sscanf(v, "%u:%lu:%d:%u:%lu:%lu:%lu", &sched_attr.policy, &sched_attr.flags,
					   &sched_attr.nice, &sched_attr.priority, &sched_attr.runtime,
					   &sched_attr.deadline, &sched_attr.period) == 7;
			if (!sched_set)
				die("bad sched record %s", v, EINVAL);
		} else if (!strcmp(p, REC_CPUS_INITIAL))
			cpus_initial = v;
		else if (!strcmp(p, REC_CPUS_FINAL))
			cpus_final = v;
		else if (!strcmp(p, REC_PRESERVE_FDS))
			preserve_fds = (unsigned int)number(v, REC_PRESERVE_FDS);
		else if (!strcmp(p, REC_ROOT_READONLY))
			root_readonly = 1;
		else if (!strcmp(p, REC_TTY))
			tty = 1;
		else if (!strcmp(p, REC_CONSOLE_SIZE)) {
			if (sscanf(v, "%d:%d", &rows, &cols) != 2)
				die("bad consolesize record %s", v, EINVAL);
		} else if (!strcmp(p, REC_RLIMIT)) {
			/* RESOURCE:SOFT:HARD, -1 for unlimited */
			long long soft, hard;
			int resource;

			if (sscanf(v, "%d:%lld:%lld", &resource, &soft, &hard) != 3)
				die("bad rlimit record %s", v, EINVAL);
			if ((size_t)nrlimits >= sizeof(rlimits) / sizeof(rlimits[0]))
				die("too many %s records", REC_RLIMIT, E2BIG);
			rlimits[nrlimits].resource = resource;
			rlimits[nrlimits].limit.rlim_cur = soft < 0 ? RLIM_INFINITY : (rlim_t)soft;
			rlimits[nrlimits].limit.rlim_max = hard < 0 ? RLIM_INFINITY : (rlim_t)hard;
			nrlimits++;
		} else if (!strcmp(p, REC_MOUNT_PROPAGATION))
			APPEND(mount_props, nmount_props, v, REC_MOUNT_PROPAGATION);
		else if (!strcmp(p, REC_SECCOMP)) {
			seccomp_wanted = 1;
			seccomp_flags = (unsigned int)number(v, REC_SECCOMP);
		} else if (!strcmp(p, REC_SECCOMP_FD))
			seccomp_fd = (int)number(v, REC_SECCOMP_FD);
		else if (!strcmp(p, REC_CGROUP_NAMESPACE))
			cgroupns_fd = (int)number(v, REC_CGROUP_NAMESPACE);
		else if (cap_index(p) >= 0) {
			char *end;

			errno = 0;
			caps[cap_index(p)] = strtoull(v, &end, 10);
			if (errno || end == v || *end)
				die("bad %s record", p, errno ? errno : EINVAL);
			caps_set = 1;
		} else if (!strcmp(p, REC_HOOK)) {
			if ((size_t)nhooks >= sizeof(hooks) / sizeof(hooks[0]))
				die("too many %s records", REC_HOOK, E2BIG);
			hooks[nhooks].path = v;
			hooks[nhooks].nargv = 0;
			nhooks++;
		} else if (!strcmp(p, REC_HOOK_ARG) && h)
			APPEND(h->argv, h->nargv, v, REC_HOOK_ARG);
		else if (!strcmp(p, REC_HOOK_ENV) && h)
			APPEND(h->envp, h->nenvp, v, REC_HOOK_ENV);
		else if (!strcmp(p, REC_HOOK_TIMEOUT) && h)
			h->timeout = (int)number(v, REC_HOOK_TIMEOUT);
	}
	args[nargs] = NULL;
	envs[nenvs] = NULL;
}

static const char *path_env(void)
{
	for (int i = 0; i < nenvs; i++)
		if (!strncmp(envs[i], "PATH=", 5))
			return envs[i] + 5;
	return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

/* Resolves args[0] as execvpe would; returns 0 or an errno, with the path tried in buf. */
static int resolve(char *buf, size_t size)
{
	const char *prog = args[0], *p;
	int last = ENOENT;

	if (strchr(prog, '/')) {
		struct stat st;

		snprintf(buf, size, "%s", prog);
		if (access(prog, X_OK))
			return errno;
		/* execve refuses what is not a regular file (a directory passes access) */
		return !stat(prog, &st) && !S_ISREG(st.st_mode) ? EACCES : 0;
	}
	for (p = path_env(); p && *p;) {
		const char *colon = strchrnul(p, ':');
		snprintf(buf, size, "%.*s/%s", (int)(colon - p), p, prog);
		if (!access(buf, X_OK)) {
			struct stat st;
			if (!stat(buf, &st) && S_ISREG(st.st_mode))
				return 0;
		} else if (errno != ENOENT) {
			last = errno;
		}
		p = *colon ? colon + 1 : colon;
	}
	snprintf(buf, size, "%s", prog);
	return last;
}

/*
 * Runs the hooks parsed from the config in order, each with the state file on stdin; stops at the
 * first failure. Returns NULL, or what failed.
 */
static const char *run_hooks(const char *kind, const char *state)
{
	static char error[4200];

	for (int i = 0; i < nhooks; i++) {
		struct hook *h = &hooks[i];
		char *argv[66];
		pid_t pid;
		int status, waited = 0;

		/* OCI: args, when given, include argv[0]; otherwise argv[0] is the path. */
		if (h->nargv) {
			memcpy(argv, h->argv, sizeof(char *) * h->nargv);
			argv[h->nargv] = NULL;
		} else {
			argv[0] = h->path;
			argv[1] = NULL;
		}
		h->envp[h->nenvp] = NULL;
		pid = fork();
		if (pid < 0) {
			snprintf(error, sizeof(error), "fork for %s hook %s: %s", kind, h->path, strerror(errno));
			return error;
		}
		if (pid == 0) {
			int fd = openat(box_fd, state, O_RDONLY | O_CLOEXEC);
			if (fd >= 0)
				dup2(fd, 0);
			execve(h->path, argv, h->envp);
			fprintf(stderr, "lxcri4j-init: %s hook %s: %s\n", kind, h->path, strerror(errno));
			_exit(127);
		}
		for (;;) {
			pid_t r = waitpid(pid, &status, h->timeout > 0 ? WNOHANG : 0);
			if (r == pid)
				break;
			if (r < 0 && errno != EINTR) {
				snprintf(error, sizeof(error), "waiting for %s hook %s: %s", kind, h->path, strerror(errno));
				return error;
			}
			if (h->timeout > 0) {
				struct timespec ts = {0, 10 * 1000 * 1000};
				nanosleep(&ts, NULL);
				if (++waited >= h->timeout * 100) {
					kill(pid, SIGKILL);
					waitpid(pid, &status, 0);
					snprintf(error, sizeof(error), "%s hook %s timed out", kind, h->path);
					return error;
				}
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			snprintf(error, sizeof(error), "%s hook %s failed", kind, h->path);
			return error;
		}
	}
	return NULL;
}

/* SLAVE becomes the controlling terminal of a new session and stdio. Returns NULL or what failed. */
static const char *take_terminal(int slave, const char *name)
{
	static char error[512];

	setsid();
	if (ioctl(slave, TIOCSCTTY, 0) < 0) {
		snprintf(error, sizeof(error), "making %s the controlling terminal: %s", name, strerror(errno));
		return error;
	}
	for (int i = 0; i < 3; i++)
		if (dup2(slave, i) < 0) {
			snprintf(error, sizeof(error), "dup2 of the terminal: %s", strerror(errno));
			return error;
		}
	if (slave > 2)
		close(slave);
	return NULL;
}

/*
 * exec's process.terminal: a pty from the container's own devpts; the master goes to the console
 * socket, whose connection the runtime passed as stdin. Returns NULL or what failed.
 */
static const char *setup_terminal(void)
{
	static char error[512];
	char name[128];
	int master, slave, sock = dup(0);

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof(name)) != 0) {
		snprintf(error, sizeof(error), "allocating a pty from /dev/ptmx: %s", strerror(errno));
		return error;
	}
	if (rows > 0 && cols > 0) {
		struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
		ioctl(master, TIOCSWINSZ, &ws);
	}
	slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0) {
		snprintf(error, sizeof(error), "opening %s: %s", name, strerror(errno));
		return error;
	}
	if (sock < 0 || send_pty_master(sock, master) < 0) {
		snprintf(error, sizeof(error), "sending the terminal to the console socket: %s", strerror(errno));
		return error;
	}
	close(sock);
	close(master);
	return take_terminal(slave, name);
}

/*
 * The container's process.terminal: the pty the hook bound at /dev/console before pivot_root (the
 * spec's /dev/console), having sent its master to the console socket. Opened, as runc does, by its
 * name in the container's devpts (/dev/pts/N, N from the device number), which must be that pty.
 */
static const char *console_terminal(void)
{
	static char error[512];
	char name[64];
	struct stat console, pts;
	int slave;

	if (stat("/dev/console", &console) < 0 || !S_ISCHR(console.st_mode) || major(console.st_rdev) < 136 ||
	    major(console.st_rdev) > 143) {
		snprintf(error, sizeof(error), "/dev/console is not a pty: %s", strerror(errno ? errno : ENOTTY));
		return error;
	}
	snprintf(name, sizeof(name), "/dev/pts/%u", (major(console.st_rdev) - 136) * 256 + minor(console.st_rdev));
	slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0 || fstat(slave, &pts) < 0 || pts.st_rdev != console.st_rdev) {
		snprintf(error, sizeof(error), "opening %s, the pty of /dev/console: %s", name, strerror(slave < 0 ? errno : ENXIO));
		return error;
	}
	return take_terminal(slave, name);
}

static void write_fifo(const char *path, const char *msg)
{
	int fd = openat(box_fd, path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		die("cannot open %s", path, errno);
	if (write(fd, msg, strlen(msg)) < 0)
		die("cannot write %s", path, errno);
	close(fd);
}

static void apply_credentials(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];
	int last = CAP_LAST_CAP;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");

	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	if (caps_set) {
		for (int c = 0; c <= last; c++)
			if (!(caps[0] & (1ULL << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
				die("dropping bounding capability %s", "", errno);
	}
	if (ngroups >= 0 && uid >= 0 && setgroups(ngroups, groups) < 0)
		die("setgroups%s", "", errno);
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		die("PR_SET_KEEPCAPS%s", "", errno);
	if (gid >= 0 && setresgid(gid, gid, gid) < 0)
		die("setgid%s", "", errno);
	if (uid >= 0 && setresuid(uid, uid, uid) < 0)
		die("setuid%s", "", errno);
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (caps_set) {
		data[0].effective = (uint32_t)caps[1];
		data[1].effective = (uint32_t)(caps[1] >> 32);
		data[0].permitted = (uint32_t)caps[2];
		data[1].permitted = (uint32_t)(caps[2] >> 32);
		data[0].inheritable = (uint32_t)caps[3];
		data[1].inheritable = (uint32_t)(caps[3] >> 32);
		if (syscall(SYS_capset, &hdr, data) < 0)
			die("capset%s", "", errno);
		/* The kernel raises only caps both permitted and inheritable; like runc, skip the rest. */
		for (int c = 0; c <= last; c++)
			if ((caps[4] & caps[2] & caps[3] & (1ULL << c)) &&
			    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
				die("raising ambient capability%s", "", errno);
	}
}

/*
 * Ignored signals survive exec: a runtime started from a background job (SIGINT and SIGQUIT
 * ignored) or from a JVM would hand them on, and a shell cannot even trap what it inherited as
 * ignored. The user process starts with default dispositions and nothing blocked, as runc's does.
 */
static void reset_signals(void)
{
	/* The raw call: libc refuses to touch the real-time signals it reserves (32, 33). */
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} dfl = {SIG_DFL, 0, NULL, 0};
	sigset_t none;

	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* The last steps for every process: signals, cwd, umask, credentials, no_new_privs, exec. */
/*
 * As runc: a process without HOME (or with an empty one) gets its user's home from the container's
 * /etc/passwd, or "/". Read by hand: libc's lookup would load NSS modules, which a static
 * binary cannot rely on inside someone else's rootfs.
 */
static void default_home(void)
{
	static char home[4096 + 5];
	char *passwd, *line, *next;
	size_t len;
	int fd;

	int slot = nenvs;

	/* an empty HOME counts as none, as with runc */
	for (int i = 0; i < nenvs; i++)
		if (!strncmp(envs[i], "HOME=", 5)) {
			if (envs[i][5])
				return;
			slot = i;
		}
	if (slot >= MAX_ITEMS - 1)
		return;
	snprintf(home, sizeof(home), "HOME=/");
	fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		passwd = read_file("/etc/passwd", &len);
		for (line = passwd; line && *line; line = next) {
			char *f[7] = {line};
			int n = 1;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			for (char *c = line; *c && n < 7; c++)
				if (*c == ':') {
					*c = '\0';
					f[n++] = c + 1;
				}
			if (n == 7 && strtol(f[2], NULL, 10) == (uid < 0 ? 0 : uid) && *f[5]) {
				snprintf(home, sizeof(home), "HOME=%s", f[5]);
				break;
			}
		}
		free(passwd);
	}
	envs[slot] = home;
	if (slot == nenvs)
		envs[++nenvs] = NULL;
}

/* Reads linux.seccomp's program while its descriptor is open (close_inherited closes it). */
static void read_seccomp(void)
{
	size_t len;

	if (!seccomp_wanted || seccomp_prog.filter)
		return;
	seccomp_prog.filter = (struct sock_filter *)read_fd(seccomp_fd >= 0 ? seccomp_fd : openat(box_fd, SECCOMP, O_RDONLY | O_CLOEXEC),
							    SECCOMP, &len);
	seccomp_fd = -1;
	if (len == 0 || len % sizeof(struct sock_filter) || len / sizeof(struct sock_filter) > BPF_MAXINSNS)
		die("%s is not a seccomp program", SECCOMP, EINVAL);
	seccomp_prog.len = (unsigned short)(len / sizeof(struct sock_filter));
}

/*
 * Loads linux.seccomp. Before the credentials change (as runc does without no_new_privs, loading
 * takes CAP_SYS_ADMIN then), after the rootfs, console and namespaces are done: only the process,
 * its startContainer hooks and the credential syscalls run under the profile.
 */
static void load_seccomp(void)
{
	if (!seccomp_wanted)
		return;
	read_seccomp();
	seccomp_wanted = 0;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, seccomp_flags, &seccomp_prog) < 0)
		die("loading the seccomp profile%s", "", errno);
}

/*
 * liblxc gives the container a cgroup namespace of its own whenever it joins any namespace by
 * path; the spec's (joined, or the runtime's when none is listed) is entered here instead.
 */
static void enter_cgroupns(void)
{
	if (cgroupns_fd < 0)
		return;
	if (setns(cgroupns_fd, CLONE_NEWCGROUP) < 0)
		die("entering the spec's cgroup namespace%s", "", errno);
	close(cgroupns_fd);
	cgroupns_fd = -1;
}

/* A CPU list as the spec and cpuset write it: "0-3,6". */
static void set_affinity(const char *list)
{
	cpu_set_t set;
	const char *p = list;

	CPU_ZERO(&set);
	while (*p) {
		char *end;
		unsigned long from = strtoul(p, &end, 10), to = from;

		if (*end == '-')
			to = strtoul(end + 1, &end, 10);
		for (unsigned long cpu = from; cpu <= to && cpu < CPU_SETSIZE; cpu++)
			CPU_SET(cpu, &set);
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p)
			break;
	}
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		die("setting the CPU affinity to %s", list, errno);
}

/* Before the credentials change: raising a priority or a real-time policy needs CAP_SYS_NICE. */
static void apply_scheduling(void)
{
	if (ioprio >= 0 && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, (int)ioprio) < 0)
		die("ioprio_set%s", "", errno);
	if (sched_set && syscall(SYS_sched_setattr, 0, &sched_attr, 0) < 0)
		die("sched_setattr%s", "", errno);
	if (cpus_final)
		set_affinity(cpus_final);
}

/*
 * Closes every descriptor but stdio and the preserved ones (3 .. 3+N-1): liblxc attach passes on
 * every descriptor of the attaching JVM; a leaked one could keep a pipe open or, as a cwd, reach
 * the host.
 */
static void close_inherited(void)
{
	/* a seccomp profile older than close_range(2) denies it: close one by one then */
	if (syscall(SYS_close_range, 3U + preserve_fds, ~0U, 0) < 0) {
		struct rlimit nofile;
		long max = getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY ? (long)nofile.rlim_cur : 65536;

		for (long fd = 3 + preserve_fds; fd < max; fd++)
			close((int)fd);
	}
}

static void become_process(const char *path)
{
	char here[4096];

	default_home();
	apply_scheduling();
	reset_signals();
	close_inherited();
	if (chdir(cwd) < 0)
		die("chdir to cwd \"%s\"", cwd, errno);
	/* A cwd outside the container's root reads back as "(unreachable)..." or not at all. */
	if (!getcwd(here, sizeof(here)) || here[0] != '/')
		die("cwd \"%s\" is outside the container", cwd, errno == ERANGE ? 0 : EPERM);
	if (umask_value >= 0)
		umask((mode_t)umask_value);
	load_seccomp();
	apply_credentials();
	if (no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("PR_SET_NO_NEW_PRIVS%s", "", errno);
	execve(path, args, envs);
	die("exec \"%s\"", path, errno);
}

static int exec_mode(const char *conf_fd)
{
	char path[4096], *end;
	size_t len;
	int err;
	long fd = strtol(conf_fd, &end, 10);

	if (*end || fd < 3)
		die("bad --exec-fd %s", conf_fd, 0);
	char *conf = read_fd((int)fd, "the exec records", &len);

	parse(conf, len);
	read_seccomp();
	if (cpus_initial)
		set_affinity(cpus_initial);
	if (nargs == 0)
		die("no process args in %s", "the exec records", 0);
	err = resolve(path, sizeof(path));
	if (err) {
		errno = err;
		die("exec \"%s\"", path, err);
	}
	if (tty) {
		const char *error = setup_terminal();

		if (error)
			die("%s", error, 0);
	}
	for (int i = 0; i < nrlimits; i++)
		if (setrlimit(rlimits[i].resource, &rlimits[i].limit) < 0)
			die("setrlimit%s", "", errno);
	become_process(path);
	return 127;
}

/*
 * liblxc's mount hook (lxc.hook.mount = BOX/init --create-hooks): it runs in the container's
 * namespaces after its mounts and before pivot_root, so the host's paths still resolve, which is
 * where and when the spec runs createContainer hooks. It first tells the runtime the container's
 * pid (over BOX/created) and waits on BOX/proceed while the runtime runs the prestart and
 * createRuntime hooks, which come first; then it runs the createContainer hooks of BOX/create.conf
 * with BOX/create-state.json on stdin and reports "ok" or what failed over BOX/created. Exiting
 * non-zero makes liblxc abandon the start.
 */
static int create_hooks_mode(const char *self)
{
	char box[4096], created[4200], proceed[4200], conf[4200], state[4200], msg[64], *slash, *stat, *reply;
	const char *error;
	size_t len;
	int ppid = -1;

	snprintf(box, sizeof(box), "%s", self);
	slash = strrchr(box, '/');
	if (!slash)
		die("%s: not a path", self, 0);
	*slash = '\0';
	snprintf(created, sizeof(created), "%s/" FILE_BOX "/" FILE_CREATED_FIFO, box);
	snprintf(proceed, sizeof(proceed), "%s/" FILE_BOX "/" FILE_PROCEED_FIFO, box);
	snprintf(conf, sizeof(conf), "%s/" FILE_BOX "/" FILE_CREATE_HOOKS, box);
	snprintf(state, sizeof(state), "%s/" FILE_BOX "/" FILE_CREATE_STATE, box);
	/* Before pivot_root /proc is the host's: the parent (the container's init) by its host pid. */
	stat = read_file("/proc/self/stat", &len);
	ppid = stat_parent(stat);
	if (ppid < 0)
		die("cannot read the parent of %s", "/proc/self/stat", 0);
	snprintf(msg, sizeof(msg), "%d\n", ppid);
	write_fifo(created, msg);
	reply = read_file(proceed, &len);
	if (len < 2 || strncmp(reply, "ok", 2))
		return 1; /* a prestart or createRuntime hook failed */
	reply = read_file(conf, &len);
	parse(reply, len);
	error = run_hooks("createContainer", state);
	write_fifo(created, error ? error : "ok");
	return error ? 1 : 0;
}

int main(int argc, char *argv[])
{
	char path[4096], msg[4200];
	const char *err_msg;
	size_t len;
	int err;

	/* Not dumpable: no process of the container may open this one's /proc/PID/fd or ptrace it. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die("PR_SET_DUMPABLE%s", "", errno);
	if (argc > 1 && !strcmp(argv[1], MODE_CREATE_HOOKS))
		return create_hooks_mode(argv[0]);
	if (argc > 2 && !strcmp(argv[1], MODE_EXEC_FD))
		return exec_mode(argv[2]);
	if (argc != 3 || strcmp(argv[1], MODE_BOX_FD))
		die("usage: init --box-fd FD | --exec-fd FD | --create-hooks%s", "", 0);
	box_fd = atoi(argv[2]);
	/* hooks it runs must not inherit it; close_inherited closes it before the process runs */
	if (box_fd < 3 || fcntl(box_fd, F_SETFD, FD_CLOEXEC) < 0)
		die("bad --box-fd %s", argv[2], EBADF);

	char *conf = read_file(CONF, &len);

	parse(conf, len);
	enter_cgroupns();
	if (cpus_initial)
		set_affinity(cpus_initial);
	if (nargs == 0)
		die("no process args in %s", CONF, 0);
	/*
	 * create waits on READY: the terminal handed over and the program found, or why not (as
	 * runc, a missing program fails create); then start on FIFO.
	 */
	err_msg = NULL;
	if (tty)
		err_msg = console_terminal();
	if (!err_msg) {
		err = resolve(path, sizeof(path));
		if (err) {
			snprintf(msg, sizeof(msg), "exec \"%s\": %s%s", path, strerror(err),
				 strchr(args[0], '/') ? "" : " (searched $PATH)");
			err_msg = msg;
		}
	}
	write_fifo(READY, err_msg ? err_msg : "ok");
	if (err_msg)
		exit(127); /* create reports it; the container's stderr is not the place */
	write_fifo(FIFO, "ok");

	/*
	 * After pivot_root and every mount, as runc does: a read-only root would have kept liblxc
	 * from creating mount points, and a shared root would have made pivot_root fail.
	 */
	/*
	 * liblxc turns the new root into a shared tree after pivot_root, which overrides the
	 * propagation each mount got: the runtime's records set the root's as runc's is before its
	 * mounts, each mount's own, then linux.rootfsPropagation's again where runc does (RootfsSection).
	 */
	for (int i = 0; i < nmount_props; i++) {
		unsigned long flags;
		int at = 0;

		if (sscanf(mount_props[i], "%lu %n", &flags, &at) != 1 || at == 0)
			die("bad mountprop record %s", mount_props[i], EINVAL);
		if (mount(NULL, mount_props[i] + at, NULL, flags, NULL) < 0)
			die("setting the propagation of %s", mount_props[i] + at, errno);
	}
	if (root_readonly && mount("/", "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
		die("remounting / read-only%s", "", errno);
	load_seccomp();
	err_msg = run_hooks("startContainer", STATE);
	if (err_msg)
		die("%s", err_msg, 0);

	become_process(path);
	return 127;
}
