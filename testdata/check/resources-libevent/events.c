/* resources-libevent/events.c — handle-leak on libevent objects. */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct client {
	struct event *ev;
	struct bufferevent *bev;
};

static void on_read(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }

/* Leak: the event is not freed when event_add fails. */
int watch_leaks(struct event_base *base, evutil_socket_t fd)
{
	struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_read, NULL); /* expect: handle-leak */
	if (!ev)
		return -1;
	if (event_add(ev, NULL) < 0)
		return -1;
	return 0;
}

/* Clean: freed on failure; kept in the caller's struct on success. */
int watch_ok(struct client *c, struct event_base *base, evutil_socket_t fd)
{
	struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_read, c);
	if (ev == NULL)
		return -1;
	if (event_add(ev, NULL) < 0) {
		event_free(ev);
		return -1;
	}
	c->ev = ev;
	return 0;
}

/* Clean: the evbuffer lives and dies within the function. */
size_t measure(const char *s)
{
	struct evbuffer *b = evbuffer_new();
	if (!b)
		return 0;
	evbuffer_add_printf(b, "%s\n", s);
	size_t n = evbuffer_get_length(b);
	evbuffer_free(b);
	return n;
}

/* Leak: an early return skips evbuffer_free. */
int fill(const char *s)
{
	struct evbuffer *b = evbuffer_new(); /* expect: handle-leak */
	if (!b)
		return -1;
	if (evbuffer_add(b, s, 4) != 0)
		return -1;
	evbuffer_free(b);
	return 0;
}

/* Clean: the fd is owned by the bufferevent (BEV_OPT_CLOSE_ON_FREE),
 * the bufferevent by the caller's struct. */
int attach_fd(struct client *c, struct event_base *base)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct bufferevent *bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (!bev) {
		close(fd);
		return -1;
	}
	c->bev = bev;
	return 0;
}

/* Leak: when bufferevent_socket_new fails the fd is still ours. */
int attach_fd_leaks(struct client *c, struct event_base *base)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	struct bufferevent *bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (!bev)
		return -1;
	c->bev = bev;
	return 0;
}

/* Clean: without BEV_OPT_CLOSE_ON_FREE the fd stays reachable through
 * bufferevent_getfd; closed here when the bufferevent cannot be made. */
int attach_fd_keep(struct client *c, struct event_base *base)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct bufferevent *bev = bufferevent_socket_new(base, fd, 0);
	if (!bev) {
		close(fd);
		return -1;
	}
	c->bev = bev;
	return 0;
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len, void *arg)
{
	(void)l; (void)sa; (void)len; (void)arg;
	close(fd);
}

/* Clean: the listener is freed after the loop ends. */
int serve(struct event_base *base, const struct sockaddr *sa, int len)
{
	struct evconnlistener *l = evconnlistener_new_bind(base, on_accept, NULL,
			LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE, -1, sa, len);
	if (!l)
		return -1;
	event_base_dispatch(base);
	evconnlistener_free(l);
	return 0;
}

/* Clean: event_base created and freed; the dispatch result is ignored. */
int run_once(void)
{
	struct event_base *base = event_base_new();
	if (!base)
		return -1;
	int r = event_base_loop(base, EVLOOP_ONCE);
	event_base_free(base);
	return r;
}
