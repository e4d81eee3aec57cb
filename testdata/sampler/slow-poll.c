/* slow-poll.c — a hand-written poll(2) loop that idles long in each wait:
 * a timerfd firing every 300 ms, waited for with a timeout, dispatched to
 * on_tick, which stalls on purpose (see fixture.h; mode none: never). A
 * stop signal (SIGSTOP, then SIGCONT) that comes while it waits has the
 * kernel resume the wait as restart_syscall, the rest of it still the
 * loop idling; one that comes in on_tick's nanosleep resumes that. */
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>

#include "fixture.h"

__attribute__((noinline)) static int on_tick(int fd)
{
	uint64_t n;
	if (read(fd, &n, sizeof n) < 0)
		return 0;
	return fx_tick();
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = {{0, 300 * 1000000L}, {0, 300 * 1000000L}};
	timerfd_settime(fd, 0, &its, NULL);
	struct pollfd pfd = {fd, POLLIN, 0};
	for (;;)
		if (poll(&pfd, 1, 5000) > 0 && on_tick(fd))
			break;
	return FX_EXIT_STATUS;
}
