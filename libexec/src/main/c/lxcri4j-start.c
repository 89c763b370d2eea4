/*
 * lxcri4j-start: the container's pid-file process and, in a child, liblxc's monitor.
 * `lxcri4j create` spawns it. It is C, not Java, because it stays resident per container: a JVM
 * costs tens of MB of PSS, this costs well under one.
 *
 * usage: lxcri4j-start NAME LXCPATH CONFIG EXIT_STATUS_FILE SOCKET PRESERVE_FDS CONSOLE_SOCKET BOX CGROUPS
 *
 * SOCKET: create's Unix socket (CreateChannel.java), connected to once the box's fifos exist:
 * this process reports the init ready with its host pid as the init reports it over BOX/ready
 * (or why not), then joins the container and is handed over when create says so
 * (CreateMessage.java has the lines). Until then the socket's end is create's end: the container
 * goes with it.
 *
 * PRESERVE_FDS (runc's --preserve-fds): descriptors 3 .. 3+N-1 of the parent (the runtime that
 * spawned this process and could not pass them, a JVM closing all but stdio in its children) are
 * taken with pidfd_getfd and handed to the container's process as the same numbers.
 *
 * BOX: the runtime directory's folder of what the container's init reads (its config, the sync
 * fifos, hook states). The monitor opens it (O_PATH) as descriptor 3+PRESERVE_FDS, which liblxc
 * passes to the init: the container never sees the folder mounted, and the init closes the
 * descriptor before the user process runs.
 *
 * BOX/sources, when it exists (a user-namespaced container's bind mounts): NUL-terminated records
 * "ATTR RECURSIVE PROPAGATION PATH", each cloned here, as the host's root, into a detached mount
 * (open_tree) with its flags (mount_setattr) as descriptors 4+PRESERVE_FDS.. after the box; the
 * hook attaches them in the container (move_mount). The container's mapped root may not reach
 * the paths, and could not bind a mount of the host's namespace.
 *
 * BOX/setns, when it exists: namespaces liblxc cannot join as the spec asks (see setns_record);
 * a cgroup namespace's descriptor follows the mount sources'.
 *
 * CGROUPS: "rooted" when the spec's cgroupsPath is absolute (or absent): liblxc places the
 * container's cgroups below the monitor's own in each hierarchy (lxc.cgroup.relative), and the
 * runtime's caller need not sit at a hierarchy's root (a host may put it in memory:/some/path
 * only), so the monitor first moves to every hierarchy's root, and an absolute path means the same
 * in all of them, as with runc. Otherwise ("") the path is relative to the caller's cgroups, as
 * runc takes a relative one.
 *
 * CONSOLE_SOCKET (or ""): for process.terminal, this process connects to it, as the host's root,
 * and the monitor passes the connection to the container's init as stdin; the init sends the
 * pty's master over it. A path would not do: in a user-namespaced container the init could not
 * connect to a socket of the caller's.
 *
 * The child runs liblxc's start in the foreground, so it is liblxc's monitor and the parent of the
 * container's init. The monitor has to stay in the host's namespaces and in liblxc's monitor
 * cgroup, and the init has to stay its child; yet the process in the pid file must be the one
 * conmon or containerd's shim can wait for (their child, once create has exited) and the one they
 * inspect as "the container" (/proc/PID/ns/mnt for `podman top`, /proc/PID/cgroup for
 * `podman stats` and the shim's metrics). So this parent process is what the pid file names:
 *  - once create has seen the init, it sends "join" over the socket; this process then enters the init's user, mount, uts, ipc, network, cgroup and time namespaces,
 *    and its pid namespace for children (create has already moved it into the container's
 *    cgroups, except the pids controller's, so that pids.current and pids.max mean what the spec
 *    says);
 *  - every other signal it receives goes to the init (to the monitor before the join), as a signal
 *    to the pid in runc's pid file reaches the container process;
 *  - it exits with the monitor's status, i.e. the container process's as a shell reports it.
 * If it is killed, the monitor and with it the container die (parent-death signals), as the
 * container would with runc. Until create has written the record and hands the container over
 * ("handover", acknowledged on the socket), it also dies with create ($LXCRI4J_CREATOR, its pid:
 * a create killed before this process set its parent-death signal is noticed too; and a closed
 * socket).
 *
 * The monitor exits with the container process's status as a shell reports it (code, or
 * 128+signal). EXIT_STATUS_FILE gets the status as waitpid(2) encodes it (code << 8, or the
 * signal), so that the Java API can tell a death by signal from an exit code above 128;
 * 255 << 8 when the container failed to start.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <dirent.h>
#include <linux/mount.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lxcri4j-protocol.h"
#include "procstat.h"

#include <lxc/lxccontainer.h>

/*
 * After a foreground start liblxc leaves the init's status in error_num: a wait status for a
 * normal exit, and (signal << 8 | 0x7f) for a death by signal (observed with liblxc 5.0.2).
 * Returns the plain wait status: code << 8, or the signal.
 */
static int wait_status(int raw)
{
	if ((raw & 0x7f) == 0x7f)
		return (raw >> 8) & 0x7f;
	return raw & 0xffff;
}

/* What a shell reports for a wait status: the exit code, or 128 + signal. */
static int shell_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static int write_status(const char *path, int raw)
{
	char tmp[4096];
	int fd, n;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	n = dprintf(fd, "%d\n", raw);
	close(fd);
	if (n < 0)
		return -1;
	return rename(tmp, path);
}

/* liblxc's monitor: starts the container in the foreground and records how its process ended. */
static int monitor(char *argv[])
{
	struct lxc_container *c;
	bool started;
	int status;

	c = lxc_container_new(argv[1], argv[2]);
	if (!c) {
		fprintf(stderr, "lxcri4j-start: cannot open container %s in %s\n", argv[1], argv[2]);
		return 1;
	}
	c->clear_config(c);
	if (!c->load_config(c, argv[3])) {
		fprintf(stderr, "lxcri4j-start: cannot load config %s\n", argv[3]);
		lxc_container_put(c);
		return 1;
	}
	c->want_daemonize(c, false);
	/* The container init must see only stdio, not the fds of whoever spawned us. */
	c->want_close_all_fds(c, true);

	started = c->start(c, 0, NULL);
	status = c->error_num;
	lxc_container_put(c);
	if (!started) {
		write_status(argv[4], 255 << 8);
		return 255;
	}
	status = wait_status(status);
	write_status(argv[4], status);
	return shell_code(status);
}

/* Whether this process's namespace MINE and pid's THEIRS (/proc/PID/ns names) differ. */
static int other_namespace(int pid, const char *mine, const char *theirs)
{
	char path[64];
	struct stat self, other;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", mine);
	if (stat(path, &self) < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, theirs);
	if (stat(path, &other) < 0)
		return 0;
	return self.st_ino != other.st_ino || self.st_dev != other.st_dev;
}

static int parent_of(int pid)
{
	char path[64], buf[512];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return stat_parent(buf);
}

/*
 * Enters the namespaces of the container's init (the monitor's child, so that a stale or foreign
 * pid is refused). Returns a pidfd for the init, or -1 with the reason in err.
 */
static int join(pid_t monitor_pid, pid_t init, char *err, size_t errlen)
{
	/*
	 * The pid namespace cannot be this process's own: entering it sets pid_for_children, which is
	 * how a namespace path naming this process (/proc/PID/ns/pid) is told apart by the runtime.
	 */
	static const struct {
		const char *mine, *theirs;
		int flag;
	} namespaces[] = {
#define NAMESPACE(mine, theirs, flag) {mine, theirs, flag},
		NAMESPACES(NAMESPACE)
#undef NAMESPACE
	};
	int fd, flags = 0;

	fd = (int)syscall(SYS_pidfd_open, init, 0);
	if (fd < 0) {
		snprintf(err, errlen, "pidfd_open %d: %s", init, strerror(errno));
		return -1;
	}
	if (parent_of(init) != monitor_pid) {
		snprintf(err, errlen, "pid %d is not the container's init", init);
		close(fd);
		return -1;
	}
	for (size_t i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
		if (other_namespace(init, namespaces[i].mine, namespaces[i].theirs))
			flags |= namespaces[i].flag;
	/* One call with a pidfd enters all of them atomically, the user namespace first. */
	if (flags && setns(fd, flags) < 0) {
		snprintf(err, errlen, "the pid-file process cannot enter the namespaces of pid %d: %s", init, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Takes descriptors 3 .. 3+count-1 of process pid as the same numbers here, not close-on-exec.
 * This process has only stdio open, so each new descriptor lands on the next number.
 */
static int take_fds(pid_t pid, int count)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), high;

	if (pidfd < 0)
		return -1;
	/* out of the way of 3 .. 3+count-1 */
	high = fcntl(pidfd, F_DUPFD_CLOEXEC, 3 + count);
	close(pidfd);
	if (high < 0)
		return -1;
	for (int fd = 3; fd < 3 + count; fd++) {
		int got = (int)syscall(SYS_pidfd_getfd, high, fd, 0);

		if (got < 0 || (got != fd && (dup2(got, fd) < 0 || close(got) < 0)) || fcntl(fd, F_SETFD, 0) < 0) {
			fprintf(stderr, "lxcri4j-start: taking descriptor %d of pid %d: %s\n", fd, pid, strerror(errno));
			close(high);
			return -1;
		}
	}
	close(high);
	return 0;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* Writes PID into DIR/cgroup.procs. */
static int move_to(const char *dir, const char *pid, int len)
{
	char path[4200];
	int fd, n;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = (int)write(fd, pid, (size_t)len);
	close(fd);
	return n == len ? 0 : -1;
}

/* Moves this process to the root cgroup of every hierarchy mounted below /sys/fs/cgroup. */
static int to_root_cgroups(void)
{
	const char *base = "/sys/fs/cgroup";
	char path[4096], pid[32];
	struct dirent *e;
	DIR *dir;
	int n = snprintf(pid, sizeof(pid), "%d", getpid());

	if (!move_to(base, pid, n)) /* cgroup v2 only */
		return 0;
	dir = opendir(base);
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue; /* links (cpu -> cpu,cpuacct) name a hierarchy listed under its own name */
		snprintf(path, sizeof(path), "%s/%s", base, e->d_name);
		if (move_to(path, pid, n) < 0 && errno != ENOENT) {
			fprintf(stderr, "lxcri4j-start: %s: ", path);
			closedir(dir);
			return -1;
		}
	}
	closedir(dir);
	return 0;
}

/* Opens the box directory as descriptor FD, inherited across exec (liblxc hands it to the init). */
static int pass_box(const char *box, int fd)
{
	int got = open(box, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (got < 0)
		return -1;
	if (got != fd) {
		if (dup2(got, fd) < 0)
			return -1;
		close(got);
		return 0;
	}
	return fcntl(fd, F_SETFD, 0);
}

/* Clones PATH as a detached mount with ATTR and PROPAGATION set; the descriptor, or -1. */
static int detached_mount(const char *path, unsigned attr, int recursive, unsigned long propagation)
{
	struct mount_attr a = {.attr_set = attr, .propagation = propagation};
	int fd = (int)syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | (recursive ? AT_RECURSIVE : 0));

	if (fd < 0)
		return -1;
	if ((attr || propagation) &&
	    syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The box's records file NAME whole (NUL-separated records), or NULL with *len 0 when it does not exist. */
static char *box_records(int box, const char *name, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = NULL, *bigger;
	ssize_t got = 0;
	int fd = openat(box, name, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd < 0)
		return NULL;
	while ((bigger = realloc(buf, cap + 1)) && (buf = bigger) && (got = read(fd, buf + n, cap - n)) > 0)
		if ((n += (size_t)got) == cap)
			cap *= 2;
	close(fd);
	if (!bigger || got < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Makes FD descriptor WANT, inherited across exec. */
static int place_fd(int fd, int want)
{
	if (fd == want)
		return fcntl(fd, F_SETFD, 0);
	if (dup2(fd, want) < 0)
		return -1;
	return close(fd);
}

/*
 * Calls EACH on every record of the box's file NAME (if it exists) with the next free descriptor
 * from FIRST; returns how many descriptors they placed, or -1 (reported).
 */
static int each_box_record(int box, const char *name, int first, int (*each)(const char *record, int fd))
{
	size_t n;
	char *buf = box_records(box, name, &n);
	int count = 0;

	if (!buf)
		return errno == ENOENT ? 0 : -1;
	for (char *p = buf; p < buf + n; p += strlen(p) + 1) {
		int placed = each(p, first + count);

		if (placed < 0) {
			fprintf(stderr, "lxcri4j-start: box/%s: %s: %s\n", name, p, strerror(errno));
			free(buf);
			return -1;
		}
		count += placed;
	}
	free(buf);
	return count;
}

/*
 * A record of the box's "sources" ("ATTR RECURSIVE PROPAGATION PATH", a user-namespaced
 * container's bind mount): the source cloned as a detached mount, placed at FD.
 */
static int source_record(const char *record, int fd)
{
	unsigned attr;
	int recursive, at = 0, got = -1;
	unsigned long propagation;

	errno = EINVAL;
	if (sscanf(record, "%u %d %lu %n", &attr, &recursive, &propagation, &at) == 3 && at > 0)
		got = detached_mount(record + at, attr, recursive, propagation);
	return got < 0 || place_fd(got, fd) < 0 ? -1 : 1;
}

/*
 * A record of the box's "setns" (NamespaceSection.java), a namespace liblxc cannot join as the spec asks:
 *  - "time PATH": entered here, by the monitor, before liblxc starts; the container inherits it.
 *    liblxc's own join runs in a helper that shares the monitor's memory, which the kernel
 *    refuses for a time namespace;
 *  - "cgroup PATH": placed at FD for the init to enter. liblxc gives the container a cgroup
 *    namespace of its own whenever it joins any namespace by path.
 */
static int setns_record(const char *record, int fd)
{
	int time = !strncmp(record, "time ", 5), cgroup = !strncmp(record, "cgroup ", 7), ns;

	errno = EINVAL;
	if ((!time && !cgroup) || (ns = open(strchr(record, ' ') + 1, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (time)
		return setns(ns, CLONE_NEWTIME) < 0 ? -1 : close(ns);
	return place_fd(ns, fd) < 0 ? -1 : 1;
}

/*
 * The box's fifos, the box owner's (the container's root, mapped): sync and ready, and created
 * and proceed when there are createContainer hooks (BOX/create.conf).
 */
static int make_fifos(const char *box)
{
	const char *names[] = {FILE_SYNC_FIFO, FILE_READY_FIFO, FILE_CREATED_FIFO, FILE_PROCEED_FIFO};
	struct stat owner;
	int dir = open(box, O_PATH | O_DIRECTORY | O_CLOEXEC), n = 2;

	if (dir < 0 || fstat(dir, &owner) < 0)
		return -1;
	if (faccessat(dir, FILE_CREATE_HOOKS, F_OK, 0) == 0)
		n = 4;
	for (int i = 0; i < n; i++) {
		if (mkfifoat(dir, names[i], 0600) < 0 || fchownat(dir, names[i], owner.st_uid, owner.st_gid, 0) < 0) {
			int err = errno;

			close(dir);
			errno = err;
			return -1;
		}
	}
	close(dir);
	return 0;
}

/* The init's host pid, as liblxc's monitor knows it (liblxc's heap then stays in this process). */
static pid_t init_pid_of(const char *name, const char *lxcpath)
{
	struct lxc_container *c = lxc_container_new(name, lxcpath);
	pid_t pid;

	if (!c)
		return -1;
	pid = c->init_pid(c);
	lxc_container_put(c);
	return pid;
}

/*
 * LXCPATH/NAME/init: the container's own copy of lxcri4j-init (beside this program), so that
 * nothing done to it reaches the host's binary or another container. Made here, by a process
 * that starts nothing while the copy is open for writing: in create's JVM another thread's
 * spawn could inherit that descriptor, and the init's exec would fail with ETXTBSY.
 */
static int copy_init(const char *lxcpath, const char *name)
{
	char self[PATH_MAX], from[PATH_MAX + 32], to[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct stat st;
	int in, out, rc = -1;

	if (n <= 0)
		return -1;
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	snprintf(from, sizeof(from), "%s/lxcri4j-init", self);
	if (snprintf(to, sizeof(to), "%s/%s/%s", lxcpath, name, FILE_INIT_BINARY) >= (int)sizeof(to))
		return -1;
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (out >= 0) {
		off_t left = st.st_size;

		while (left > 0 && (n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0)) > 0)
			left -= n;
		rc = left == 0 && fchmod(out, 0755) == 0 ? 0 : -1;
		close(out);
	}
	close(in);
	return rc;
}

/*
 * The init: the monitor's only child once the init has reported (liblxc runs no hook processes
 * of ours then); liblxc is asked only if the kernel lists another.
 */
static pid_t init_of(pid_t monitor, const char *name, const char *lxcpath)
{
	char path[64], buf[256], *end;
	int fd;
	ssize_t n;
	long pid;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", monitor, monitor);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			pid = strtol(buf, &end, 10);
			if (pid > 0 && (*end == '\0' || (*end == ' ' && end[1] == '\0')))
				return (pid_t)pid;
		}
	}
	return init_pid_of(name, lxcpath);
}

/* One line to create; a create that is gone shows as the socket's end. */
static void tell(int sock, const char *word, const char *value)
{
	char line[4200];
	int n = snprintf(line, sizeof(line), "%s%s%s\n", word, value ? " " : "", value ? value : "");

	if (n >= (int)sizeof(line))
		n = (int)sizeof(line) - 1, line[n - 1] = '\n';
	for (char *p = line; p < line + n - 1; p++)
		if (*p == '\n')
			*p = ' ';
	if (sock >= 0 && write(sock, line, (size_t)n) < 0)
		return;
}

static void null_stdio(int first, int last)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = first; i <= last; i++)
		dup2(fd, i);
	close(fd);
}

/* A numeric argument, whole and in 0..INT_MAX; anything else ends the program with its name. */
static long argument(const char *v, const char *name)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0 || n > INT_MAX) {
		fprintf(stderr, "lxcri4j-start: bad %s %s\n", name, v);
		exit(2);
	}
	return n;
}

int main(int argc, char *argv[])
{
	sigset_t all, original;
	pid_t child, creator, init = -1;
	int preserve_fds, console = -1, init_fd = -1, status, held, joined, sock, ready, signals;
	char report[4096], lines[512], err[4200];
	size_t reported = 0, pending = 0;

	if (argc != 10) {
		fprintf(stderr, "usage: %s NAME LXCPATH CONFIG EXIT_STATUS_FILE SOCKET PRESERVE_FDS CONSOLE_SOCKET BOX CGROUPS\n",
			argv[0]);
		return 2;
	}
	/*
	 * Every signal is taken from a signalfd: blocked signals queue even where the disposition
	 * is "ignore", and SIGCHLD must not be SIG_IGN or the monitor would be reaped unseen.
	 */
	signal(SIGCHLD, SIG_DFL);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &original);
	/*
	 * Until create hands the container over, this process dies with create, and with it the
	 * monitor and the container: a killed create leaves nothing running. The parent is checked
	 * again after the prctl, in case it died before.
	 */
	creator = getenv("LXCRI4J_CREATOR") ? (pid_t)argument(getenv("LXCRI4J_CREATOR"), "LXCRI4J_CREATOR") : getppid();
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != creator)
		return 255;

	preserve_fds = (int)argument(argv[6], "PRESERVE_FDS");
	if (preserve_fds < 0 || (preserve_fds > 0 && take_fds(getppid(), preserve_fds) < 0))
		return 255;

	if (argv[7][0] && (console = connect_unix(argv[7])) < 0) {
		fprintf(stderr, "lxcri4j-start: connecting to the console socket %s: %s\n", argv[7], strerror(errno));
		return 255;
	}
	if (copy_init(argv[2], argv[1]) < 0) {
		fprintf(stderr, "lxcri4j-start: copying lxcri4j-init into %s/%s: %s\n", argv[2], argv[1], strerror(errno));
		return 255;
	}
	if (make_fifos(argv[8]) < 0) {
		fprintf(stderr, "lxcri4j-start: making the fifos in %s: %s\n", argv[8], strerror(errno));
		return 255;
	}
	/* its descriptor is above the preserved ones, which take_fds placed */
	if ((sock = connect_unix(argv[5])) < 0) {
		fprintf(stderr, "lxcri4j-start: connecting to %s: %s\n", argv[5], strerror(errno));
		return 255;
	}

	child = fork();
	if (child < 0) {
		fprintf(stderr, "lxcri4j-start: fork: %s\n", strerror(errno));
		return 255;
	}
	if (child == 0) {
		pid_t parent = getppid();

		close(sock); /* create sees this process's exit as the socket's end */
		sigprocmask(SIG_SETMASK, &original, NULL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent || (console >= 0 && dup2(console, 0) < 0))
			_exit(255);
		/*
		 * With a terminal the pty is the container's stdio; the caller's stdout and stderr
		 * must not stay open here, or a caller reading them to the end (containerd's shim
		 * does, for create's output) would wait for the container's exit.
		 */
		if (console >= 0)
			null_stdio(1, 2);
		if (!strcmp(argv[9], "rooted") && to_root_cgroups() < 0) {
			fprintf(stderr, "lxcri4j-start: moving to the root cgroups: %s\n", strerror(errno));
			_exit(255);
		}
		if (pass_box(argv[8], 3 + preserve_fds) < 0) {
			fprintf(stderr, "lxcri4j-start: opening %s: %s\n", argv[8], strerror(errno));
			_exit(255);
		}
		held = each_box_record(3 + preserve_fds, FILE_HELD_SOURCES, 4 + preserve_fds, source_record);
		if (held < 0)
			_exit(255);
		joined = each_box_record(3 + preserve_fds, FILE_SETNS, 4 + preserve_fds + held, setns_record);
		if (joined < 0)
			_exit(255);
		held += joined;
		{
			/*
			 * liblxc's start closes every inherited descriptor but stdio and those up to
			 * $LISTEN_FDS (a count it compares with the descriptor number itself): the
			 * preserved ones and the box.
			 */
			char max[16];

			snprintf(max, sizeof(max), "%d", 3 + preserve_fds + held);
			setenv("LISTEN_FDS", max, 1);
		}
		return monitor(argv);
	}

	/*
	 * The container's stdio and preserved descriptors stay with the monitor and the container
	 * only; stderr until the join.
	 */
	null_stdio(0, 1);
	for (int fd = 3; fd < 3 + preserve_fds; fd++)
		close(fd);
	if (console >= 0)
		close(console);
	{
		char path[4200];

		snprintf(path, sizeof(path), "%s/%s", argv[8], FILE_READY_FIFO);
		/* not waiting for the init, the writer: poll reports nothing until it has come */
		ready = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	}
	signals = signalfd(-1, &all, SFD_CLOEXEC);
	if (ready < 0 || signals < 0) {
		fprintf(stderr, "lxcri4j-start: %s\n", strerror(errno));
		kill(child, SIGKILL);
	}
	for (;;) {
		struct pollfd p[3] = {{.fd = signals, .events = POLLIN}, {.fd = ready, .events = POLLIN}, {.fd = sock, .events = POLLIN}};
		struct signalfd_siginfo si;
		ssize_t n;

		if (poll(p, 3, -1) < 0)
			continue;
		if ((p[0].revents & POLLIN) && read(signals, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGCHLD) {
				if (waitpid(child, &status, WNOHANG) == child)
					return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
			} else if (init_fd >= 0) {
				syscall(SYS_pidfd_send_signal, init_fd, si.ssi_signo, NULL, 0);
			} else {
				kill(child, (int)si.ssi_signo);
			}
		}
		if (ready >= 0 && p[1].revents) {
			n = read(ready, report + reported, sizeof(report) - 1 - reported);
			if (n > 0) {
				reported += (size_t)n;
			} else if (n == 0 || errno != EAGAIN) {
				/* the init closed its end: its whole report */
				close(ready);
				ready = -1;
				while (reported && (unsigned char)report[reported - 1] <= ' ')
					reported--;
				report[reported] = '\0';
				if (strcmp(report, "ok")) {
					tell(sock, MSG_FAIL, report);
				} else if ((init = init_of(child, argv[1], argv[2])) <= 0) {
					tell(sock, MSG_FAIL, "liblxc does not report the container's init");
				} else {
					snprintf(err, sizeof(err), "%d", init);
					tell(sock, MSG_READY, err);
				}
			}
		}
		if (sock >= 0 && p[2].revents) {
			n = read(sock, lines + pending, sizeof(lines) - 1 - pending);
			if (n <= 0) {
				/* create is gone before the hand-over: so is the container */
				close(sock);
				sock = -1;
				kill(child, SIGKILL);
				continue;
			}
			pending += (size_t)n;
			lines[pending] = '\0';
			for (char *nl; (nl = strchr(lines, '\n'));) {
				*nl = '\0';
				if (!strcmp(lines, MSG_JOIN) && init > 0 && init_fd < 0) {
					init_fd = join(child, init, err, sizeof(err));
					if (init_fd < 0)
						tell(sock, MSG_FAIL, err);
					else
						tell(sock, MSG_JOINED, NULL);
					null_stdio(2, 2);
				} else if (!strcmp(lines, MSG_HAND_OVER)) {
					/* the container outlives create from now on */
					if (prctl(PR_SET_PDEATHSIG, 0) == 0)
						tell(sock, MSG_HANDED_OVER, NULL);
					close(sock);
					sock = -1;
					pending = 0;
					break;
				}
				pending -= (size_t)(nl + 1 - lines);
				memmove(lines, nl + 1, pending + 1);
			}
		}
	}
}
