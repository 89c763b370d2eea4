/* A container as the front end sees it: its record, its lock, its status and cgroups (container.c). */
#ifndef LXCRI4J_CONTAINER_H
#define LXCRI4J_CONTAINER_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#define STATUS_CREATED "created"
#define STATUS_RUNNING "running"
#define STATUS_PAUSED "paused"
#define STATUS_STOPPED "stopped"

struct hook {
	const char *path;
	const char **args, **env;
	int nargs, nenv, timeout; /* timeout in seconds, 0 when none */
};

/* ROOT/ID/record, as ContainerStore writes it (RecordFormat.java). */
struct record {
	const char *id, *bundle, *created;
	int monitor_pid, init_pid;
	long long init_start;
	const char **annotation_keys, **annotation_values;
	int nannotations;
	struct hook *poststart, *poststop;
	int npoststart, npoststop;
	const char **cgroups;
	int ncgroups;
};

/* The container's cgroup directories, through its init (ContainerStatus.cgroups). */
struct cgroups {
	char freezer[4096], pids[4096];
	bool has_freezer, v2;
	int pid;
	/* in the hierarchy's root: a process not the container's, never to be touched */
	bool freezer_root, pids_root;
};

/* How a command ends: messages as the Java CLI words them; fail() and jvm() do not return. */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void jvm(void) __attribute__((noreturn));

/* The paths of container id below root; the command's lock (ContainerLock.java). */
void container_paths(const char *root, const char *id);
const char *container_dir(void);
const char *container_file(const char *name);
bool container_exists(void);
int lock_container(const char *id);
void unlock_container(int fd);
void remove_container(void);
/* ContainerStore.lock of a container that is gone: the lock file a killed create left goes. */
void remove_stale_lock(void);

/* 0 and *r filled, -1 when there is none yet, jvm() when it is broken. */
int read_record(struct record *r);
const char *container_status(const struct record *r);
/* 0, or -1 when the init is not running any more. */
int container_cgroups(const struct record *r, struct cgroups *c);
bool frozen(const struct cgroups *c);
/* 0, or -1 with the message in err (Freezer.freeze). */
int freeze(const struct cgroups *c, bool on, char *err, size_t errlen);
/* The pids of the container's cgroup (CgroupFiles.procs). */
int container_procs(const struct cgroups *c, int **pids);
/* The pids in a cgroup.procs file; the count, the array malloc'd. */
int cgroup_procs(const char *dir, int **pids);
void signal_all(const struct record *r, int sig);
int signal_pid(int pid, long long start, int sig);
void await_exit(int pid, int timeout_ms);
/* Kills what is in the cgroups and below and removes them; the first left, or NULL. */
const char *kill_and_remove(const char **dirs, int n);
const char *planned_cgroups(int *n, const char ***dirs);

/* Jackson's escaping of a string's inside. */
void json_escape(FILE *out, const char *s);
/* The state's JSON as runc prints it, or compact for hooks; malloc'd. */
char *state_json(const struct record *r, const char *status, bool pretty);
/* 0, or -1 with the message in err (HookRunner.java). */
int run_hooks(const char *kind, const struct hook *hooks, int n, const char *state, char *err, size_t errlen);
void write_marker(const char *name);
void now_iso(char *out, size_t len);
void termination_message(const struct record *r, const char *msg);
/* The whole message the init writes to the sync fifo, stripped; NULL with err on timeout. */
char *read_fifo(const char *path, int timeout_ms, char *err, size_t errlen);

#endif
