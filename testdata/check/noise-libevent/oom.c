/* noise-libevent/oom.c: ignored-error on libevent calls that fail only
 * when memory runs out is a note (hidden by default): event_add of a pure
 * timer or of a signal event on a constant signal, bufferevent_write and
 * bufferevent_enable. Beside them the look-alikes that fail in practice
 * and stay warnings: event_add of an event on a socket, and of a field
 * that holds a timer in one place and a socket event in another. */
#include <signal.h>
#include <string.h>
#include <event2/event.h>
#include <event2/event_struct.h>
#include <event2/bufferevent.h>

struct conn {
	struct event timer;   /* only ever a timer */
	struct event mixed;   /* a timer here, a socket event there */
	struct event *sig;
	struct event *io;
	struct bufferevent *bev;
};

static struct event_base *base;
static struct event *once;

static void on_fire(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
}

/* notes: timers and a constant signal fail only on out-of-memory */
static void arm_quiet(struct conn *c)
{
	struct timeval tv = {1, 0};
	once = evtimer_new(base, on_fire, c);
	evtimer_add(once, &tv); /* expect-note: ignored-error */
	evtimer_assign(&c->timer, base, on_fire, c);
	evtimer_add(&c->timer, &tv); /* expect-note: ignored-error */
	c->sig = evsignal_new(base, SIGHUP, on_fire, c);
	evsignal_add(c->sig, NULL); /* expect-note: ignored-error */
	bufferevent_write(c->bev, "hello\n", 6); /* expect-note: ignored-error */
	bufferevent_enable(c->bev, EV_READ | EV_WRITE); /* expect-note: ignored-error */
}

/* reported: an event on an fd can fail in the backend */
static void arm_socket(struct conn *c, evutil_socket_t fd)
{
	c->io = event_new(base, fd, EV_READ | EV_PERSIST, on_fire, c);
	event_add(c->io, NULL); /* expect: ignored-error */
}

/* reported: the field is not always a timer */
static void arm_mixed(struct conn *c, evutil_socket_t fd, int use_fd)
{
	struct timeval tv = {1, 0};
	if (use_fd)
		event_assign(&c->mixed, base, fd, EV_READ, on_fire, c);
	else
		evtimer_assign(&c->mixed, base, on_fire, c);
	event_add(&c->mixed, &tv); /* expect: ignored-error */
}

int main(void)
{
	struct conn c;
	memset(&c, 0, sizeof c);
	base = event_base_new();
	if (!base)
		return 1;
	arm_quiet(&c);
	arm_socket(&c, 0);
	arm_mixed(&c, 0, 1);
	return event_base_dispatch(base);
}
