/*
 * lxcri4j-hook: liblxc's autodev and stop hook. It runs on every container start and stop, where a
 * JVM would double the latency; hence C.
 *
 * usage: lxcri4j-hook HOOK_CONF NAME SECTION TYPE [liblxc's arguments]
 * HOOK_CONF holds NUL-separated records:
 *   dev=TYPE MAJOR MINOR MODE UID GID PATH   create a device node (TYPE c, b, u or p)
 *   mask=PATH                               hide a path: /dev/null over files, empty ro tmpfs over dirs
 *   sysctl=KEY=VALUE                        write /proc/sys/KEY (dots as slashes, unless KEY has one) in the container
 *   ro=PATH                                 bind PATH onto itself read-only
 *   link=TARGET PATH                        a symlink, as the host's /sys/fs/cgroup/cpu -> cpu,cpuacct
 *   remount=FLAGS PATH                      remount PATH with nosuid, noexec, nodev (comma-separated)
 *   hostname=NAME, domainname=NAME          set in the container's UTS namespace, created or joined
 *   bindfd=FD dir|file PATH                 attach the detached mount FD (lxcri4j-start cloned it as
 *                                           the host's root) at PATH, created as a dir or file
 *   evict=PID                               the pid-file process that create moved into the
 *   home=DIR                                container's cgroups, and each cgroup it came from
 *
 * autodev: liblxc runs it in the container's mount namespace after /dev is populated and before
 * pivot_root, with the rootfs at $LXC_ROOTFS_MOUNT; it applies dev, link, sysctl, remount, mask and ro.
 * stop: liblxc runs it in the host's namespaces after the init has died and before it removes the
 * container's cgroups; it moves the pid-file process (lxcri4j-start) back to its own cgroups, as a
 * cgroup that still holds a process cannot be removed.
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
#include <unistd.h>

/* The rootfs (LXC_ROOTFS_MOUNT), opened once: every container path is resolved beneath it. */
static int rootfd = -1;

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "lxcri4j-hook: %s %s: %s\n", what, path, strerror(errno));
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
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 0, path);
	return mkdirs_in_root(dir, 0);
}

static int device(char *spec)
{
	char type, path[4096];
	unsigned major, minor, mode, uid, gid;
	const char *name;
	mode_t kind;
	int dir, ret = 0;

	if (sscanf(spec, "%c %u %u %o %u %u %4095s", &type, &major, &minor, &mode, &uid, &gid, path) != 7) {
		fprintf(stderr, "lxcri4j-hook: bad device record %s\n", spec);
		return 1;
	}
	kind = type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;
	dir = parent_in_root(path, &name);
	if (dir < 0)
		return fail("creating the directory of", path);
	/* mknodat and fchownat never follow a link in the last component; umask is 0 (main) */
	if ((unlinkat(dir, name, 0) < 0 && errno != ENOENT) ||
	    mknodat(dir, name, kind | (mode & 07777), makedev(major, minor)) < 0)
		ret = fail("mknod", path);
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
	if (symlinkat(record, dir, name) < 0 && errno != EEXIST)
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
	fd = atoi(record);
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

/*
 * The mount flags a spec gives a mount liblxc makes itself (/dev, from lxc.autodev), applied by
 * remounting it.
 */
static int remount(char *record)
{
	char *space = strchr(record, ' '), proc[64];
	unsigned long flags = MS_REMOUNT;
	int fd, ret = 0;

	if (!space)
		return 1;
	*space = '\0';
	for (char *f = strtok(record, ","); f; f = strtok(NULL, ","))
		flags |= !strcmp(f, "nosuid") ? MS_NOSUID : !strcmp(f, "noexec") ? MS_NOEXEC : !strcmp(f, "nodev") ? MS_NODEV : 0;
	fd = open_in_root(space + 1, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fail("resolving", space + 1);
	if (mount(NULL, fd_path(fd, proc, sizeof(proc)), NULL, flags, NULL) < 0)
		ret = fail("remount", space + 1);
	close(fd);
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
	snprintf(key, sizeof(key), "proc/sys/%s", record);
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

static int stop(const char *buf, ssize_t n)
{
	const char *pid = NULL;
	int errors = 0;

	for (const char *p = buf; p < buf + n; p += strlen(p) + 1)
		if (!strncmp(p, "evict=", 6))
			pid = p + 6;
	if (!pid)
		return 0;
	for (const char *p = buf; p < buf + n; p += strlen(p) + 1)
		if (!strncmp(p, "home=", 5))
			errors += move(pid, p + 5);
	return errors ? 1 : 0;
}

int main(int argc, char *argv[])
{
	char buf[1 << 16];
	ssize_t n;
	const char *root;
	int fd, errors = 0;

	root = getenv("LXC_ROOTFS_MOUNT");
	if (argc < 5 || (!root && strcmp(argv[4], "stop"))) {
		fprintf(stderr, "lxcri4j-hook: usage: LXC_ROOTFS_MOUNT=... %s HOOK_CONF NAME SECTION TYPE\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open", argv[1]);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return fail("read", argv[1]);
	buf[n] = '\0';
	if (!strcmp(argv[4], "stop"))
		return stop(buf, n);
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return fail("open", root);
	umask(0); /* device modes exactly as the spec gives them */
	/* Devices and sysctls first: read-only paths may cover /proc/sys. */
	for (char *p = buf, *next; p < buf + n; p = next) {
		next = p + strlen(p) + 1;
		if (!strncmp(p, "dev=", 4))
			errors += device(p + 4);
		else if (!strncmp(p, "link=", 5))
			errors += symlink_record(p + 5);
		else if (!strncmp(p, "sysctl=", 7))
			errors += sysctl(p + 7);
		else if (!strncmp(p, "bindfd=", 7))
			errors += bindfd(p + 7);
		else if (!strncmp(p, "hostname=", 9) && sethostname(p + 9, strlen(p + 9)) < 0)
			errors += fail("sethostname", p + 9);
		else if (!strncmp(p, "domainname=", 11) && setdomainname(p + 11, strlen(p + 11)) < 0)
			errors += fail("setdomainname", p + 11);
	}
	for (char *p = buf, *next; p < buf + n; p = next) {
		next = p + strlen(p) + 1;
		if (!strncmp(p, "mask=", 5))
			errors += mask(p + 5);
		else if (!strncmp(p, "remount=", 8))
			errors += remount(p + 8);
		else if (!strncmp(p, "ro=", 3))
			errors += readonly(p + 3);
	}
	return errors ? 1 : 0;
}
