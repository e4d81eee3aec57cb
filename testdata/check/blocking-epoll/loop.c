/* The loop driver: waits in epoll_wait and dispatches through function
 * pointers. The driver itself is not in loop context (it *is* the loop),
 * so its own epoll_wait is not a finding. */
#include <sys/epoll.h>
#include <stddef.h>

#include "loop.h"

static deferred_fn pending_fn;
static void *pending_arg;

int loop_add(int epfd, struct watch *w)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = w};
	return epoll_ctl(epfd, EPOLL_CTL_ADD, w->fd, &ev);
}

void loop_defer(deferred_fn fn, void *arg)
{
	pending_fn = fn;
	pending_arg = arg;
}

void loop_run(int epfd)
{
	struct epoll_event events[64];
	for (;;) {
		int n = epoll_wait(epfd, events, 64, -1); /* clean: the loop's own wait */
		for (int i = 0; i < n; i++) {
			struct watch *w = events[i].data.ptr;
			if (events[i].events & EPOLLIN)
				w->ops->on_readable(w->fd, w->ctx);
			if (events[i].events & EPOLLOUT)
				w->ops->on_writable(w->fd, w->ctx);
		}
		if (pending_fn) {
			deferred_fn fn = pending_fn;
			pending_fn = NULL;
			fn(pending_arg);
		}
	}
}
