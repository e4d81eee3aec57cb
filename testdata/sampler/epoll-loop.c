/* epoll-loop.c — a hand-written epoll loop (no framework): a timerfd is
 * dispatched through a function pointer to on_timerfd, which stalls on
 * purpose (see fixture.h). loopscope finds the loop by its idle poll.
 * Built a second time as export-loop (-DFX_EXPORTED -rdynamic), where
 * dispatch_event is the one function .dynsym names: stripped, a stall's
 * callback then has no name and the report heads it by dispatch_event. */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>

#include "fixture.h"

#ifndef FX_EXPORTED
static
#endif
__attribute__((noinline)) int dispatch_event(struct watcher *w)
{
	uint64_t n;
	if (read(w->fd, &n, sizeof n) < 0)
		return 0;
	return fx_tick();
}

static int on_timerfd(struct watcher *w)
{
	return dispatch_event(w);
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	run_timer_loop(on_timerfd);
	return FX_EXIT_STATUS;
}
