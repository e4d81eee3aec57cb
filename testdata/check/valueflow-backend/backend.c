/* The epoll backend: its wait is the loop's own. */
#include <sys/epoll.h>
#include <unistd.h>

#include "backend.h"

static int epoll_backend_init(struct io_loop *loop)
{
	loop->fd = epoll_create1(0);
	return loop->fd < 0 ? -1 : 0;
}

static int epoll_backend_poll(struct io_loop *loop, int timeout_ms)
{
	struct epoll_event ev[8];
	int n = epoll_wait(loop->fd, ev, 8, timeout_ms); /* clean: the loop's own wait */
	loop->nready = 0;
	for (int i = 0; i < n; i++)
		loop->ready[loop->nready++] = (int)ev[i].data.u32;
	return n;
}

static void epoll_backend_shutdown(struct io_loop *loop)
{
	close(loop->fd);
}

const struct backend_ops epoll_backend = {
	.init = epoll_backend_init,
	.poll = epoll_backend_poll,
	.shutdown = epoll_backend_shutdown,
};
