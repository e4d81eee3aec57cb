/* libevent-timer.c — a libevent program whose persistent timer callback
 * on_event_timer stalls on purpose (see fixture.h). */
#include <event2/event.h>

#include "fixture.h"

static struct event_base *base;

static void on_event_timer(evutil_socket_t fd, short what, void *arg)
{
	if (fx_tick())
		event_base_loopbreak(base);
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	base = event_base_new();
	struct event *ev = event_new(base, -1, EV_PERSIST, on_event_timer, NULL);
	struct timeval tv = {0, FX_TICK_MS * 1000};
	event_add(ev, &tv);
	event_base_dispatch(base);
	event_free(ev);
	event_base_free(base);
	return FX_EXIT_STATUS;
}
