/* libev-timer.c — a libev program whose repeating timer callback
 * on_ev_timer stalls on purpose (see fixture.h). */
#include <ev.h>

#include "fixture.h"

static void on_ev_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	if (fx_tick())
		ev_break(loop, EVBREAK_ALL);
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	struct ev_loop *loop = ev_default_loop(EVBACKEND_EPOLL);
	ev_timer t;
	ev_timer_init(&t, on_ev_timer, FX_TICK_MS / 1000.0, FX_TICK_MS / 1000.0);
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	return FX_EXIT_STATUS;
}
