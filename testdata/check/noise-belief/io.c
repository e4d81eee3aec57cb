/* noise-belief/io.c: this program adds its socket events with event_add at
 * thirteen sites and checks the result at one (a cast to void is no
 * check): an error it never handles is not one to act on, so the
 * unchecked calls are notes (warnings in noise-belief-few, where nine
 * sites are too few to show a habit). It
 * checks bufferevent_socket_connect at four of five sites: the fifth stays
 * a warning, and says so (tests/t-noise.sh reads the message). */
#include "conn.h"

struct event_base *base;

void on_ev(struct bufferevent *bev, short what, void *arg)
{
	(void)arg;
	if (what & BEV_EVENT_ERROR)
		bufferevent_free(bev);
}

void on_io(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)fd;
	if (what & EV_READ)
		event_add(c->rd, NULL); /* expect-note: ignored-error */
	if (what & EV_WRITE)
		event_add(c->wr, NULL); /* expect-note: ignored-error */
}

void conn_arm(struct conn *c)
{
	c->rd = event_new(base, c->fd, EV_READ, on_io, c);
	c->wr = event_new(base, c->fd, EV_WRITE, on_io, c);
	c->idle = event_new(base, c->fd, EV_READ | EV_PERSIST, on_io, c);
	event_add(c->rd, NULL); /* expect-note: ignored-error */
	event_add(c->wr, NULL); /* expect-note: ignored-error */
	event_add(c->idle, NULL); /* expect-note: ignored-error */
	(void)event_add(c->idle, NULL);
	if (event_add(c->rd, NULL) == -1)
		event_free(c->rd);
}

static void rearm(struct conn *c, int both)
{
	event_add(c->rd, NULL); /* expect-note: ignored-error */
	if (both)
		event_add(c->wr, NULL); /* expect-note: ignored-error */
}

int conn_connect(struct conn *c, struct sockaddr *sa, int len)
{
	c->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(c->bev, NULL, NULL, on_ev, c);
	if (bufferevent_socket_connect(c->bev, sa, len) < 0)
		return -1;
	rearm(c, 1);
	return 0;
}
