/* noise-sockets: the program's own helpers that set socket flags. */
#include <fcntl.h>
#include "util.h"

/* Makes its parameter non-blocking: a `nonblocking` call of its own. */
int make_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		return 0;
	return 1;
}

/* Passes its parameter on to one: a wrapper of a wrapper. */
int prepare_socket(int fd)
{
	return make_nonblocking(fd);
}

/* Sets close-on-exec only: the fd stays blocking. */
int make_cloexec(int fd)
{
	return fcntl(fd, F_SETFD, FD_CLOEXEC) != -1;
}

/* Makes what its pointer parameter points to non-blocking (and closes it
 * on failure): callers pass the fd's address. */
int socket_nonblock(int *sock)
{
	int opt = fcntl(*sock, F_GETFL, 0);
	if (opt == -1 || fcntl(*sock, F_SETFL, opt | O_NONBLOCK) == -1) {
		*sock = -1;
		return 1;
	}
	return 0;
}

/* The same shape, another flag: what it points to stays blocking. */
int socket_cloexec(int *sock)
{
	return fcntl(*sock, F_SETFD, FD_CLOEXEC) == -1;
}
