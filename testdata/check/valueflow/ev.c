/* The loop: waits in epoll_wait, then calls the handlers stored in the
 * file table and the before-sleep hook. */
#include <sys/epoll.h>
#include <stddef.h>

#include "evloop.h"

int ev_create_file(struct ev_loop *loop, int fd, int mask, ev_file_proc *proc, void *data)
{
	struct ev_file *fe = &loop->files[fd];
	fe->mask |= mask;
	if (mask & EV_READ)
		fe->rproc = proc;
	if (mask & EV_WRITE)
		fe->wproc = proc;
	fe->data = data;
	struct epoll_event ee = {.events = EPOLLIN, .data.fd = fd};
	return epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ee);
}

void ev_set_before_sleep(struct ev_loop *loop, void (*fn)(struct ev_loop *))
{
	loop->before_sleep = fn;
}

void ev_main(struct ev_loop *loop)
{
	struct epoll_event events[64];
	for (;;) {
		if (loop->before_sleep)
			loop->before_sleep(loop);
		int n = epoll_wait(loop->epfd, events, 64, -1); /* clean: the loop's own wait */
		for (int i = 0; i < n; i++) {
			struct ev_file *fe = &loop->files[events[i].data.fd];
			if (fe->mask & EV_READ)
				fe->rproc(loop, events[i].data.fd, fe->data, EV_READ);
			if (fe->mask & EV_WRITE)
				fe->wproc(loop, events[i].data.fd, fe->data, EV_WRITE);
		}
	}
}
