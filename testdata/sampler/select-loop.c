/* select-loop.c — a hand-written loop that waits in select(2) (no epoll,
 * no framework): a timerfd in a read set is dispatched through a function
 * pointer to on_ready, which stalls on purpose (see fixture.h). loopscope
 * finds the loop by its idle wait, as with epoll_wait. FX_WAIT in the
 * environment picks the wait the same loop sits in: select (the default),
 * pselect (the pselect6 syscall), ppoll, epoll_pwait or epoll_pwait2,
 * each through its libc wrapper (glibc's select is the pselect6 syscall),
 * or select_raw: the select syscall itself, through syscall(2). */
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>

#include "fixture.h"

enum { W_SELECT, W_SELECT_RAW, W_PSELECT, W_PPOLL, W_EPOLL_PWAIT, W_EPOLL_PWAIT2 };

__attribute__((noinline)) static int on_ready(struct watcher *w)
{
	uint64_t n;
	if (read(w->fd, &n, sizeof n) < 0)
		return 0;
	return fx_tick();
}

/* Blocks until w's fd is readable, in the wait syscall asked for. */
__attribute__((noinline)) static int wait_ready(int how, int ep, struct watcher *w)
{
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(w->fd, &rd);
	struct pollfd pfd = {w->fd, POLLIN, 0};
	struct epoll_event ev;
	switch (how) {
	case W_PSELECT: return pselect(w->fd + 1, &rd, NULL, NULL, NULL, NULL);
	case W_PPOLL: return ppoll(&pfd, 1, NULL, NULL);
	case W_EPOLL_PWAIT: return epoll_pwait(ep, &ev, 1, -1, NULL);
	case W_EPOLL_PWAIT2: return epoll_pwait2(ep, &ev, 1, NULL, NULL);
	case W_SELECT_RAW: return (int)syscall(SYS_select, w->fd + 1, &rd, NULL, NULL, NULL);
	default: return select(w->fd + 1, &rd, NULL, NULL, NULL);
	}
}

/* Inlined: the loop's stack stays main -> wait_ready. */
static inline __attribute__((always_inline)) void run_select_loop(int how, struct watcher *w)
{
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = w};
	epoll_ctl(ep, EPOLL_CTL_ADD, w->fd, &ev);
	for (;;) {
		if (wait_ready(how, ep, w) > 0 && w->cb(w))
			return;
	}
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	const char *how = getenv("FX_WAIT");
	int k = !how || !strcmp(how, "select") ? W_SELECT
		: !strcmp(how, "select_raw")   ? W_SELECT_RAW
		: !strcmp(how, "pselect")      ? W_PSELECT
		: !strcmp(how, "ppoll")        ? W_PPOLL
		: !strcmp(how, "epoll_pwait")  ? W_EPOLL_PWAIT
		: !strcmp(how, "epoll_pwait2") ? W_EPOLL_PWAIT2
					       : -1;
	if (k < 0) {
		fprintf(stderr, "FX_WAIT: select, select_raw, pselect, ppoll, epoll_pwait or epoll_pwait2\n");
		return 2;
	}
	struct watcher w = {timerfd_create(CLOCK_MONOTONIC, 0), on_ready};
	struct itimerspec its = {{0, FX_TICK_MS * 1000000L}, {0, FX_TICK_MS * 1000000L}};
	timerfd_settime(w.fd, 0, &its, NULL);
	run_select_loop(k, &w);
	return FX_EXIT_STATUS;
}
