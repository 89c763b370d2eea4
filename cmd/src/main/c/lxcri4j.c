/*
 * lxcri4j: the CLI's front end.
 *
 * C, not Java: state, start, kill, pause, resume, ps and delete translate nothing and call no
 * liblxc, yet a JVM start costs them 40 ms where runc answers in 5; container managers call state
 * several times a second per container. These commands are answered here from the container's
 * record (ROOT/ID/record) under the same lock as the Java CLI's, with its JSON, messages, log
 * lines and exit codes.
 *
 * Everything else goes to the Java CLI (libexec/lxcri4j-jvm, exec'd with the same arguments):
 * every other command, and whatever this file does not parse or cannot answer exactly as Java
 * does (--debug, --help, an unknown flag, an invalid id or signal, a missing or broken record).
 * That decision is always made before any side effect. LXCRI4J_JVM=1 sends every call there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "lxcri4j-protocol.h"

#define START_TIMEOUT_MS 30000
#define STOP_TIMEOUT_MS 10000

static char **original_argv;
static const char *log_file, *log_format;

void jvm(void)
{
	char self[PATH_MAX], launcher[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		fprintf(stderr, "lxcri4j: cannot find the installation: %s\n", strerror(errno));
		exit(1);
	}
	self[n] = '\0';
	*strrchr(self, '/') = '\0'; /* bin */
	char *home = strrchr(self, '/');
	if (home)
		*home = '\0';
	snprintf(launcher, sizeof(launcher), "%s/libexec/lxcri4j-jvm", self);
	original_argv[0] = launcher;
	execv(launcher, original_argv);
	fprintf(stderr, "lxcri4j: cannot run %s: %s\n", launcher, strerror(errno));
	exit(1);
}

/* RuncLogWriter.line: runc's JSON or logrus text line; the time as Instant.toString, in microseconds. */
static void log_line(const char *level, const char *msg)
{
	char when[64];
	now_iso(when, sizeof(when));
	char *line;
	size_t len;
	FILE *out = open_memstream(&line, &len);
	bool json = log_format && !strcmp(log_format, "json");
	fputs(json ? "{\"level\":\"" : "time=\"", out);
	fputs(json ? level : when, out);
	fputs(json ? "\",\"msg\":\"" : "\" level=", out);
	if (!json)
		fprintf(out, "%s msg=\"", level);
	json_escape(out, msg);
	if (json)
		fprintf(out, "\",\"time\":\"%s\"}\n", when);
	else
		fputs("\"\n", out);
	fclose(out);
	if (log_file) {
		FILE *f = fopen(log_file, "ae");
		if (f) {
			fputs(line, f);
			fclose(f);
		}
	} else {
		fputs(line, stderr);
	}
	free(line);
}

#define FORMAT(msg, fmt)                               \
	do {                                               \
		va_list ap;                                \
		va_start(ap, fmt);                         \
		vsnprintf(msg, sizeof(msg), fmt, ap);      \
		va_end(ap);                                \
	} while (0)

/* Main.run's error: one line on stderr, the log's error entry with --log, exit status 1. */
void fail(const char *fmt, ...)
{
	char msg[8192];
	FORMAT(msg, fmt);
	fflush(stdout);
	fprintf(stderr, "lxcri4j: %s\n", msg);
	if (log_file)
		log_line("error", msg);
	exit(1);
}

/* Logger.warn: to the log, or to stderr without one. */
void warn(const char *fmt, ...)
{
	char msg[8192];
	FORMAT(msg, fmt);
	log_line("warning", msg);
}

/*
 * Args.parse for one command: --name value, --name=value, single-dash forms; flags end at the
 * first positional (stop) or at "--". Flags are "name|alias" strings; whatever would make Java
 * answer with an error goes there.
 */
struct args {
	const char *value[8];
	bool flag[8];
	char **positional;
	int npositional;
	char **rest;
	int nrest;
};

static int match(const char *name, size_t len, const char *const *specs)
{
	for (int i = 0; specs[i]; i++) {
		for (const char *s = specs[i]; *s;) {
			size_t n = strcspn(s, "|");
			if (n == len && !strncmp(s, name, len))
				return i;
			s += n + (s[n] == '|');
		}
	}
	return -1;
}

static void parse(int argc, char **argv, const char *const *valued, const char *const *flags, bool stop, struct args *a)
{
	static const char *const none[] = {NULL};
	valued = valued ? valued : none;
	flags = flags ? flags : none;
	memset(a, 0, sizeof(*a));
	a->positional = calloc(argc + 1, sizeof(char *));
	for (int i = 0; i < argc; i++) {
		char *arg = argv[i];
		if (!strcmp(arg, "--")) {
			while (++i < argc)
				a->positional[a->npositional++] = argv[i];
			break;
		}
		if (arg[0] == '-' && arg[1]) {
			const char *name = arg + 1 + (arg[1] == '-');
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			int v = match(name, len, valued), f = match(name, len, flags);
			if (v >= 0) {
				if (!eq && i + 1 >= argc)
					jvm();
				a->value[v] = eq ? eq + 1 : argv[++i];
			} else if (f >= 0 && !eq) {
				a->flag[f] = true;
			} else {
				jvm(); /* unknown, or a boolean given a value */
			}
			continue;
		}
		if (stop) {
			a->rest = argv + i;
			a->nrest = argc - i;
			break;
		}
		a->positional[a->npositional++] = arg;
	}
}

/* ContainerId.validate: what it refuses goes to Java, which words the refusal. */
static const char *valid_id(const char *id)
{
	size_t n = strlen(id);
	if (!n || n > 200 || !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", id[0]) || strstr(id, ".."))
		jvm();
	for (const char *p = id; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-", *p))
			jvm();
	return id;
}

/* An absolute, normal --root without blanks is taken as is; Java normalizes or refuses the rest. */
static const char *valid_root(const char *root)
{
	size_t n = strlen(root);
	if (root[0] != '/' || n > 1024 || (n > 1 && root[n - 1] == '/') || strstr(root, "//") || strstr(root, "/./")
	    || strstr(root, "/../") || (n >= 2 && !strcmp(root + n - 2, "/.")) || (n >= 3 && !strcmp(root + n - 3, "/..")))
		jvm();
	for (const unsigned char *p = (const unsigned char *)root; *p; p++)
		if (*p == ' ' || *p >= 0x80 || (*p >= '\t' && *p <= '\r') || *p == 0x1c || *p == 0x1d || *p == 0x1e || *p == 0x1f)
			jvm();
	return root;
}

/* Signals.parse; an unknown or invalid signal goes to Java. */
static int signal_number(const char *s)
{
	if (!s || !*s)
		return SIGTERM;
	if (strspn(s, "0123456789") == strlen(s)) {
		long n = strlen(s) < 4 ? strtol(s, NULL, 10) : 0;
		if (n > 0 && n <= 64)
			return (int)n;
		jvm();
	}
	const char *name = strncasecmp(s, "SIG", 3) ? s : s + 3;
	if (!strcasecmp(name, "IOT"))
		return SIGABRT;
	if (!strcasecmp(name, "POLL"))
		return SIGIO;
	for (int i = 1; i < 32; i++) {
		const char *abbrev = sigabbrev_np(i);
		if (abbrev && !strcasecmp(name, abbrev))
			return i;
	}
	jvm();
}

static struct record r;

/* ContainerRuntime.container: the directory, else "does not exist". */
static void require_dir(const char *id)
{
	if (!container_exists())
		fail("container %s does not exist", id);
}

/* ContainerStatus.requireRecord, under the lock: none yet is Java's to word. */
static void require_record(int lock)
{
	if (read_record(&r) < 0) {
		unlock_container(lock);
		jvm();
	}
}

static int state(const char *id)
{
	require_dir(id);
	if (read_record(&r) < 0)
		jvm(); /* still being created, or its create was killed: StateOperation tells which */
	char *json = state_json(&r, container_status(&r), true);
	printf("%s\n", json);
	return 0;
}

static int start(const char *id)
{
	require_dir(id);
	int lock = lock_container(id);
	require_record(lock);
	const char *status = container_status(&r);
	if (strcmp(status, STATUS_CREATED))
		fail("cannot start container %s: it is %s, not created", id, status);
	char err[8192];
	char *reply = read_fifo(container_file(FILE_BOX "/" FILE_SYNC_FIFO), START_TIMEOUT_MS, err, sizeof(err));
	if (!reply)
		fail("%s", err);
	if (strcmp(reply, "ok")) {
		char msg[8192];
		snprintf(msg, sizeof(msg), "start %s: %s", id, reply);
		termination_message(&r, reply);
		fail("%s", msg);
	}
	write_marker(FILE_STARTED);
	char *json = state_json(&r, STATUS_RUNNING, false);
	if (run_hooks("poststart", r.poststart, r.npoststart, json, err, sizeof(err)) < 0)
		fail("start %s: container started, but %s", id, err);
	unlock_container(lock);
	return 0;
}

static int kill_container(const char *id, int sig, bool all)
{
	require_dir(id);
	int lock = lock_container(id);
	require_record(lock);
	/* as runc: --all succeeds on a stopped container (containerd kills so before a forced
	 * delete); one signal fails with runc's words, which containerd's shim looks for */
	if (all) {
		signal_all(&r, sig);
		return 0;
	}
	if (!strcmp(container_status(&r), STATUS_STOPPED))
		fail("cannot kill container %s: container not running", id);
	int rc = signal_pid(r.init_pid, r.init_start, sig);
	if (rc < 0)
		fail("cannot kill container %s: container not running", id);
	if (rc > 0)
		fail("signal %d to pid %d failed: errno %d", sig, r.init_pid, rc);
	unlock_container(lock);
	return 0;
}

static int freezer_transition(const char *id, const char *verb, const char *from, bool on)
{
	require_dir(id);
	int lock = lock_container(id);
	require_record(lock);
	const char *status = container_status(&r);
	if (strcmp(status, from))
		fail("cannot %s container %s: it is %s, not %s", verb, id, status, from);
	struct cgroups c;
	char err[512];
	if (container_cgroups(&r, &c) < 0)
		fail("container %s is not running", id);
	if (freeze(&c, on, err, sizeof(err)) < 0)
		fail("%s", err);
	if (on)
		write_marker(FILE_PAUSED);
	else if (unlink(container_file(FILE_PAUSED)) < 0 && errno != ENOENT)
		fail("%s %s: %s", verb, id, strerror(errno));
	unlock_container(lock);
	return 0;
}

/* ps's pids: EventsOperation.pids. */
static int container_pids(const char *id, int **pids)
{
	require_dir(id);
	if (read_record(&r) < 0)
		fail("container %s is still being created, or its create did not finish", id);
	if (!strcmp(container_status(&r), STATUS_STOPPED))
		return 0;
	struct cgroups c;
	if (container_cgroups(&r, &c) < 0)
		return 0; /* gone meanwhile */
	return container_procs(&c, pids);
}

static int ps(const char *id, const char *format, char **options, int noptions)
{
	int *pids, n = container_pids(id, &pids);
	if (format && !strcmp(format, "json")) {
		putchar('[');
		for (int i = 0; i < n; i++)
			printf("%s%d", i ? "," : "", pids[i]);
		puts("]");
		return 0;
	}
	/* the host's ps (-ef by default), its lines limited to the container's pids, as runc */
	char **argv = calloc(noptions + 3, sizeof(char *));
	argv[0] = "ps";
	for (int i = 0; i < noptions; i++)
		argv[i + 1] = options[i];
	if (!noptions)
		argv[1] = "-ef";
	int out[2];
	if (pipe2(out, O_CLOEXEC) < 0)
		fail("cannot run ps: %s", strerror(errno));
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		dup2(out[1], 1);
		dup2(out[1], 2);
		execvp("ps", argv);
		_exit(127);
	}
	close(out[1]);
	FILE *in = fdopen(out[0], "r");
	char *text = NULL, *line = NULL;
	size_t textlen = 0, cap = 0;
	FILE *all = open_memstream(&text, &textlen);
	while (getline(&line, &cap, in) > 0)
		fputs(line, all);
	fclose(all);
	fclose(in);
	int status;
	waitpid(child, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		for (char *c = text; *c; c++)
			if (*c == '\n')
				*c = ' ';
		size_t k = strlen(text);
		if (k && text[k - 1] == ' ')
			text[k - 1] = '\0';
		char joined[4096] = "";
		for (int i = 0; i < noptions; i++)
			snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s", i ? " " : "", options[i]);
		fail("ps %s failed: %s", joined, text);
	}
	char *save, *first = strtok_r(text, "\n", &save);
	if (!first)
		fail("ps output has no PID column");
	int column = -1, i = 0;
	char header[4096];
	snprintf(header, sizeof(header), "%s", first);
	for (char *s2, *t = strtok_r(header, " \t", &s2); t; t = strtok_r(NULL, " \t", &s2), i++)
		if (!strcmp(t, "PID") && column < 0)
			column = i;
	if (column < 0)
		fail("ps output has no PID column");
	puts(first);
	for (char *l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char copy[4096];
		snprintf(copy, sizeof(copy), "%s", l);
		char *s2, *t = strtok_r(copy, " \t", &s2);
		for (int k = 0; t && k < column; k++)
			t = strtok_r(NULL, " \t", &s2);
		if (!t || !*t || strspn(t, "0123456789") != strlen(t))
			continue;
		int pid = atoi(t);
		for (int k = 0; k < n; k++) {
			if (pids[k] == pid) {
				puts(l);
				break;
			}
		}
	}
	return 0;
}

/* DeleteOperation.delete; without a readable record (killed create, broken record) it is Java's. */
static int delete(const char *id, bool force)
{
	if (force && !container_exists()) {
		/* runc: forcing the delete of a container that is gone is no error */
		remove_stale_lock();
		return 0;
	}
	require_dir(id);
	int lock = lock_container(id);
	require_record(lock);
	const char *status = container_status(&r);
	bool live = !strcmp(status, STATUS_RUNNING) || !strcmp(status, STATUS_PAUSED);
	if (live && !force)
		fail("cannot delete container %s that is not stopped: %s", id, status);
	if (strcmp(status, STATUS_STOPPED)) {
		signal_all(&r, SIGKILL);
		struct cgroups c;
		char err[512];
		if (!strcmp(status, STATUS_PAUSED) && container_cgroups(&r, &c) == 0)
			freeze(&c, false, err, sizeof(err)); /* a frozen task cannot die; gone meanwhile is fine */
	}
	await_exit(r.monitor_pid, STOP_TIMEOUT_MS);
	/* liblxc's monitor removes the cgroups when the container stops; one that was killed could not */
	int nplanned;
	const char **planned;
	planned_cgroups(&nplanned, &planned);
	const char **dirs = calloc(nplanned + r.ncgroups + 1, sizeof(char *));
	int n = 0;
	for (int i = 0; i < nplanned; i++)
		dirs[n++] = planned[i];
	for (int i = 0; i < r.ncgroups; i++) {
		bool seen = false;
		for (int k = 0; k < n; k++)
			seen |= !strcmp(dirs[k], r.cgroups[i]);
		if (!seen)
			dirs[n++] = r.cgroups[i];
	}
	const char *left = kill_and_remove(dirs, n);
	if (left)
		fail("delete %s: cannot remove the cgroup %s", id, left);
	remove_container();
	unlock_container(lock);
	char err[8192];
	char *json = state_json(&r, STATUS_STOPPED, false);
	if (run_hooks("poststop", r.poststop, r.npoststop, json, err, sizeof(err)) < 0)
		warn("delete %s: %s", id, err); /* poststop failures are logged, not fatal (runtime spec) */
	return 0;
}

int main(int argc, char **argv)
{
	original_argv = argv;
	const char *force_jvm = getenv("LXCRI4J_JVM");
	if (force_jvm && *force_jvm)
		jvm();
	static const char *const global_valued[] = {"root", "log", "log-format", "criu", "rootless", NULL};
	static const char *const global_flags[] = {"systemd-cgroup", NULL};
	struct args g;
	parse(argc - 1, argv + 1, global_valued, global_flags, true, &g);
	if (!g.nrest)
		jvm();
	log_file = g.value[1];
	log_format = g.value[2];
	if (log_format && strcmp(log_format, "json") && strcmp(log_format, "text"))
		jvm();
	if (g.value[4] && strcmp(g.value[4], "true") && strcmp(g.value[4], "false") && strcmp(g.value[4], "auto"))
		jvm();
	const char *root = g.value[0] ? valid_root(g.value[0]) : DEFAULT_ROOT;
	const char *command = g.rest[0];
	int n = g.nrest - 1;
	char **rest = g.rest + 1;
	struct args a;
	if (!strcmp(command, "state") || !strcmp(command, "start") || !strcmp(command, "pause") || !strcmp(command, "resume")) {
		parse(n, rest, NULL, NULL, false, &a);
		if (a.npositional != 1)
			jvm();
		container_paths(root, valid_id(a.positional[0]));
		if (!strcmp(command, "state"))
			return state(a.positional[0]);
		if (!strcmp(command, "start"))
			return start(a.positional[0]);
		bool pause = !strcmp(command, "pause");
		return freezer_transition(a.positional[0], command, pause ? STATUS_RUNNING : STATUS_PAUSED, pause);
	}
	if (!strcmp(command, "kill")) {
		static const char *const flags[] = {"all|a", NULL};
		parse(n, rest, NULL, flags, false, &a);
		if (a.npositional < 1 || a.npositional > 2)
			jvm();
		int sig = signal_number(a.npositional > 1 ? a.positional[1] : NULL);
		container_paths(root, valid_id(a.positional[0]));
		return kill_container(a.positional[0], sig, a.flag[0]);
	}
	if (!strcmp(command, "delete")) {
		static const char *const flags[] = {"force|f", NULL};
		parse(n, rest, NULL, flags, false, &a);
		if (a.npositional != 1)
			jvm();
		container_paths(root, valid_id(a.positional[0]));
		return delete(a.positional[0], a.flag[0]);
	}
	if (!strcmp(command, "ps")) {
		static const char *const valued[] = {"format|f", NULL};
		parse(n, rest, valued, NULL, true, &a);
		if (!a.nrest || (a.value[0] && strcmp(a.value[0], "table") && strcmp(a.value[0], "json")))
			jvm();
		char **options = a.rest + 1;
		int noptions = a.nrest - 1;
		if (noptions && !strcmp(options[0], "--"))
			options++, noptions--;
		container_paths(root, valid_id(a.rest[0]));
		return ps(a.rest[0], a.value[0], options, noptions);
	}
	jvm();
}
