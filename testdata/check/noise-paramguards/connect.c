/* noise-paramguards: constants that flow into callees. A socket made
 * non-blocking only under `flags & CONNECT_NONBLOCK` (through two helper
 * levels, the last setting O_NONBLOCK only `if (non_block)`) does not
 * block in connect when every caller from loop context passes the flag,
 * directly, or-ed with another, or through a function that passes its own
 * parameter on: a note. A caller passing 0, or a value that is not a
 * constant, keeps the warning. */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "paramguards.h"

#define CONNECT_NONE 0
#define CONNECT_NONBLOCK 1
#define CONNECT_BIND 2
#define CONNECT_BLOCK 4

static int set_block(int fd, int non_block)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags == -1)
		return -1;
	if (non_block)
		flags |= O_NONBLOCK;
	else
		flags &= ~O_NONBLOCK;
	return fcntl(fd, F_SETFL, flags);
}

static int make_nonblock(int fd)
{
	return set_block(fd, 1);
}

static int peer_connect(const struct sockaddr *sa, socklen_t len, int flags)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1)
		return -1;
	if (flags & CONNECT_NONBLOCK && make_nonblock(s) != 0) {
		close(s);
		return -1;
	}
	if (connect(s, sa, len) == -1) { /* expect-note: blocking-network */
		close(s);
		return -1;
	}
	return s;
}

static int peer_open(const struct sockaddr *sa, socklen_t len, int flags)
{
	return peer_connect(sa, len, flags);
}

static int backend_connect(const struct sockaddr *sa, socklen_t len, int flags)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1)
		return -1;
	if ((flags & CONNECT_NONBLOCK) != 0 && make_nonblock(s) != 0) {
		close(s);
		return -1;
	}
	if (connect(s, sa, len) == -1) { /* expect: blocking-network */
		close(s);
		return -1;
	}
	return s;
}

static int relay_connect(const struct sockaddr *sa, socklen_t len, int flags)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1)
		return -1;
	if (flags & CONNECT_NONBLOCK)
		make_nonblock(s);
	if (connect(s, sa, len) == -1) { /* expect: blocking-network */
		close(s);
		return -1;
	}
	return s;
}

static int mirror_connect(const struct sockaddr *sa, socklen_t len, int flags)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1)
		return -1;
	if (!(flags & CONNECT_BLOCK))
		make_nonblock(s);
	if (connect(s, sa, len) == -1) { /* expect-note: blocking-network */
		close(s);
		return -1;
	}
	return s;
}

int peers_connect(const struct sockaddr *sa, socklen_t len, int relay_flags)
{
	int a = peer_connect(sa, len, CONNECT_NONBLOCK);
	int b = peer_connect(sa, len, CONNECT_NONBLOCK | CONNECT_BIND);
	int c = peer_open(sa, len, CONNECT_NONBLOCK);
	int d = backend_connect(sa, len, CONNECT_NONBLOCK);
	int e = backend_connect(sa, len, CONNECT_NONE);
	int f = relay_connect(sa, len, relay_flags);
	int g = mirror_connect(sa, len, CONNECT_NONE);
	return a + b + c + d + e + f + g;
}
