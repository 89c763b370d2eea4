/*
 * lxcri4j-hook: liblxc's mount and stop hook. It runs on every container start and stop, where a
 * JVM would double the latency; hence C.
 *
 * usage: lxcri4j-hook --all|--devices|--paths|--stop HOOK_CONF NAME SECTION TYPE [liblxc's arguments]
 * HOOK_CONF holds NUL-separated records:
 *   dev=TYPE MAJOR MINOR MODE UID GID PATH   create a device node (TYPE c, b, u or p); where the
 *                                           kernel refuses mknod (a user namespace), bind the host's
 *   link=TARGET PATH                        a symlink, replacing a file: /dev/ptmx -> pts/ptmx, the
 *                                           host's /sys/fs/cgroup/cpu -> cpu,cpuacct
 *   remount=FLAGS DATALEN DATA PATH         mount(2) MS_REMOUNT|FLAGS of the mount at PATH, with the
 *                                           DATALEN bytes of DATA: the spec's superblock options
 *                                           (sync, lazytime, mand) and "remount" entries
 *   mountattr=SET CLEAR RECURSIVE PATH      mount_setattr(2) on the mount at PATH (RECURSIVE 1: its
 *                                           tree): the attributes liblxc leaves out (MountAttributes.java)
 *   bindfd=FD dir|file PATH                 attach the detached mount FD (lxcri4j-start cloned it as
 *                                           the host's root) at PATH, created as a dir or file
 *   console=ROWS COLS                       process.terminal: a pty of the container's devpts,
 *                                           bound at /dev/console, its master sent over stdin (the
 *                                           console socket's connection); 0 0 keeps the size
 *   hostname=NAME, domainname=NAME          set in the container's UTS namespace, created or joined
 *   sysctl=KEY=VALUE                        write /proc/sys/KEY (dots as slashes, unless KEY has one) in the container
 *   ro=PATH                                 bind PATH onto itself read-only
 *   mask=PATH                               hide a path: /dev/null over files, empty ro tmpfs over dirs
 *   evict=PID                               the pid-file process that create moved into the
 *   home=DIR                                container's cgroups, and each cgroup it came from
 *
 * --devices, --paths, --all: liblxc's mount hook, in the container's mount namespace after every
 * mount of the spec and before pivot_root, with the rootfs at $LXC_ROOTFS_MOUNT. In runc's order:
 * --devices makes dev, link, bindfd and console; the prestart, createRuntime and createContainer
 * hooks run next, when there are any; then --paths sets hostname, domainname and sysctls and
 * applies read-only, then masked paths. --all is both, for a container without those hooks.
 * --stop: liblxc's stop hook, in the host's namespaces after the init has died and before liblxc
 * removes the container's cgroups; it moves the pid-file process (lxcri4j-start) back to its own
 * cgroups, as a cgroup that still holds a process cannot be removed.
 * Paths are inside the container and resolved there (open_in_root); a missing masked or read-only
 * path is skipped, as runc does.
 * sysctls go through the container's own /proc, in its namespaces, before the read-only paths:
 * liblxc's own lxc.sysctl writes through the host's /proc, which a host may mount read-only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "console.h"
#include "lxcri4j-protocol.h"

/* Whether record rec has key (a macro of lxcri4j-protocol.h), and its value. */
#define IS_RECORD(rec, key) (!strncmp(rec, key "=", sizeof(key)))
#define RECORD_VALUE(rec, key) ((rec) + sizeof(key))

/* The rootfs (LXC_ROOTFS_MOUNT), opened once: every container path is resolved beneath it. */
static int rootfd = -1;

/*
 * Where failures go besides stderr (which liblxc logs at DEBUG only): the box's hook.errors, which
 * create reports (CreateOperation.failureReason). The box is the mapped root's in a user namespace.
 */
static char errors_path[4200];

static int fail(const char *what, const char *path)
{
	const char *why = strerror(errno);
	int fd;

	fprintf(stderr, "lxcri4j-hook: %s %s: %s\n", what, path, why);
	fd = *errors_path ? open(errors_path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
	if (fd >= 0) {
		dprintf(fd, "%s %s: %s\n", what, path, why);
		close(fd);
	}
	return 1;
}

/*
 * Opens PATH as the container will see it: symlinks and ".." resolve with the rootfs as "/"
 * (openat2's RESOLVE_IN_ROOT), so an image's link to a host directory stays in the rootfs, as
 * runc's securejoin does (CVE-2021-30465 class). Magic links (/proc/self/...) are refused.
 */
static int open_in_root(const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	while (*path == '/')
		path++;
	return (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
}

/* The path through which mount(2) reaches what FD is: the fd's own magic link. */
static const char *fd_path(int fd, char *buf, size_t size)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
	return buf;
}

/*
 * Creates every missing directory of DIR inside the rootfs and returns it opened O_PATH (or -1).
 * Each level is created relative to its resolved parent, then resolved again from the root, so a
 * link met on the way is followed inside the rootfs and never out of it; a dangling link's target
 * is created there, as runc's MkdirAllInRoot does.
 */
static int mkdirs_in_root(const char *dir, int links)
{
	char prefix[4096];
	size_t len = strlen(dir);
	int fd;

	if (len >= sizeof(prefix) || links > 40) {
		errno = len >= sizeof(prefix) ? ENAMETOOLONG : ELOOP;
		return -1;
	}
	fd = open_in_root("/", O_PATH | O_DIRECTORY);
	for (size_t i = 0; fd >= 0 && i <= len; i++) {
		const char *name;
		int next;

		if (i < len && dir[i] != '/')
			continue;
		memcpy(prefix, dir, i);
		prefix[i] = '\0';
		if (i == 0 || prefix[i - 1] == '/')
			continue;
		next = open_in_root(prefix, O_PATH | O_DIRECTORY);
		name = strrchr(prefix, '/');
		name = name ? name + 1 : prefix;
		if (next < 0 && errno == ENOENT) {
			if (mkdirat(fd, name, 0755) == 0) {
				next = open_in_root(prefix, O_PATH | O_DIRECTORY);
			} else if (errno == EEXIST) {
				/* a dangling link: make its target, resolved in the rootfs, then the rest */
				char target[4096], redo[8192];
				ssize_t n = readlinkat(fd, name, target, sizeof(target) - 1);

				close(fd);
				if (n <= 0)
					return -1;
				target[n] = '\0';
				snprintf(redo, sizeof(redo), "%.*s%s%s", target[0] == '/' ? 0 : (int)(name - prefix), prefix,
					 target, dir + i);
				return mkdirs_in_root(redo, links + 1);
			}
		}
		close(fd);
		fd = next;
	}
	return fd;
}

/* Splits PATH at its last slash: the directory (made and opened in the rootfs) and the name. */
static int parent_in_root(const char *path, const char **name)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');

	*name = slash ? slash + 1 : path;
	if (!**name || !strcmp(*name, ".") || !strcmp(*name, "..")) {
		errno = EINVAL;
		return -1;
	}
	if (slash && (size_t)(slash - path) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 0, path);
	return mkdirs_in_root(dir, 0);
}

/*
 * Where the kernel refuses mknod (a user namespace), the host's node at the same path, bound onto an
 * empty file, as runc and liblxc do; it must be the very device the spec names. Before pivot_root
 * the hook's "/" is still the host's.
 */
static int bind_host_device(int dir, const char *name, const char *path, mode_t kind, dev_t rdev)
{
	char from[64], to[64];
	struct stat st;
	int host, target, f, ret = 0;

	host = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (host < 0)
		return fail("binding the host's device (mknod is not permitted)", path);
	if (fstat(host, &st) < 0 || (st.st_mode & S_IFMT) != kind || st.st_rdev != rdev) {
		close(host);
		errno = ENODEV;
		return fail("binding the host's device (mknod is not permitted; the host's is another)", path);
	}
	f = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0);
	if (f >= 0)
		close(f);
	target = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (f < 0 || target < 0 || mount(fd_path(host, from, sizeof(from)), fd_path(target, to, sizeof(to)), NULL, MS_BIND, NULL) < 0)
		ret = fail("binding the host's device", path);
	if (target >= 0)
		close(target);
	close(host);
	return ret;
}

static int device(char *spec)
{
	char type, *path;
	unsigned major, minor, mode, uid, gid;
	const char *name;
	struct stat st;
	mode_t kind;
	int dir, ret = 0, at = 0;

	/* the path is the rest of the record, whatever its length */
	if (sscanf(spec, "%c %u %u %o %u %u %n", &type, &major, &minor, &mode, &uid, &gid, &at) != 6 || !at || !spec[at]) {
		errno = EINVAL;
		return fail("bad device record", spec);
	}
	path = spec + at;
	kind = type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;
	dir = parent_in_root(path, &name);
	if (dir < 0)
		return fail("creating the directory of", path);
	/* the spec: a file already there must be that device (then it stays as it is), else an error */
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if ((st.st_mode & S_IFMT) != kind || (kind != S_IFIFO && st.st_rdev != makedev(major, minor))) {
			errno = EEXIST;
			ret = fail("a file that is not the device exists at", path);
		}
	} else if (errno != ENOENT)
		ret = fail("stat", path);
	/* mknodat and fchownat never follow a link in the last component; umask is 0 (main) */
	else if (mknodat(dir, name, kind | (mode & 07777), makedev(major, minor)) < 0)
		ret = errno == EPERM && kind != S_IFIFO ? bind_host_device(dir, name, path, kind, makedev(major, minor))
							: fail("mknod", path);
	else if (fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
		ret = fail("chown", path);
	close(dir);
	return ret;
}

static int mask(const char *path)
{
	char proc[64];
	struct stat st;
	int fd, ret = 0;

	fd = open_in_root(path, O_PATH);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail("resolving", path);
	if (fstatat(fd, "", &st, AT_EMPTY_PATH) < 0) {
		ret = fail("stat", path);
	} else if (S_ISDIR(st.st_mode)) {
		if (mount("tmpfs", fd_path(fd, proc, sizeof(proc)), "tmpfs", MS_RDONLY, "size=0k") < 0)
			ret = fail("masking directory", path);
	} else if (mount("/dev/null", fd_path(fd, proc, sizeof(proc)), NULL, MS_BIND, NULL) < 0) {
		ret = fail("masking", path);
	} else {
		/* the new mount on top: nosuid and noexec, as runc's masks (its /dev/null is on such a tmpfs) */
		int top = open_in_root(path, O_PATH);
		if (top < 0 || mount(NULL, fd_path(top, proc, sizeof(proc)), NULL,
				     MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NOEXEC, NULL) < 0)
			ret = fail("masking", path);
		if (top >= 0)
			close(top);
	}
	close(fd);
	return ret;
}

static int readonly(const char *path)
{
	char proc[64];
	int fd, top, ret = 0;

	fd = open_in_root(path, O_PATH);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail("resolving", path);
	if (mount(fd_path(fd, proc, sizeof(proc)), proc, NULL, MS_BIND | MS_REC, NULL) < 0) {
		close(fd);
		return fail("bind", path);
	}
	close(fd);
	/* as runc's read-only paths: nosuid, nodev and noexec too; the remount reaches the new mount */
	top = open_in_root(path, O_PATH);
	if (top < 0 || mount(NULL, fd_path(top, proc, sizeof(proc)), NULL,
			     MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		ret = fail("remount read-only", path);
	if (top >= 0)
		close(top);
	return ret;
}

static int symlink_record(char *record)
{
	char *space = strchr(record, ' ');
	const char *name;
	int dir, ret = 0;

	if (!space)
		return 1;
	*space = '\0';
	dir = parent_in_root(space + 1, &name);
	if (dir < 0)
		return fail("creating the directory of", space + 1);
	/* a node the image has there (its /dev/ptmx) is replaced; a directory is left and fails */
	if ((unlinkat(dir, name, 0) < 0 && errno != ENOENT && errno != EISDIR) || symlinkat(record, dir, name) < 0)
		ret = fail("symlink", space + 1);
	close(dir);
	return ret;
}

static int bindfd(char *record)
{
	char *kind = strchr(record, ' '), *target;
	const char *name;
	int fd, dir, at, ret = 0;

	if (!kind || !(target = strchr(kind + 1, ' ')))
		return 1;
	*kind++ = '\0';
	*target++ = '\0';
	{
		char *end;
		long n = strtol(record, &end, 10);

		if (*end || n < 3 || n > 1 << 20) {
			errno = EBADF;
			return fail("bad bindfd record", record);
		}
		fd = (int)n;
	}
	dir = parent_in_root(target, &name);
	if (dir < 0)
		return fail("creating the directory of", target);
	/* the mount point, unless the image has one */
	if (!strcmp(kind, "dir")) {
		if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST)
			ret = fail("mkdir", target);
	} else {
		int f = openat(dir, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (f >= 0)
			close(f);
		else if (errno != EEXIST && errno != EISDIR && errno != ELOOP)
			ret = fail("creating", target);
	}
	close(dir);
	if (ret)
		return ret;
	at = open_in_root(target, O_PATH);
	if (at < 0)
		return fail("resolving", target);
	if (syscall(SYS_move_mount, fd, "", at, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		ret = fail("attaching the bind mount at", target);
	close(at);
	close(fd);
	return ret;
}

static int remount(char *record)
{
	char *end, *data, *path, proc[64];
	unsigned long flags = strtoul(record, &end, 10), len = 0;
	int fd, ret = 0;

	if (*end == ' ')
		len = strtoul(end + 1, &end, 10);
	if (*end != ' ' || strnlen(end + 1, len + 1) < len + 1 || end[1 + len] != ' ') {
		errno = EINVAL;
		return fail("bad remount record", record);
	}
	data = end + 1;
	path = data + len + 1;
	data[len] = '\0';
	fd = open_in_root(path, O_PATH);
	if (fd < 0)
		return fail("resolving", path);
	if (mount(NULL, fd_path(fd, proc, sizeof(proc)), NULL, MS_REMOUNT | flags, len ? data : NULL) < 0)
		ret = fail("remount", path);
	close(fd);
	return ret;
}

static int mount_attr(char *record)
{
	unsigned set, clear, recursive;
	struct mount_attr attr = {0};
	int at = 0, fd, ret = 0;

	if (sscanf(record, "%u %u %u %n", &set, &clear, &recursive, &at) != 3 || at == 0) {
		errno = EINVAL;
		return fail("bad mountattr record", record);
	}
	attr.attr_set = set;
	attr.attr_clr = clear;
	fd = open_in_root(record + at, O_PATH);
	if (fd < 0)
		return fail("resolving", record + at);
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof(attr)) < 0)
		ret = fail("setting the mount options of", record + at);
	close(fd);
	return ret;
}

/*
 * process.terminal: a pty of the container's devpts (through its /dev/ptmx), its slave bound at
 * /dev/console as the spec asks, its master sent over stdin, the connection to the console socket
 * that lxcri4j-start passed down. Here, before pivot_root and the seccomp profile, the mount is
 * still possible; the init then opens /dev/console.
 */
static int console(const char *record)
{
	char from[64], to[64];
	unsigned rows, cols;
	const char *name;
	int master, slave = -1, dir, target = -1, ret = 0, unlock = 0;

	if (sscanf(record, "%u %u", &rows, &cols) != 2 || rows > 65535 || cols > 65535) {
		errno = EINVAL;
		return fail("bad console record", record);
	}
	master = open_in_root("/dev/ptmx", O_RDWR | O_NOCTTY);
	if (master < 0)
		return fail("allocating a pty from", "/dev/ptmx");
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || (slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		ret = fail("opening the pty of", "/dev/ptmx");
		goto out;
	}
	if (rows && cols) {
		struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};

		if (ioctl(master, TIOCSWINSZ, &ws) < 0) {
			ret = fail("setting the size of", "/dev/console");
			goto out;
		}
	}
	dir = parent_in_root("/dev/console", &name);
	if (dir < 0) {
		ret = fail("creating the directory of", "/dev/console");
		goto out;
	}
	/* the mount point: an empty file, or whatever the image has there (mknod of a file needs no privilege) */
	if (mknodat(dir, name, S_IFREG | 0600, 0) < 0 && errno != EEXIST)
		ret = fail("creating", "/dev/console");
	else if ((target = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
		 mount(fd_path(slave, from, sizeof(from)), fd_path(target, to, sizeof(to)), NULL, MS_BIND, NULL) < 0)
		ret = fail("binding the pty at", "/dev/console");
	else if (send_pty_master(STDIN_FILENO, master) < 0)
		ret = fail("sending the terminal to", "the console socket");
	if (target >= 0)
		close(target);
	close(dir);
out:
	if (slave >= 0)
		close(slave);
	close(master);
	return ret;
}

/* Written through the container's own procfs, resolved in its rootfs and checked to be a procfs. */
static int sysctl(char *record)
{
	char *eq = strchr(record, '='), key[4096];
	struct statfs fs;
	int fd, n;

	if (!eq)
		return 1;
	*eq = '\0';
	if (snprintf(key, sizeof(key), "proc/sys/%s", record) >= (int)sizeof(key)) {
		errno = ENAMETOOLONG;
		return fail("sysctl", record);
	}
	/* dotted names become paths; a name given as a path keeps its dots (interface names) */
	if (!strchr(record, '/'))
		for (char *p = key + 9; *p; p++)
			if (*p == '.')
				*p = '/';
	fd = open_in_root(key, O_WRONLY);
	if (fd < 0)
		return fail("sysctl", record);
	if (fstatfs(fd, &fs) < 0 || fs.f_type != PROC_SUPER_MAGIC) {
		close(fd);
		errno = EXDEV;
		return fail("sysctl (not on the container's procfs)", record);
	}
	n = write(fd, eq + 1, strlen(eq + 1));
	close(fd);
	return n < 0 ? fail("sysctl", record) : 0;
}

/* Writes PID into DIR/cgroup.procs; a process that is already gone is not an error. */
static int move(const char *pid, const char *dir)
{
	char path[4200];
	int fd, n;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open", path);
	n = write(fd, pid, strlen(pid));
	close(fd);
	return n < 0 && errno != ESRCH ? fail("moving pid-file process to", dir) : 0;
}

static int stop(const char *buf, size_t n)
{
	const char *pid = NULL;
	int errors = 0;

	for (const char *p = buf; p < buf + n; p += strlen(p) + 1)
		if (IS_RECORD(p, REC_EVICT))
			pid = RECORD_VALUE(p, REC_EVICT);
	if (!pid)
		return 0;
	for (const char *p = buf; p < buf + n; p += strlen(p) + 1)
		if (IS_RECORD(p, REC_HOME))
			errors += move(pid, RECORD_VALUE(p, REC_HOME));
	return errors ? 1 : 0;
}

/* The whole file, NUL-terminated, or NULL; *size is its length. */
static char *read_all(const char *path, size_t *size)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap), *bigger;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (len + 1 == cap) {
			if (!(bigger = realloc(buf, cap *= 2))) {
				n = -1;
				break;
			}
			buf = bigger;
		}
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*size = len;
	return buf;
}

#define EACH_RECORD(p, buf, n) for (char *p = (buf), *next_; p < (buf) + (n) && (next_ = p + strlen(p) + 1); p = next_)

/*
 * liblxc (since 4.0.11) detaches whatever is mounted at /dev/pts when it mounts no devpts of its own
 * (lxc.pty.max = 0, lxc_finish_devpts_child), and fails the start if nothing is. The spec's devpts
 * is mounted there, in the spec's order, so an empty tmpfs goes on top of it for liblxc to take.
 */
static int devpts_decoy(void)
{
	char proc[64];
	int at = mkdirs_in_root("/dev/pts", 0), ret = 0;

	if (at < 0)
		return fail("creating", "/dev/pts");
	if (mount("tmpfs", fd_path(at, proc, sizeof(proc)), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0k") < 0)
		ret = fail("covering for liblxc", "/dev/pts");
	close(at);
	return ret;
}

/* Devices, links, held bind mounts and the console, on the spec's mounts, before the create hooks. */
static int devices(char *buf, size_t n)
{
	int errors = 0;

	/* first, as runc sets them when it mounts: a read-only bind holds no device made later */
	EACH_RECORD(p, buf, n) {
		if (IS_RECORD(p, REC_REMOUNT))
			errors += remount(RECORD_VALUE(p, REC_REMOUNT));
		else if (IS_RECORD(p, REC_MOUNT_ATTR))
			errors += mount_attr(RECORD_VALUE(p, REC_MOUNT_ATTR));
	}
	EACH_RECORD(p, buf, n) {
		if (IS_RECORD(p, REC_DEVICE))
			errors += device(RECORD_VALUE(p, REC_DEVICE));
		else if (IS_RECORD(p, REC_LINK))
			errors += symlink_record(RECORD_VALUE(p, REC_LINK));
		else if (IS_RECORD(p, REC_BIND_FD))
			errors += bindfd(RECORD_VALUE(p, REC_BIND_FD));
	}
	EACH_RECORD(p, buf, n)
		if (IS_RECORD(p, REC_CONSOLE))
			errors += console(RECORD_VALUE(p, REC_CONSOLE));
	return errors + devpts_decoy();
}

/* After the create hooks, as runc after pivot_root: names, sysctls, then read-only, then masked paths. */
static int paths(char *buf, size_t n)
{
	int errors = 0;

	EACH_RECORD(p, buf, n) {
		if (IS_RECORD(p, REC_HOSTNAME) && sethostname(RECORD_VALUE(p, REC_HOSTNAME), strlen(RECORD_VALUE(p, REC_HOSTNAME))) < 0)
			errors += fail("sethostname", p + 9);
		else if (IS_RECORD(p, REC_DOMAINNAME) && setdomainname(RECORD_VALUE(p, REC_DOMAINNAME), strlen(RECORD_VALUE(p, REC_DOMAINNAME))) < 0)
			errors += fail("setdomainname", p + 11);
		else if (IS_RECORD(p, REC_SYSCTL))
			errors += sysctl(RECORD_VALUE(p, REC_SYSCTL));
	}
	EACH_RECORD(p, buf, n)
		if (IS_RECORD(p, REC_READONLY_PATH))
			errors += readonly(RECORD_VALUE(p, REC_READONLY_PATH));
	EACH_RECORD(p, buf, n)
		if (IS_RECORD(p, REC_MASKED_PATH))
			errors += mask(RECORD_VALUE(p, REC_MASKED_PATH));
	return errors;
}

int main(int argc, char *argv[])
{
	const char *root, *phase = argc > 1 ? argv[1] : "";
	size_t n;
	char *buf;
	int errors = 0;

	root = getenv("LXC_ROOTFS_MOUNT");
	if (argc < 6 || (strcmp(phase, PHASE_ALL) && strcmp(phase, PHASE_DEVICES) && strcmp(phase, PHASE_PATHS) && strcmp(phase, PHASE_STOP)) ||
	    (!root && strcmp(phase, PHASE_STOP))) {
		fprintf(stderr, "lxcri4j-hook: usage: LXC_ROOTFS_MOUNT=... %s --all|--devices|--paths|--stop HOOK_CONF NAME SECTION TYPE\n",
			argv[0]);
		return 2;
	}
	buf = read_all(argv[2], &n);
	if (!buf)
		return fail("read", argv[2]);
	if (!strcmp(phase, PHASE_STOP))
		return stop(buf, n);
	{
		const char *slash = strrchr(argv[2], '/');

		snprintf(errors_path, sizeof(errors_path), "%.*s" FILE_BOX "/" FILE_HOOK_ERRORS, slash ? (int)(slash - argv[2] + 1) : 0, argv[2]);
	}
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return fail("open", root);
	umask(0); /* device modes exactly as the spec gives them */
	if (strcmp(phase, PHASE_PATHS))
		errors += devices(buf, n);
	if (strcmp(phase, PHASE_DEVICES))
		errors += paths(buf, n);
	return errors ? 1 : 0;
}
