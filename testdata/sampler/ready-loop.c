/* ready-loop.c — a loop that never blocks: its own eventfd is always
 * readable, so every epoll_wait returns at once, as a server's does under
 * pipelined load. Each iteration reads the eventfd, runs one short
 * handler (on_request, ~0.7 ms on the CPU) and writes the eventfd again:
 * no voluntary context switch, no moment idle in the wait, nothing a
 * sampler can see between two iterations but the wait's own entry. It
 * never stalls but once: DELAY_MS after it first sees itself traced, one
 * request stalls for STALL_MS (fixture.h's chain: off sleeps, on spins
 * for that much of its CPU time), so a test attached at any time sees
 * exactly that one stall among thousands of short iterations.
 *
 * Usage: ready-loop off|on STALL_MS DELAY_MS RUNTIME_S */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include "fixture.h"

/* One request: a little work, and the stall when its time has come. */
__attribute__((noinline)) static void on_request(void)
{
	fx_request(0.0007);
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	fx.cpu_spin = 1;
	int efd = eventfd(1, 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN};
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	while (!fx_stop && fx_now() - fx.start < fx.runtime_s) {
		struct epoll_event out[4];
		int n = epoll_wait(ep, out, 4, 100);
		uint64_t v, one = 1;
		for (int i = 0; i < n; i++) {
			if (read(efd, &v, sizeof v) < 0)
				continue;
			on_request();
			/* ready again at once: the next wait does not block */
			if (write(efd, &one, sizeof one) < 0)
				return 1;
		}
	}
	return FX_EXIT_STATUS;
}
