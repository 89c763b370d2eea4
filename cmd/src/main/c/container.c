/*
 * The front end's view of a container: the C twin of what ContainerStore, ContainerLock,
 * ContainerStatus, CgroupFiles, Freezer, CgroupSweep and HookRunner do for state, start, kill,
 * pause, resume, ps and delete. Both read the same record and take the same lock (fcntl on
 * ROOT/.ID.lock); the CLI tests run through both paths so that they answer alike.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "lxcri4j-protocol.h"

#define STOP_TIMEOUT_MS 10000
#define V1_FSTYPE "cgroup"
#define V2_FSTYPE "cgroup2"

static char root_dir[PATH_MAX], dir[PATH_MAX], lock_path[PATH_MAX], file_buf[PATH_MAX + 64];

void container_paths(const char *root, const char *id)
{
	snprintf(root_dir, sizeof(root_dir), "%s", root);
	snprintf(dir, sizeof(dir), "%s/%s", root, id);
	snprintf(lock_path, sizeof(lock_path), "%s/.%s.lock", root, id);
}

const char *container_dir(void)
{
	return dir;
}

const char *container_file(const char *name)
{
	snprintf(file_buf, sizeof(file_buf), "%s/%s", dir, name);
	return file_buf;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool container_exists(void)
{
	return is_dir(dir);
}

/* ContainerStore.lock: waits for the lock; a lock file unlinked meanwhile is opened again. */
int lock_container(const char *id)
{
	if (!is_dir(root_dir))
		fail("container %s does not exist", id);
	for (;;) {
		int fd = open(lock_path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0)
			fail("cannot lock container %s: %s", id, strerror(errno));
		struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		while (fcntl(fd, F_SETLKW, &l) < 0) {
			if (errno != EINTR)
				fail("cannot lock container %s: %s", id, strerror(errno));
		}
		struct stat st;
		if (fstat(fd, &st) == 0 && st.st_nlink > 0) {
			if (!container_exists()) {
				unlink(lock_path);
				close(fd);
				fail("container %s does not exist", id);
			}
			return fd;
		}
		close(fd); /* its holder removed it: lock the one at the path now */
	}
}

void remove_stale_lock(void)
{
	if (!is_dir(root_dir))
		return;
	int fd = open(lock_path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0)
		return;
	struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	while (fcntl(fd, F_SETLKW, &l) < 0 && errno == EINTR)
		;
	struct stat st;
	if (fstat(fd, &st) == 0 && st.st_nlink > 0 && !container_exists())
		unlink(lock_path);
	close(fd);
}

void unlock_container(int fd)
{
	close(fd);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT)
		fail("cannot remove %s: %s", dir, strerror(errno));
	return 0;
}

/* ContainerStore.remove, under the lock: the lock file, then the runtime directory. */
void remove_container(void)
{
	unlink(lock_path);
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
		fail("cannot remove %s: %s", dir, strerror(errno));
}

/* A whole file, NUL-terminated; NULL with errno. */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			buf = realloc(buf, cap *= 2);
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = errno;
			close(fd);
			if (r < 0) {
				free(buf);
				errno = e;
				return NULL;
			}
			break;
		}
		n += r;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

#define APPEND(array, count, value)                                              \
	do {                                                                         \
		(array) = realloc((array), sizeof(*(array)) * ((count) + 1));            \
		(array)[(count)++] = (value);                                            \
	} while (0)

static bool key_is(const char *rec, const char *key, const char **value)
{
	size_t n = strlen(key);
	if (strncmp(rec, key, n) || rec[n] != '=')
		return false;
	*value = rec + n + 1;
	return true;
}

static bool number(const char *s, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return *s && !*end && !errno;
}

/* ContainerStore.read with RecordFormat.decode; what Java would call broken goes to the JVM. */
int read_record(struct record *r)
{
	size_t len;
	char *buf = slurp(container_file(FILE_RECORD), &len);
	if (!buf) {
		if (errno == ENOENT)
			return -1;
		jvm();
	}
	if (len == 0 || buf[len - 1] != '\0')
		jvm();
	memset(r, 0, sizeof(*r));
	long long monitor = 0, init = 0, start = 0;
	bool have_start = false;
	const char *key = NULL;
	struct hook *last = NULL;
	for (char *rec = buf; rec < buf + len; rec += strlen(rec) + 1) {
		const char *v;
		if (key_is(rec, REC_CONTAINER_ID, &v)) {
			r->id = v;
		} else if (key_is(rec, REC_BUNDLE, &v)) {
			r->bundle = v;
		} else if (key_is(rec, REC_CREATED, &v)) {
			r->created = v;
		} else if (key_is(rec, REC_MONITOR_PID, &v)) {
			if (!number(v, &monitor))
				jvm();
		} else if (key_is(rec, REC_INIT_PID, &v)) {
			if (!number(v, &init))
				jvm();
		} else if (key_is(rec, REC_INIT_START_TIME, &v)) {
			if (!number(v, &start))
				jvm();
			have_start = true;
		} else if (key_is(rec, REC_ANNOTATION, &v)) {
			key = v;
		} else if (key_is(rec, REC_ANNOTATION_VALUE, &v) && key) {
			r->annotation_keys = realloc(r->annotation_keys, sizeof(char *) * (r->nannotations + 1));
			APPEND(r->annotation_values, r->nannotations, v);
			r->annotation_keys[r->nannotations - 1] = key;
			key = NULL;
		} else if (key_is(rec, REC_POSTSTART, &v)) {
			APPEND(r->poststart, r->npoststart, ((struct hook){.path = v}));
			last = &r->poststart[r->npoststart - 1];
		} else if (key_is(rec, REC_POSTSTOP, &v)) {
			APPEND(r->poststop, r->npoststop, ((struct hook){.path = v}));
			last = &r->poststop[r->npoststop - 1];
		} else if (key_is(rec, REC_CGROUP, &v)) {
			APPEND(r->cgroups, r->ncgroups, v);
		} else if (last && key_is(rec, REC_HOOK_ARG, &v)) {
			APPEND(last->args, last->nargs, v);
		} else if (last && key_is(rec, REC_HOOK_ENV, &v)) {
			APPEND(last->env, last->nenv, v);
		} else if (last && key_is(rec, REC_HOOK_TIMEOUT, &v)) {
			long long t;
			if (!number(v, &t))
				jvm();
			last->timeout = (int)t;
		}
	}
	if (!r->id || !r->bundle || !r->created || !have_start || monitor <= 0 || init <= 0 || monitor > INT_MAX
	    || init > INT_MAX || strcmp(r->id, strrchr(dir, '/') + 1))
		jvm();
	r->monitor_pid = (int)monitor;
	r->init_pid = (int)init;
	r->init_start = start;
	return 0;
}

/* /proc/PID/stat after the command: state (field 3) and start time (field 22); -1 when gone. */
static long long stat_start(int pid, char *state)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	*state = *p;
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -1;
		p++;
	}
	return strtoll(p, NULL, 10);
}

/* ProcessInfo.alive: exists, no zombie, started at start (an unknown start time matches nothing). */
static bool alive(int pid, long long start)
{
	char state;
	if (pid <= 0 || start <= 0)
		return false;
	long long t = stat_start(pid, &state);
	return t >= 0 && state != 'Z' && state != 'X' && t == start;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* ContainerStatus.status. */
const char *container_status(const struct record *r)
{
	if (!alive(r->init_pid, r->init_start))
		return STATUS_STOPPED;
	if (!exists(container_file(FILE_STARTED)))
		return STATUS_CREATED;
	if (!exists(container_file(FILE_PAUSED)))
		return STATUS_RUNNING;
	struct cgroups c;
	if (container_cgroups(r, &c) < 0 || !c.has_freezer || c.freezer_root)
		return STATUS_STOPPED; /* exited meanwhile; or what Freezer.of refuses */
	return frozen(&c) ? STATUS_PAUSED : STATUS_RUNNING;
}

static int pidfd_open(int pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

static int pidfd_signal(int fd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
}

/* Whether the options of a v1 cgroup mount, less the generic ones, are key (CgroupMembership). */
static bool generic_option(const char *o)
{
	static const char *const generic[] = {"rw", "ro", "nosuid", "nodev", "noexec", "relatime", "clone_children", NULL};
	for (int i = 0; generic[i]; i++)
		if (!strcmp(o, generic[i]))
			return true;
	return !strncmp(o, "release_agent", 13);
}

static bool v1_key_matches(char *options, const char *key)
{
	char joined[512] = "";
	for (char *save, *o = strtok_r(options, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		if (generic_option(o))
			continue;
		if (*joined)
			strncat(joined, ",", sizeof(joined) - strlen(joined) - 1);
		strncat(joined, o, sizeof(joined) - strlen(joined) - 1);
	}
	return !strcmp(joined, key);
}

/* The first mount point of the hierarchy that /proc/PID/cgroup names key ("" for v2). */
static bool mount_of(const char *mountinfo, const char *key, char *out, size_t outlen)
{
	char line[4096];
	for (const char *p = mountinfo; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n < sizeof(line)) {
			memcpy(line, p, n);
			line[n] = '\0';
			char *sep = strstr(line, " - ");
			if (sep) {
				*sep = '\0';
				char *f[6] = {0}, *save, *post = sep + 3;
				int i = 0;
				for (char *t = strtok_r(line, " ", &save); t && i < 6; t = strtok_r(NULL, " ", &save))
					f[i++] = t;
				char *fstype = strtok_r(post, " ", &save);
				strtok_r(NULL, " ", &save);
				char *options = strtok_r(NULL, " ", &save);
				if (i >= 5 && !strcmp(f[3], "/") && fstype && options
				    && !strcmp(fstype, *key ? V1_FSTYPE : V2_FSTYPE) && (!*key || v1_key_matches(options, key))) {
					snprintf(out, outlen, "%s", f[4]);
					return true;
				}
			}
		}
		p += n + (nl ? 1 : 0);
	}
	return false;
}

/* The directory of controller (v1) or the unified one; never a hierarchy's root (CgroupFiles.dir). */
static bool controller_dir(const char *cgroup, const char *mountinfo, bool v2, const char *controller, char *out, size_t outlen,
			   bool *root)
{
	char buf[8192];
	snprintf(buf, sizeof(buf), "%s", cgroup);
	for (char *save, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c1 = *c2 = '\0';
		const char *hierarchy = c1 + 1, *path = c2 + 1;
		bool match = v2 ? !*hierarchy : false;
		if (!v2 && *hierarchy) {
			char list[512];
			snprintf(list, sizeof(list), "%s", hierarchy);
			for (char *s2, *t = strtok_r(list, ",", &s2); t; t = strtok_r(NULL, ",", &s2))
				match |= !strcmp(t, controller);
		}
		if (!match)
			continue;
		char mount[PATH_MAX];
		if (!mount_of(mountinfo, hierarchy, mount, sizeof(mount)))
			return false;
		*root = !strcmp(path, "/");
		snprintf(out, outlen, "%s%s", mount, path);
		return true;
	}
	return false;
}

/* ContainerStatus.cgroups: read through the init while a pidfd proves the pid is still its. */
int container_cgroups(const struct record *r, struct cgroups *c)
{
	int fd = pidfd_open(r->init_pid);
	if (fd < 0)
		return -1;
	if (!alive(r->init_pid, r->init_start)) {
		close(fd);
		return -1;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", r->init_pid);
	char *cgroup = slurp(path, NULL), *mountinfo = slurp("/proc/self/mountinfo", NULL);
	if (!cgroup || !*cgroup || !mountinfo)
		fail("cannot read the cgroups of pid %d", r->init_pid);
	memset(c, 0, sizeof(*c));
	c->v2 = exists("/sys/fs/cgroup/cgroup.controllers");
	c->pid = r->init_pid;
	c->has_freezer = controller_dir(cgroup, mountinfo, c->v2, "freezer", c->freezer, sizeof(c->freezer), &c->freezer_root);
	if (!controller_dir(cgroup, mountinfo, c->v2, "pids", c->pids, sizeof(c->pids), &c->pids_root))
		c->pids[0] = '\0';
	free(cgroup);
	free(mountinfo);
	bool still = pidfd_signal(fd, 0) == 0;
	close(fd);
	return still ? 0 : -1;
}

static char *read_trimmed(const char *dirpath, const char *name)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", dirpath, name);
	return slurp(path, NULL);
}

bool frozen(const struct cgroups *c)
{
	if (!c->has_freezer || c->freezer_root)
		return false;
	char *s = read_trimmed(c->freezer, c->v2 ? "cgroup.events" : "freezer.state");
	bool f = s && (c->v2 ? strstr(s, "frozen 1") != NULL : !strncmp(s, "FROZEN", 6) && (s[6] == '\n' || !s[6]));
	free(s);
	return f;
}

static int write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, value, strlen(value));
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(value) ? 0 : -1;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* CgroupFiles.dir's refusals. */
static int usable(bool present, bool root, int pid, const char *controller, char *err, size_t errlen)
{
	if (!present)
		snprintf(err, errlen, "cgroup controller %s is not available", controller);
	else if (root)
		snprintf(err, errlen, "pid %d is in the root %s cgroup, not in a container's: refusing to touch it", pid, controller);
	return present && !root ? 0 : -1;
}

/* Freezer.freeze: waits until the kernel reports every task frozen (or thawed). */
int freeze(const struct cgroups *c, bool on, char *err, size_t errlen)
{
	if (usable(c->has_freezer, c->freezer_root, c->pid, "freezer", err, errlen) < 0)
		return -1;
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", c->freezer, c->v2 ? "cgroup.freeze" : "freezer.state");
	if (write_file(path, c->v2 ? (on ? "1" : "0") : (on ? "FROZEN" : "THAWED")) < 0) {
		snprintf(err, errlen, "%s %s: %s", on ? "freezing" : "thawing", c->freezer, strerror(errno));
		return -1;
	}
	long long deadline = now_ms() + 10000;
	while (frozen(c) != on) {
		if (now_ms() > deadline) {
			snprintf(err, errlen, "%s %s did not finish within 10s", on ? "freezing" : "thawing", c->freezer);
			return -1;
		}
		usleep(100);
	}
	return 0;
}

int container_procs(const struct cgroups *c, int **pids)
{
	char err[512];
	if (usable(*c->pids, c->pids_root, c->pid, "pids", err, sizeof(err)) < 0)
		fail("%s", err);
	return cgroup_procs(c->pids, pids);
}

int cgroup_procs(const char *cgdir, int **pids)
{
	char *s = read_trimmed(cgdir, "cgroup.procs");
	int n = 0;
	*pids = NULL;
	if (!s)
		return 0;
	for (char *save, *t = strtok_r(s, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
		APPEND(*pids, n, atoi(t));
	free(s);
	return n;
}

static void signal_any(int pid, int sig)
{
	int fd = pidfd_open(pid);
	if (fd >= 0) {
		pidfd_signal(fd, sig);
		close(fd);
	}
}

/* KillOperation.signalAll: frozen while listed and signalled, so each pid is the one listed. */
void signal_all(const struct record *r, int sig)
{
	struct cgroups c;
	char err[512];
	if (container_cgroups(r, &c) < 0 || c.freezer_root || c.pids_root)
		return; /* gone, or exiting (CgroupFiles.inHierarchyRoot) */
	bool thaw = (c.v2 || c.has_freezer) && !frozen(&c);
	if (thaw && freeze(&c, true, err, sizeof(err)) < 0)
		fail("%s", err);
	int *pids, n = container_procs(&c, &pids);
	for (int i = 0; i < n; i++)
		signal_any(pids[i], sig);
	free(pids);
	if (thaw && freeze(&c, false, err, sizeof(err)) < 0)
		fail("%s", err);
}

/* The process that started at start, through a pidfd; 0, or -1 when it is gone, or errno. */
int signal_pid(int pid, long long start, int sig)
{
	if (pid <= 0 || start <= 0)
		return -1;
	int fd = pidfd_open(pid);
	if (fd < 0)
		return -1;
	if (!alive(pid, start)) {
		close(fd);
		return -1;
	}
	int rc = pidfd_signal(fd, sig) < 0 && errno != ESRCH ? errno : 0;
	close(fd);
	return rc;
}

/* Waits for pid to exit: its pidfd becomes readable then. */
void await_exit(int pid, int timeout_ms)
{
	int fd = pidfd_open(pid);
	if (fd < 0)
		return;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	while (poll(&p, 1, timeout_ms) < 0 && errno == EINTR)
		;
	close(fd);
}

/* CgroupSweep: the dirs that exist, with every cgroup below them. */
static const char **tree_dirs;
static int ntree;

static int add_dir(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)ftw;
	if (flag == FTW_D || flag == FTW_DP)
		APPEND(tree_dirs, ntree, strdup(path));
	return 0;
}

static void tree(const char **dirs, int n)
{
	tree_dirs = NULL;
	ntree = 0;
	for (int i = 0; i < n; i++)
		if (is_dir(dirs[i]))
			nftw(dirs[i], add_dir, 16, FTW_PHYS);
}

static bool populated(const char **dirs, int n)
{
	tree(dirs, n);
	for (int i = 0; i < ntree; i++) {
		int *pids, k = cgroup_procs(tree_dirs[i], &pids);
		free(pids);
		if (k)
			return true;
	}
	return false;
}

static int depth(const char *p)
{
	int d = 0;
	for (; *p; p++)
		d += *p == '/';
	return d;
}

static int deepest_first(const void *a, const void *b)
{
	return depth(*(const char *const *)b) - depth(*(const char *const *)a);
}

/* CgroupSweep.killAndRemove. */
const char *kill_and_remove(const char **dirs, int n)
{
	long long deadline = now_ms() + STOP_TIMEOUT_MS;
	while (populated(dirs, n) && now_ms() < deadline) {
		char path[PATH_MAX + 64];
		for (int i = 0; i < ntree; i++) {
			snprintf(path, sizeof(path), "%s/freezer.state", tree_dirs[i]);
			if (exists(path))
				write_file(path, "FROZEN");
		}
		for (int i = 0; i < ntree; i++) {
			int *pids, k = cgroup_procs(tree_dirs[i], &pids);
			for (int j = 0; j < k; j++)
				signal_any(pids[j], SIGKILL);
			free(pids);
		}
		for (int i = 0; i < ntree; i++) {
			snprintf(path, sizeof(path), "%s/freezer.state", tree_dirs[i]);
			if (exists(path))
				write_file(path, "THAWED");
		}
		sleep_ms(5);
	}
	tree(dirs, n);
	qsort(tree_dirs, ntree, sizeof(char *), deepest_first);
	for (int i = 0; i < ntree; i++) {
		/* EBUSY while the last task's exit is still being accounted */
		for (int k = 0; rmdir(tree_dirs[i]) < 0 && errno != ENOENT; k++) {
			if (k == 200 || now_ms() > deadline)
				return tree_dirs[i];
			sleep_ms(5);
		}
	}
	return NULL;
}

/* ContainerStore.plannedCgroups: NUL-terminated paths. */
const char *planned_cgroups(int *n, const char ***dirs)
{
	size_t len;
	char *buf = slurp(container_file(FILE_PLANNED_CGROUPS), &len);
	*n = 0;
	*dirs = NULL;
	if (!buf || len == 0 || buf[len - 1] != '\0')
		return NULL;
	for (char *p = buf; p < buf + len; p += strlen(p) + 1)
		APPEND(*dirs, *n, p);
	return buf;
}

void json_escape(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04X", *p);
			else
				fputc(*p, out);
		}
	}
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	json_escape(out, s);
	fputc('"', out);
}

char *state_json(const struct record *r, const char *status, bool pretty)
{
	char *text;
	size_t len;
	FILE *out = open_memstream(&text, &len);
	const char *nl = pretty ? "\n  " : "", *colon = pretty ? ": " : ":";
	fprintf(out, "{%s\"ociVersion\"%s\"%s\",%s\"id\"%s", nl, colon, OCI_VERSION, nl, colon);
	json_string(out, r->id);
	fprintf(out, ",%s\"status\"%s\"%s\",%s\"pid\"%s%d,%s\"bundle\"%s", nl, colon, status, nl, colon,
		strcmp(status, STATUS_STOPPED) ? r->init_pid : 0, nl, colon);
	json_string(out, r->bundle);
	if (r->nannotations) {
		fprintf(out, ",%s\"annotations\"%s{", nl, colon);
		for (int i = 0; i < r->nannotations; i++) {
			fprintf(out, "%s%s", i ? "," : "", pretty ? "\n    " : "");
			json_string(out, r->annotation_keys[i]);
			fputs(colon, out);
			json_string(out, r->annotation_values[i]);
		}
		fputs(pretty ? "\n  }" : "}", out);
	}
	fputs(pretty ? "\n}" : "}", out);
	fclose(out);
	return text;
}

/* A hook's output, read while it runs so that it never blocks on a full pipe. */
static void drain(int fd, char **buf, size_t *len)
{
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		*buf = realloc(*buf, *len + n + 1);
		memcpy(*buf + *len, chunk, n);
		*len += n;
		(*buf)[*len] = '\0';
	}
}

/* One hook: path with args (argv[0] is args[0]), only its env, the state on stdin, its timeout. */
static int run_hook(const char *name, const struct hook *h, const char *state, char *err, size_t errlen)
{
	int in[2], out[2], report[2];
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(report, O_CLOEXEC) < 0)
		fail("hook %s: %s", name, strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		fail("hook %s: %s", name, strerror(errno));
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		const char **argv = calloc(h->nargs + 2, sizeof(char *));
		const char **envp = calloc(h->nenv + 1, sizeof(char *));
		int ne = 0;
		for (int i = 0; i < h->nargs; i++)
			argv[i] = h->args[i];
		if (!h->nargs)
			argv[0] = h->path;
		for (int i = 0; i < h->nenv; i++) {
			const char *eq = strchr(h->env[i], '=');
			if (eq && eq > h->env[i])
				envp[ne++] = h->env[i];
		}
		execve(h->path, (char **)argv, (char **)envp);
		int e = errno;
		if (write(report[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(report[1]);
	int e = 0;
	if (read(report[0], &e, sizeof(e)) == sizeof(e)) {
		waitpid(pid, NULL, 0);
		snprintf(err, errlen, "hook %s: Cannot run program \"%s\": error=%d, %s", name, h->path, e, strerror(e));
		return -1;
	}
	close(report[0]);
	signal(SIGPIPE, SIG_IGN); /* a hook need not read its stdin */
	ssize_t ignored = write(in[1], state, strlen(state));
	(void)ignored;
	close(in[1]);
	int pidfd = pidfd_open(pid);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	char *output = NULL;
	size_t outlen = 0;
	long long deadline = h->timeout > 0 ? now_ms() + h->timeout * 1000LL : -1;
	for (bool done = false; !done;) {
		struct pollfd p[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = out[0], .events = POLLIN}};
		long long left = deadline < 0 ? -1 : deadline - now_ms();
		if (deadline >= 0 && left <= 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			snprintf(err, errlen, "hook %s timed out after %ds", name, h->timeout);
			return -1;
		}
		if (poll(p, 2, (int)left) < 0 && errno != EINTR)
			break;
		drain(out[0], &output, &outlen);
		done = p[0].revents & POLLIN;
	}
	int status;
	waitpid(pid, &status, 0);
	drain(out[0], &output, &outlen);
	close(out[0]);
	close(pidfd);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (code == 0)
		return 0;
	/* stripped, one line */
	char *s = output ? output : "";
	while (*s && (unsigned char)*s <= ' ')
		s++;
	for (size_t k = strlen(s); k && (unsigned char)s[k - 1] <= ' ';)
		s[--k] = '\0';
	for (char *c = s; *c; c++)
		if (*c == '\n')
			*c = ' ';
	snprintf(err, errlen, "hook %s exited with %d%s%s", name, code, *s ? ": " : "", s);
	return -1;
}

int run_hooks(const char *kind, const struct hook *hooks, int n, const char *state, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		char name[PATH_MAX + 64];
		snprintf(name, sizeof(name), "%s[%d] %s", kind, i, hooks[i].path);
		if (run_hook(name, &hooks[i], state, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* Now as Java's Instant.toString writes it, to the microsecond: the log's and the markers' times. */
void now_iso(char *out, size_t len)
{
	struct timespec t;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &t);
	gmtime_r(&t.tv_sec, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm);
	long us = t.tv_nsec / 1000;
	size_t n = strlen(out);
	if (us && us % 1000 == 0)
		snprintf(out + n, len - n, ".%03ldZ", us / 1000);
	else if (us)
		snprintf(out + n, len - n, ".%06ldZ", us);
	else
		snprintf(out + n, len - n, "Z");
}

/* A marker file (started, paused) holding the time. */
void write_marker(const char *name)
{
	char text[64];
	now_iso(text, sizeof(text));
	int fd = open(container_file(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		fail("%s: %s", container_file(name), strerror(errno));
	close(fd);
}

/* ContainerStatus.terminationMessage: the error, where Kubernetes reads a container's last words. */
void termination_message(const struct record *r, const char *msg)
{
	for (int i = 0; i < r->nannotations; i++) {
		if (strcmp(r->annotation_keys[i], "io.kubernetes.container.terminationMessagePath") || !*r->annotation_values[i])
			continue;
		FILE *f = fopen(r->annotation_values[i], "we");
		if (f) {
			fprintf(f, "%s\n", msg);
			fclose(f);
		}
	}
}

/*
 * Fifo.read: the fifo opened without waiting for its writer; poll reports neither data nor a hang-up
 * until a writer has come, so the deadline holds whether or not the init ever opens its end.
 */
char *read_fifo(const char *path, int timeout_ms, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	char *msg = calloc(1, 1);
	size_t len = 0;
	long long deadline = now_ms() + timeout_ms;
	for (;;) {
		long long left = deadline - now_ms();
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int rc = left > 0 ? poll(&p, 1, (int)left) : 0;
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0) {
			close(fd);
			snprintf(err, errlen, "the container init did not answer within %ds", timeout_ms / 1000);
			return NULL;
		}
		drain(fd, &msg, &len);
		if (!(p.revents & POLLIN) && (p.revents & (POLLHUP | POLLERR)))
			break;
	}
	close(fd);
	char *s = msg;
	while (*s && (unsigned char)*s <= ' ')
		s++;
	for (size_t k = strlen(s); k && (unsigned char)s[k - 1] <= ' ';)
		s[--k] = '\0';
	return s;
}
