/* libevent: callbacks via event_new, evtimer_new (a macro), bufferevent_setcb
 * and evconnlistener_new_bind. */
#include <event2/event.h>
#include <event2/bufferevent.h>
#include <event2/buffer.h>
#include <event2/listener.h>
#include <event2/dns.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

static struct event_base *base;

static void lookup_peer(const char *host)
{
	struct hostent *h = gethostbyname(host); /* expect: blocking-dns */
	(void)h;
}

static void on_read(struct bufferevent *bev, void *ctx)
{
	(void)ctx;
	char line[128];
	size_t n = bufferevent_read(bev, line, sizeof line - 1);
	line[n] = '\0';
	lookup_peer(line);
}

static void on_event(struct bufferevent *bev, short what, void *ctx)
{
	(void)ctx;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		bufferevent_free(bev);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
		      int socklen, void *ctx)
{
	(void)l; (void)sa; (void)socklen; (void)ctx;
	struct bufferevent *bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(bev, on_read, NULL, on_event, NULL);
	bufferevent_enable(bev, EV_READ); /* expect-note: ignored-error (fails only on out-of-memory) */
}

static void on_resolved(int err, struct evutil_addrinfo *ai, void *arg)
{
	(void)arg;
	if (err == 0)
		evutil_freeaddrinfo(ai);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd; (void)what;
	struct evdns_base *dns = arg;
	evdns_getaddrinfo(dns, "example.org", "80", NULL, on_resolved, NULL); /* clean: async DNS */
	system("/usr/local/bin/rotate-logs"); /* expect: blocking-subprocess */
	event_base_loop(base, EVLOOP_ONCE); /* expect: nested-loop-run */
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig; (void)what; (void)arg;
	event_base_loopexit(base, NULL); /* clean: ends the loop, does not run one */
}

int main(void)
{
	base = event_base_new();
	struct evdns_base *dns = evdns_base_new(base, 1);
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(8080);
	struct evconnlistener *l = evconnlistener_new_bind(base, on_accept, NULL,
		LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE, -1, (struct sockaddr *)&sin, sizeof sin);
	struct event *t = evtimer_new(base, on_timer, dns);
	struct timeval tv = {1, 0};
	evtimer_add(t, &tv); /* expect-note: ignored-error (a timer fails only on out-of-memory) */
	struct event *s = evsignal_new(base, 2, on_signal, NULL);
	event_add(s, NULL); /* expect-note: ignored-error (a constant signal likewise) */
	lookup_peer("localhost"); /* clean (the call): main is not a callback */
	event_base_dispatch(base); /* clean: the program's one loop run */
	evconnlistener_free(l);
	event_free(t);
	event_free(s);
	event_base_free(base);
	return 0;
}
