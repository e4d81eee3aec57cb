/* noise-belief-few/few.c: nine unchecked event_add sites on socket events
 * are too few to show what the program holds (noise-belief has eleven):
 * each stays a warning. */
#include <event2/event.h>

static struct event_base *base;
static struct event *ev[4];

static void on_io(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)arg;
	if (what & EV_READ)
		event_add(ev[0], NULL); /* expect: ignored-error */
	if (what & EV_WRITE)
		event_add(ev[1], NULL); /* expect: ignored-error */
	event_add(ev[2], NULL); /* expect: ignored-error */
	event_add(ev[3], NULL); /* expect: ignored-error */
}

static void rearm(int both)
{
	event_add(ev[0], NULL); /* expect: ignored-error */
	if (both)
		event_add(ev[1], NULL); /* expect: ignored-error */
}

int main(void)
{
	base = event_base_new();
	if (!base)
		return 1;
	for (int i = 0; i < 4; i++)
		ev[i] = event_new(base, i, EV_READ | EV_PERSIST, on_io, NULL);
	event_add(ev[0], NULL); /* expect: ignored-error */
	event_add(ev[1], NULL); /* expect: ignored-error */
	rearm(1);
	event_add(ev[2], NULL); /* expect: ignored-error */
	return event_base_dispatch(base);
}
