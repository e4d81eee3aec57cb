/* resources-libev/watchers.c — a started libev watcher on heap memory
 * must be stopped before the memory is freed. */
#include <ev.h>
#include <stdlib.h>

struct conn {
	ev_io io;
	int fd;
};

static void on_io(struct ev_loop *loop, ev_io *w, int revents) { (void)loop; (void)w; (void)revents; }

/* Leak: started, then freed on the error path without ev_io_stop. */
int watch(struct ev_loop *loop, int fd, int fail)
{
	struct conn *c = malloc(sizeof *c);
	if (!c)
		return -1;
	ev_io_init(&c->io, on_io, fd, EV_READ);
	ev_io_start(loop, &c->io); /* expect: handle-leak */
	if (fail) {
		free(c);
		return -1;
	}
	return 0;
}

/* Clean: stopped before the free. */
int watch_ok(struct ev_loop *loop, int fd, int fail)
{
	struct conn *c = malloc(sizeof *c);
	if (!c)
		return -1;
	ev_io_init(&c->io, on_io, fd, EV_READ);
	ev_io_start(loop, &c->io);
	if (fail) {
		ev_io_stop(loop, &c->io);
		free(c);
		return -1;
	}
	return 0;
}

/* Clean: running when the function returns is the normal case. */
ev_timer *start_timer(struct ev_loop *loop)
{
	ev_timer *t = malloc(sizeof *t);
	if (!t)
		return NULL;
	ev_timer_init(t, (void (*)(struct ev_loop *, ev_timer *, int))0, 1., 0.);
	ev_timer_start(loop, t);
	return t;
}

/* Clean: a stack watcher is never freed. */
void run_once(struct ev_loop *loop, int fd)
{
	ev_io w;
	ev_io_init(&w, on_io, fd, EV_READ);
	ev_io_start(loop, &w);
	ev_run(loop, EVRUN_ONCE);
	ev_io_stop(loop, &w);
}
