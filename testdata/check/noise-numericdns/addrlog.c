/* noise-numericdns: getnameinfo with NI_NUMERICHOST only formats the
 * address (inet_ntop with a scope), and with no host buffer it looks up
 * only the service in the local services database: neither waits for a
 * resolver on the loop thread. A reverse lookup (no NI_NUMERICHOST, or
 * flags the call site does not spell) is reported. */
#include <netdb.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include <event2/event.h>

static void log_peer(const struct sockaddr_storage *ss)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	/* clean: numeric host, with or without a numeric service */
	if (getnameinfo((const struct sockaddr *)ss, sizeof *ss, host, sizeof host,
			NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(host, sizeof host, "(unknown)");
	getnameinfo((const struct sockaddr *)ss, sizeof *ss, host, sizeof host, serv,
		    sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
	/* clean: the service only */
	getnameinfo((const struct sockaddr *)ss, sizeof *ss, NULL, 0, serv, sizeof serv, 0);
	printf("%s %s\n", host, serv);
}

static void name_peer(const struct sockaddr_storage *ss, int flags)
{
	char host[NI_MAXHOST];
	/* a reverse lookup: the resolver */
	getnameinfo((const struct sockaddr *)ss, sizeof *ss, host, sizeof host, NULL, 0, 0); /* expect: blocking-dns */
	getnameinfo((const struct sockaddr *)ss, sizeof *ss, host, sizeof host, NULL, 0, /* expect: blocking-dns */
		    NI_NAMEREQD);
	/* flags from the caller: not known to be numeric */
	getnameinfo((const struct sockaddr *)ss, sizeof *ss, host, sizeof host, NULL, 0, flags); /* expect: blocking-dns */
	printf("%s\n", host);
}

static void on_accept(evutil_socket_t fd, short what, void *arg)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	(void)what;
	(void)arg;
	int c = accept(fd, (struct sockaddr *)&ss, &len);
	if (c < 0)
		return;
	log_peer(&ss);
	name_peer(&ss, NI_NUMERICSERV);
	close(c);
}

int main(void)
{
	struct event_base *base = event_base_new();
	struct event *ev = event_new(base, 3, EV_READ | EV_PERSIST, on_accept, NULL);
	if (event_add(ev, NULL) == 0)
		event_base_dispatch(base);
	event_free(ev);
	event_base_free(base);
	return 0;
}
