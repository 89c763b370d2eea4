/*
 * lxcri4j-hook: liblxc's autodev and stop hook. It runs on every container start and stop, where a
 * JVM would double the latency; hence C.
 *
 * usage: lxcri4j-hook HOOK_CONF NAME SECTION TYPE [liblxc's arguments]
 * HOOK_CONF holds NUL-separated records:
 *   dev=TYPE MAJOR MINOR MODE UID GID PATH   create a device node (TYPE c, b, u or p)
 *   mask=PATH                               hide a path: /dev/null over files, empty ro tmpfs over dirs
 *   sysctl=KEY=VALUE                        write /proc/sys/KEY (dots as slashes) in the container
 *   ro=PATH                                 bind PATH onto itself read-only
 *   link=TARGET PATH                        a symlink, as the host's /sys/fs/cgroup/cpu -> cpu,cpuacct
 *   remount=FLAGS PATH                      remount PATH with nosuid, noexec, nodev (comma-separated)
 *   evict=PID                               the pid-file process that create moved into the
 *   home=DIR                                container's cgroups, and each cgroup it came from
 *
 * autodev: liblxc runs it in the container's mount namespace after /dev is populated and before
 * pivot_root, with the rootfs at $LXC_ROOTFS_MOUNT; it applies dev, link, sysctl, remount, mask and ro.
 * stop: liblxc runs it in the host's namespaces after the init has died and before it removes the
 * container's cgroups; it moves the pid-file process (lxcri4j-start) back to its own cgroups, as a
 * cgroup that still holds a process cannot be removed.
 * Paths are inside the container; a missing masked or read-only path is skipped, as runc does.
 * sysctls go through the container's own /proc, in its namespaces, before the read-only paths:
 * liblxc's own lxc.sysctl writes through the host's /proc, which a host may mount read-only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const char *root;

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "lxcri4j-hook: %s %s: %s\n", what, path, strerror(errno));
	return 1;
}

static void join(char *buf, size_t size, const char *path)
{
	snprintf(buf, size, "%s/%s", root, path[0] == '/' ? path + 1 : path);
}

static int mkdirs_for(char *path)
{
	char *slash = strrchr(path, '/');
	int ret = 0;

	if (!slash || slash == path)
		return 0;
	*slash = '\0';
	if (mkdir(path, 0755) < 0 && errno == ENOENT) {
		ret = mkdirs_for(path);
		if (!ret && mkdir(path, 0755) < 0 && errno != EEXIST)
			ret = -1;
	}
	*slash = '/';
	return ret;
}

static int device(char *spec)
{
	char type, path[4096], full[4200];
	unsigned major, minor, mode, uid, gid;
	mode_t kind;

	if (sscanf(spec, "%c %u %u %o %u %u %4095s", &type, &major, &minor, &mode, &uid, &gid, path) != 7) {
		fprintf(stderr, "lxcri4j-hook: bad device record %s\n", spec);
		return 1;
	}
	kind = type == 'b' ? S_IFBLK : type == 'p' ? S_IFIFO : S_IFCHR;
	join(full, sizeof(full), path);
	mkdirs_for(full);
	unlink(full);
	if (mknod(full, kind | (mode & 07777), makedev(major, minor)) < 0)
		return fail("mknod", path);
	if (chmod(full, mode & 07777) < 0 || chown(full, uid, gid) < 0)
		return fail("chmod/chown", path);
	return 0;
}

static int mask(const char *path)
{
	char full[4200];
	struct stat st;

	join(full, sizeof(full), path);
	if (stat(full, &st) < 0)
		return errno == ENOENT ? 0 : fail("stat", path);
	if (S_ISDIR(st.st_mode)) {
		if (mount("tmpfs", full, "tmpfs", MS_RDONLY, "size=0k") < 0)
			return fail("masking directory", path);
	} else if (mount("/dev/null", full, NULL, MS_BIND, NULL) < 0 ||
		   /* nosuid and noexec, as runc's masks (its /dev/null is on a tmpfs mounted so) */
		   mount(NULL, full, NULL, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NOEXEC, NULL) < 0) {
		return fail("masking", path);
	}
	return 0;
}

static int readonly(const char *path)
{
	char full[4200];

	join(full, sizeof(full), path);
	if (mount(full, full, NULL, MS_BIND | MS_REC, NULL) < 0)
		return errno == ENOENT ? 0 : fail("bind", path);
	/* as runc's read-only paths: nosuid, nodev and noexec too */
	if (mount(full, full, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_REC, NULL) < 0)
		return fail("remount read-only", path);
	return 0;
}

static int symlink_record(char *record)
{
	char *space = strchr(record, ' '), full[4200];

	if (!space)
		return 1;
	*space = '\0';
	join(full, sizeof(full), space + 1);
	if (symlink(record, full) < 0 && errno != EEXIST)
		return fail("symlink", space + 1);
	return 0;
}

/*
 * The mount flags a spec gives a mount liblxc makes itself (/dev, from lxc.autodev), applied by
 * remounting it.
 */
static int remount(char *record)
{
	char *space = strchr(record, ' '), full[4200];
	unsigned long flags = MS_REMOUNT;

	if (!space)
		return 1;
	*space = '\0';
	for (char *f = strtok(record, ","); f; f = strtok(NULL, ","))
		flags |= !strcmp(f, "nosuid") ? MS_NOSUID : !strcmp(f, "noexec") ? MS_NOEXEC : !strcmp(f, "nodev") ? MS_NODEV : 0;
	join(full, sizeof(full), space + 1);
	if (mount(NULL, full, NULL, flags, NULL) < 0)
		return fail("remount", space + 1);
	return 0;
}

static int sysctl(char *record)
{
	char *eq = strchr(record, '='), key[4096], full[4200];
	int fd, n;

	if (!eq)
		return 1;
	*eq = '\0';
	snprintf(key, sizeof(key), "proc/sys/%s", record);
	for (char *p = key + 9; *p; p++)
		if (*p == '.')
			*p = '/';
	join(full, sizeof(full), key);
	fd = open(full, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("sysctl", record);
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
	/* Devices and sysctls first: read-only paths may cover /proc/sys. */
	for (char *p = buf, *next; p < buf + n; p = next) {
		next = p + strlen(p) + 1;
		if (!strncmp(p, "dev=", 4))
			errors += device(p + 4);
		else if (!strncmp(p, "link=", 5))
			errors += symlink_record(p + 5);
		else if (!strncmp(p, "sysctl=", 7))
			errors += sysctl(p + 7);
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
