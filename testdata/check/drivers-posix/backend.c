/* The wait lives two calls below the loop, in a backend helper: the loop in
 * server.c is still a loop driver. The wait itself is the loop's own, not
 * a blocking call. */
#include <sys/epoll.h>

#include "server.h"

static int backend_fd;

void backend_init(void)
{
	backend_fd = epoll_create1(0);
}

static int backend_poll(struct epoll_event *ev, int max, int timeout_ms)
{
	return epoll_wait(backend_fd, ev, max, timeout_ms); /* clean: the loop's own wait */
}

int process_events(struct conn *conns, int timeout_ms)
{
	struct epoll_event ev[32];
	int n = backend_poll(ev, 32, timeout_ms);
	for (int i = 0; i < n; i++) {
		struct conn *c = ev[i].data.ptr;
		c->on_event(c);
	}
	(void)conns;
	return n;
}
