/* A libevent timer callback: its findings are "libevent", from the
 * registration that made the context. */
#include <event2/event.h>
#include <signal.h>
#include <unistd.h>

static struct event_base *base;

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	sleep(1); /* expect: blocking-sleep */
}

void start_timer(void)
{
	base = event_base_new();
	struct event *ev = event_new(base, -1, EV_PERSIST, on_timeout, NULL);
	struct timeval tv = {1, 0};
	if (event_add(ev, &tv) < 0) {
		event_free(ev);
		event_base_free(base);
	}
}
