/* async-libevent: ignored-error and unchecked-status with libevent 2 —
 * dropped results of event_add and bufferevent_socket_connect, and a
 * bufferevent event callback that never looks at `what`; beside them the
 * look-alikes that are fine (results tested or returned, a (void) discard,
 * event_del which fails only on programmer error, `what` tested or only
 * logged). */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <event2/event.h>
#include <event2/bufferevent.h>

static struct event_base *base;
static struct event *tick, *tock;
static struct bufferevent *conn, *conn2, *conn3;

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what; /* which events fired, not a status: not modelled */
	(void)arg;
}

/* ---- unchecked-status ------------------------------------------------------ */

static void on_event_bad(struct bufferevent *bev, short what, void *ctx) /* expect: unchecked-status */
{
	(void)ctx;
	bufferevent_free(bev);
	conn = NULL;
}

/* clean: the flags are tested */
static void on_event_good(struct bufferevent *bev, short what, void *ctx)
{
	(void)ctx;
	if (what & (BEV_EVENT_ERROR | BEV_EVENT_EOF)) {
		bufferevent_free(bev);
		conn2 = NULL;
	}
}

/* clean: only logged, but read */
static void on_event_logged(struct bufferevent *bev, short what, void *ctx)
{
	(void)bev;
	(void)ctx;
	fprintf(stderr, "bufferevent event 0x%x\n", what);
}

/* ---- ignored-error ----------------------------------------------------------- */

static void start_bad(struct sockaddr *sa, int len, evutil_socket_t fd)
{
	tick = event_new(base, fd, EV_READ | EV_PERSIST, on_tick, NULL);
	event_add(tick, NULL); /* expect: ignored-error */
	conn = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(conn, NULL, NULL, on_event_bad, NULL);
	bufferevent_socket_connect(conn, sa, len); /* expect: ignored-error */
}

static int start_good(struct sockaddr *sa, int len)
{
	struct timeval tv = {1, 0};
	tock = event_new(base, -1, EV_PERSIST, on_tick, NULL);
	if (event_add(tock, &tv) < 0)
		return -1;
	event_del(tock); /* clean: fails only on programmer error */
	conn2 = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(conn2, NULL, NULL, on_event_good, NULL);
	(void)bufferevent_enable(conn2, EV_READ); /* clean: deliberate discard */
	conn3 = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(conn3, NULL, NULL, on_event_logged, NULL);
	int rc = bufferevent_socket_connect(conn3, sa, len);
	if (rc < 0)
		return rc;
	return bufferevent_socket_connect(conn2, sa, len);
}

int main(void)
{
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(7000);
	base = event_base_new();
	start_bad((struct sockaddr *)&sin, sizeof sin, 0);
	if (start_good((struct sockaddr *)&sin, sizeof sin) < 0)
		return 1;
	int r = event_base_dispatch(base);
	event_free(tick);
	event_free(tock);
	event_base_free(base);
	return r;
}
