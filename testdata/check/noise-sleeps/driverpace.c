/* noise-sleeps/driverpace.c: a short sleep in a hand-written loop's own
 * body (a throttle while it refuses new work) costs that much per turn of
 * the loop: a note. The same sleep in a loop a handler spins in within one
 * turn, without bound, is reported, and so is a long sleep in the body. */
#include <poll.h>
#include <unistd.h>

static int busy;

static void drain(int fd)
{
	char buf[64];
	while (read(fd, buf, sizeof buf) < 0)
		usleep(16); /* expect: blocking-sleep */
}

int main(int argc, char **argv)
{
	struct pollfd p[2] = {{0, POLLIN, 0}, {3, POLLIN, 0}};
	(void)argv;
	for (;;) {
		if (busy > 10) {
			usleep(16); /* expect-note: blocking-sleep */
			busy--;
			continue;
		}
		if (argc > 3)
			usleep(200000); /* expect: blocking-sleep */
		if (poll(p, 2, -1) > 0) {
			busy++;
			drain(p[0].fd);
		}
	}
}
