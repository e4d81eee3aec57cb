/* noise-belief/main.c: the other TU of the program; the counts are over
 * the whole program (see io.c). */
#include <string.h>
#include "conn.h"

static struct conn conns[4];

static void on_accept(evutil_socket_t fd, short what, void *arg)
{
	struct sockaddr sa;
	(void)what;
	(void)arg;
	memset(&sa, 0, sizeof sa);
	conns[0].fd = fd;
	conn_arm(&conns[0]);
	event_add(conns[0].rd, NULL); /* expect-note: ignored-error */
	event_add(conns[0].wr, NULL); /* expect-note: ignored-error */
	event_add(conns[0].idle, NULL); /* expect-note: ignored-error */
	if (bufferevent_socket_connect(conns[1].bev, &sa, sizeof sa) != 0)
		return;
	if (bufferevent_socket_connect(conns[2].bev, &sa, sizeof sa) != 0)
		return;
	int rc = bufferevent_socket_connect(conns[3].bev, &sa, sizeof sa);
	if (rc)
		return;
	bufferevent_socket_connect(conns[0].bev, &sa, sizeof sa); /* expect: ignored-error */
}

int main(void)
{
	base = event_base_new();
	if (!base)
		return 1;
	struct event *lst = event_new(base, 3, EV_READ | EV_PERSIST, on_accept, NULL);
	if (!lst)
		return 1;
	event_add(lst, NULL); /* expect-note: ignored-error */
	return event_base_dispatch(base);
}
