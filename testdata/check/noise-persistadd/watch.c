/* noise-persistadd: a persistent event (EV_PERSIST among its constant
 * flags) that is added to its base stays pending until event_del: the base
 * keeps it in use for the program's life, so dropping the local pointer
 * is not a leak. A one-shot event that is added and then lost, a
 * persistent event that is never added (or added on one path only), and
 * an event whose flags are not a constant are still leaks. */
#include <signal.h>
#include <stdlib.h>
#include <event2/event.h>

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}

/* persistent, added; the base keeps it */
static int watch_control(struct event_base *base, int fd)
{
	struct event *ev;
	if ((ev = event_new(base, fd, EV_READ | EV_PERSIST, on_read, NULL)) == NULL)
		return -1;
	if (event_add(ev, NULL) == -1) {
		event_free(ev);
		return -1;
	}
	return 0;
}

/* persistent, added with its result unused (the add is the finding) */
static void watch_monitor(struct event_base *base, int fd)
{
	struct event *ev;
	if ((ev = event_new(base, fd, EV_READ | EV_PERSIST, on_read, base)) == NULL)
		abort();
	event_add(ev, NULL); /* expect: ignored-error */
}

/* a signal event is persistent (evsignal_new), added: kept */
static int watch_signal(struct event_base *base)
{
	struct event *ev = evsignal_new(base, SIGHUP, on_signal, base);
	if (ev == NULL)
		return -1;
	if (evsignal_add(ev, NULL) == -1) {
		event_free(ev);
		return -1;
	}
	return 0;
}

/* one-shot: after it fires nothing can free it */
static int read_once(struct event_base *base, int fd)
{
	struct event *ev = event_new(base, fd, EV_READ, on_read, NULL); /* expect: handle-leak */
	if (ev == NULL)
		return -1;
	if (event_add(ev, NULL) == -1) {
		event_free(ev);
		return -1;
	}
	return 0;
}

/* persistent, never added */
static int forgot_add(struct event_base *base, int fd)
{
	struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_read, NULL); /* expect: handle-leak */
	if (ev == NULL)
		return -1;
	return 0;
}

/* persistent, added on one path only */
static int add_if(struct event_base *base, int fd, int enable)
{
	struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_read, NULL); /* expect: handle-leak */
	if (ev == NULL)
		return -1;
	if (!enable)
		return 0;
	if (event_add(ev, NULL) == -1) {
		event_free(ev);
		return -1;
	}
	return 0;
}

/* flags not a constant: maybe one-shot */
static int watch_flags(struct event_base *base, int fd, short flags)
{
	struct event *ev = event_new(base, fd, flags, on_read, NULL); /* expect: handle-leak */
	if (ev == NULL)
		return -1;
	if (event_add(ev, NULL) == -1) {
		event_free(ev);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct event_base *base = event_base_new();
	(void)argv;
	/* a set of events per argument: what leaks here grows */
	for (int i = 0; i < argc; i++)
		if (watch_control(base, 0) == -1 || watch_signal(base) == -1 || read_once(base, 1) == -1 ||
		    forgot_add(base, 2) == -1 || add_if(base, 3, 0) == -1 ||
		    watch_flags(base, 4, EV_READ) == -1)
			return 1;
	watch_monitor(base, 5);
	event_base_dispatch(base);
	event_base_free(base);
	return 0;
}
