/* The example program: a poll loop of its own that serves nothing and
 * shares no function with the server. */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

static void on_input(int fd)
{
	char line[128];
	if (read(fd, line, sizeof line) > 0)
		sleep(1); /* expect: blocking-sleep */
}

int main(void)
{
	struct pollfd p[2] = {{0, POLLIN, 0}, {3, POLLIN, 0}};
	for (;;)
		if (poll(p, 2, -1) > 0 && (p[0].revents & POLLIN))
			on_input(p[0].fd);
}
