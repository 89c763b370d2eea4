/* Shared by lxcri4j-init (exec's terminal) and lxcri4j-hook (the container's /dev/console). */
#ifndef LXCRI4J_CONSOLE_H
#define LXCRI4J_CONSOLE_H

#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* Sends a pty master over the connected console socket with SCM_RIGHTS, as runc does. */
static inline int send_pty_master(int sock, int fd)
{
	char payload[] = "/dev/ptmx";
	struct iovec iov = {.iov_base = payload, .iov_len = sizeof(payload)};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	memset(u.buf, 0, sizeof(u.buf));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) < 0 ? -1 : 0;
}

#endif
