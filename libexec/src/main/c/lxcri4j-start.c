/*
 * lxcri4j-start: the container monitor. `lxcri4j create` spawns it; it runs liblxc's start in the
 * foreground, so this process is liblxc's monitor and the parent of the container's init for the
 * container's whole life. It is C, not Java, because one stays resident per container: a JVM costs
 * tens of MB of PSS, this costs well under one.
 *
 * usage: lxcri4j-start NAME LXCPATH CONFIG EXIT_STATUS_FILE
 * Exits with the container process's status as a shell reports it (code, or 128+signal), which
 * is what conmon and containerd's shim read when they wait for this pid. EXIT_STATUS_FILE gets
 * the status as waitpid(2) encodes it (code << 8, or the signal), so that the Java API can tell a
 * death by signal from an exit code above 128; 255 << 8 when the container failed to start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

int main(int argc, char *argv[])
{
	struct lxc_container *c;
	bool started;
	int status;

	if (argc != 5) {
		fprintf(stderr, "usage: %s NAME LXCPATH CONFIG EXIT_STATUS_FILE\n", argv[0]);
		return 2;
	}
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
