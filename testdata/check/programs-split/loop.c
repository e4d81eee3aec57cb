/* programs-split: two programs built from one tree — a server (server.c)
 * and a load generator (bench.c) — share this hand-written loop driver.
 * Each registers its own callbacks, and each links its own log_event
 * (logfile.c in the server, the stub in logstub.c in the load generator).
 * A finding belongs only to the program where its whole chain exists:
 * on_client's to server.c, on_reply's to bench.c, the log file's to
 * server.c (tests/t-noise.sh checks `programs`). */
#include <sys/epoll.h>

#include "loop.h"

struct watcher {
	void (*on_ready)(int fd);
};

static struct watcher watchers[64];
static int epfd = -1;

void loop_watch(int fd, void (*on_ready)(int fd))
{
	if (epfd < 0)
		epfd = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
	if (fd < 0 || fd >= 64)
		return;
	watchers[fd].on_ready = on_ready;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		log_event("epoll_ctl");
}

static void loop_once(void)
{
	struct epoll_event evs[16];
	int n = epoll_wait(epfd, evs, 16, -1);
	if (n < 0)
		log_event("epoll_wait");
	for (int i = 0; i < n; i++)
		watchers[evs[i].data.fd].on_ready(evs[i].data.fd);
}

void loop_run(void)
{
	for (;;)
		loop_once();
}
