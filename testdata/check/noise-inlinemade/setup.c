/* noise-inlinemade: an event made in event_add's argument itself is known
 * by the call that makes it: a signal event on a constant signal or a pure
 * timer, made inline, fails to add only when memory runs out (a note); an
 * event on a descriptor made inline can fail in the backend and stays a
 * warning, as does one whose signal number is not a constant. */
#include <signal.h>
#include <event2/event.h>

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
}

static void setup(struct event_base *base, int fd, int sig)
{
	struct timeval tv = {5, 0};
	evsignal_add(evsignal_new(base, SIGTERM, on_signal, base), NULL); /* expect-note: ignored-error */
	event_add(event_new(base, SIGUSR1, EV_SIGNAL | EV_PERSIST, on_signal, base), NULL); /* expect-note: ignored-error */
	evtimer_add(evtimer_new(base, on_read, NULL), &tv); /* expect-note: ignored-error */
	event_add(event_new(base, fd, EV_READ | EV_PERSIST, on_read, NULL), NULL); /* expect: ignored-error */
	evsignal_add(evsignal_new(base, sig, on_signal, base), NULL); /* expect: ignored-error */
}

int main(void)
{
	struct event_base *base = event_base_new();
	setup(base, 0, SIGHUP);
	event_base_dispatch(base);
	event_base_free(base);
	return 0;
}
