/* The load generator: its callback paces the requests by sleeping. */
#include <unistd.h>

#include "loop.h"

static void on_reply(int fd)
{
	char buf[512];
	if (read(fd, buf, sizeof buf) > 0)
		usleep(200000); /* expect: blocking-sleep */
}

int main(void)
{
	loop_watch(0, on_reply);
	loop_run();
	return 0;
}
