/* The one header jextract reads: liblxc's public API plus the few libc calls the Java API needs
 * to manage what liblxc hands back (malloc'd strings, file descriptors, attached child pids). */
#define _GNU_SOURCE
#include <fcntl.h>      /* O_CLOEXEC */
#include <stdlib.h>     /* free() */
#include <string.h>     /* strerror() */
#include <sys/wait.h>   /* waitpid() */
#include <unistd.h>     /* close(), pipe2() */
#include <lxc/lxccontainer.h>
#include <lxc/attach_options.h>
#include <lxc/version.h>
