/* One program, two processes: the client connects to its server and,
 * when none runs, starts one. start_server forks; the child serves until
 * it exits, the parent comes back with a socket to it. The client's own
 * callbacks run in a process that accepts no connections while the
 * server's serves: what they block on is a note. What main registers
 * before it starts the server runs in both processes. */
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static struct event_base *base;

/* registered before the fork: the server's loop runs it too */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	sleep(1); /* expect: blocking-sleep */
}

/* the server's connections */
static void on_conn_read(evutil_socket_t fd, short what, void *arg)
{
	char line[128];
	FILE *f = fopen("/var/lib/demo/state", "r"); /* expect: blocking-file-io */
	if (f) {
		if (fgets(line, sizeof line, f)) /* expect: blocking-file-io */
			send(fd, line, sizeof line, MSG_DONTWAIT);
		fclose(f);
	}
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
		      int len, void *arg)
{
	struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_conn_read, NULL);
	if (ev && event_add(ev, NULL) == 0)
		return;
	if (ev)
		event_free(ev);
	close(fd);
}

/* the client's connection to the server */
static void on_server_read(evutil_socket_t fd, short what, void *arg)
{
	char buf[64];
	if (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0 && buf[0] == 'L')
		system("vlock"); /* expect-note: blocking-subprocess */
}

static int start_server(void)
{
	int pair[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
		return -1;
	if (fork() != 0) {
		close(pair[1]);
		return pair[0];
	}
	close(pair[0]);
	if (event_reinit(base) != 0)
		exit(1);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(7100)};
	if (!evconnlistener_new_bind(base, on_accept, NULL, LEV_OPT_REUSEABLE, -1,
				     (struct sockaddr *)&sin, sizeof sin))
		exit(1);
	event_base_dispatch(base);
	exit(0);
}

int main(void)
{
	base = event_base_new();
	struct event *tick = event_new(base, -1, EV_PERSIST, on_tick, NULL);
	struct timeval second = {1, 0};
	if (!tick || event_add(tick, &second) != 0)
		return 1;
	int fd = start_server();
	if (fd < 0)
		return 1;
	struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_server_read, NULL);
	if (!ev || event_add(ev, NULL) != 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
