/* The tail starts after the loop that holds the last return: start_server
 * tries to fork three times, returning to the client from inside the
 * loop; past the loop the process only serves and exits. The client's
 * callback is a note, as in client.c. */
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static struct event_base *base;

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
		      int len, void *arg)
{
	close(fd);
}

static void on_server_read(evutil_socket_t fd, short what, void *arg)
{
	char buf[64];
	if (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0 && buf[0] == 'L')
		system("vlock"); /* expect-note: blocking-subprocess */
}

static int start_server(void)
{
	int pair[2];
	pid_t pid = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
		return -1;
	for (int tries = 0; tries < 3; tries++) {
		pid = fork();
		if (pid > 0) {
			close(pair[1]);
			return pair[0];
		}
		if (pid == 0)
			break;
	}
	if (pid != 0)
		exit(1);
	close(pair[0]);
	if (event_reinit(base) != 0)
		exit(1);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(7102)};
	if (!evconnlistener_new_bind(base, on_accept, NULL, LEV_OPT_REUSEABLE, -1,
				     (struct sockaddr *)&sin, sizeof sin))
		exit(1);
	event_base_dispatch(base);
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
