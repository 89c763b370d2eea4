/* Shared by lxcri4j-start and lxcri4j-init. */
#ifndef LXCRI4J_PROCSTAT_H
#define LXCRI4J_PROCSTAT_H

#include <stdio.h>
#include <string.h>

/*
 * The parent pid in the text of /proc/PID/stat, "pid (comm) state ppid ...": comm may hold
 * spaces and parentheses, so the last ')' ends it. -1 when the text does not parse.
 */
static inline int stat_parent(const char *stat)
{
	const char *close_paren = strrchr(stat, ')');
	int ppid = -1;

	if (!close_paren || sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

#endif
