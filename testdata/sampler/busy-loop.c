/* busy-loop.c — a saturated hand-written epoll loop: a feeder thread hands
 * it the next request the moment it answers the last, so the loop runs a
 * short handler (on_request, ~0.5 ms on the CPU) back to back and its
 * epoll_wait never finds it idle for more than the feeder's wake-up. It
 * never stalls but once: DELAY_MS after it first sees itself traced, one
 * request stalls for STALL_MS (fixture.h's chain: off sleeps, on spins),
 * so a test attached at any time sees exactly that one stall among
 * thousands of short iterations; on the CPU it does STALL_MS of work
 * (CPU time), so a loaded machine makes it longer, never less of a
 * CPU-bound stall. Loop and feeder run on different CPUs
 * where there are two: each iteration then blocks in epoll_wait for the
 * feeder's wake-up (microseconds), never long enough to be seen idle but
 * counted as a voluntary context switch, the boundary the ptrace path can
 * observe; on one CPU the feeder would preempt the loop instead.
 *
 * Usage: busy-loop off|on STALL_MS DELAY_MS RUNTIME_S */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include "fixture.h"

static int work_fd, ack_fd;

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		sched_setaffinity(0, sizeof set, &set);
}

static void *feeder(void *arg)
{
	uint64_t one = 1, n;
	pin(1);
	for (;;) {
		if (write(work_fd, &one, sizeof one) < 0 || read(ack_fd, &n, sizeof n) < 0)
			return NULL;
	}
}

/* One request: a little work, and the stall when its time has come. */
__attribute__((noinline)) static void on_request(void)
{
	fx_request(0.0005);
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	fx.cpu_spin = 1;
	work_fd = eventfd(0, 0);
	ack_fd = eventfd(0, 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN};
	epoll_ctl(ep, EPOLL_CTL_ADD, work_fd, &ev);
	pthread_t th;
	pthread_create(&th, NULL, feeder, NULL);
	pin(0);
	while (!fx_stop && fx_now() - fx.start < fx.runtime_s) {
		struct epoll_event out[4];
		int n = epoll_wait(ep, out, 4, 100);
		uint64_t v, one = 1;
		for (int i = 0; i < n; i++) {
			if (read(work_fd, &v, sizeof v) < 0)
				continue;
			on_request();
			if (write(ack_fd, &one, sizeof one) < 0)
				return 1;
		}
	}
	return FX_EXIT_STATUS;
}
