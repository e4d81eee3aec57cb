#include <event2/event.h>
#include "shared.h"

static void on_request(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	record(arg);
}

int main(void)
{
	struct event_base *b = event_base_new();
	struct event *e = b ? event_new(b, 0, EV_READ | EV_PERSIST, on_request, "/var/lib/s") : NULL;
	if (!e || event_add(e, NULL) < 0)
		return 1;
	return event_base_dispatch(b);
}
