/* noise-belief: the program's own belief about a callee's failure. */
#include <event2/event.h>
#include <event2/bufferevent.h>

struct conn {
	struct event *rd, *wr, *idle;
	struct bufferevent *bev;
	evutil_socket_t fd;
};

extern struct event_base *base;
void on_io(evutil_socket_t fd, short what, void *arg);
void on_ev(struct bufferevent *bev, short what, void *arg);
int conn_connect(struct conn *c, struct sockaddr *sa, int len);
void conn_arm(struct conn *c);
