/* The look-alike: a goto after the server's loop jumps back before the
 * return to the client, so the process that served may yet come back
 * to it. Nothing is split, and the client's blocking stays a warning. */
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static struct event_base *base;
static int restarts;

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
		      int len, void *arg)
{
	close(fd);
}

static void on_server_read(evutil_socket_t fd, short what, void *arg)
{
	char buf[64];
	if (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0 && buf[0] == 'L')
		system("vlock"); /* expect: blocking-subprocess */
}

static int start_server(void)
{
	int pair[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
		return -1;
again:
	if (fork() != 0) {
		close(pair[1]);
		return pair[0];
	}
	close(pair[0]);
	if (event_reinit(base) != 0)
		exit(1);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(7103)};
	if (!evconnlistener_new_bind(base, on_accept, NULL, LEV_OPT_REUSEABLE, -1,
				     (struct sockaddr *)&sin, sizeof sin))
		exit(1);
	event_base_dispatch(base);
	if (restarts++ < 3)
		goto again;
	exit(0);
}

int main(void)
{
	base = event_base_new();
	int fd = start_server();
	if (fd < 0)
		return 1;
	struct event *ev = event_new(base, fd, EV_READ | EV_PERSIST, on_server_read, NULL);
	if (!ev || event_add(ev, NULL) != 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
