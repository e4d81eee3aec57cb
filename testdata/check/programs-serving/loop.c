/* programs-serving: a tree that builds a server (server.c), which accepts
 * connections, and a load generator (bench.c), which only connects, on one
 * shared loop driver. By default a finding only in the load generator is a
 * note, with the reason; what the server runs stays a warning, also in code
 * both run (stats.c). tests/t-noise.sh checks the reasons, the report's
 * summary line, --why, and that `programs:` overrides the default. */
#include <sys/epoll.h>

#include "loop.h"

static void (*handlers[64])(int fd);
static int epfd = -1;

void loop_watch(int fd, void (*on_ready)(int fd))
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
	if (epfd < 0)
		epfd = epoll_create1(0);
	if (fd < 0 || fd >= 64)
		return;
	handlers[fd] = on_ready;
	(void)epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void loop_once(void)
{
	struct epoll_event evs[16];
	int n = epoll_wait(epfd, evs, 16, -1);
	for (int i = 0; i < n; i++)
		handlers[evs[i].data.fd](evs[i].data.fd);
}

void loop_run(void)
{
	for (;;)
		loop_once();
}
