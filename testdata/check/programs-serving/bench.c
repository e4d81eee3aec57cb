/* The load generator: it connects and paces its requests by sleeping. Its
 * listen is in a function nothing calls: it serves nothing. */
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"

static void on_reply(int fd)
{
	char buf[512];
	if (read(fd, buf, sizeof buf) > 0)
		usleep(200000); /* expect-note: blocking-sleep */
	stats_flush();
}

int bench_listen_for_debugging(int s)
{
	return listen(s, 1);
}

int main(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(7000)};
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s < 0 || (connect(s, (struct sockaddr *)&sa, sizeof sa) < 0))
		return 1;
	loop_watch(s, on_reply);
	loop_run();
	return 0;
}
