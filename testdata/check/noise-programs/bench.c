#include <stdio.h>
#include <event2/event.h>

static void on_sample(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	FILE *out = fopen(arg, "w"); /* expect: blocking-file-io */
	if (out)
		fclose(out); /* expect: blocking-file-io */
}

int main(void)
{
	struct event_base *b = event_base_new();
	struct event *e = b ? event_new(b, -1, EV_PERSIST, on_sample, "bench.out") : NULL;
	if (!e || event_add(e, NULL) < 0)
		return 1;
	return event_base_dispatch(b);
}
