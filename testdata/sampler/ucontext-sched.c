/* ucontext-sched.c — a stackful coroutine scheduler on ucontext: an epoll
 * loop on a timerfd resumes the coroutine request_coroutine on every tick;
 * the coroutine runs on its own heap stack and stalls on purpose there
 * (see fixture.h) before yielding back to the scheduler. */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <ucontext.h>

#include "fixture.h"

static ucontext_t sched_ctx, co_ctx;
static int co_done;

static void request_coroutine(void)
{
	while (!fx_tick())
		swapcontext(&co_ctx, &sched_ctx); /* yield */
	co_done = 1;
}

static void sched_run(int ep, int tfd)
{
	while (!co_done) {
		struct epoll_event ev;
		if (epoll_wait(ep, &ev, 1, -1) != 1)
			continue;
		uint64_t n;
		if (read(tfd, &n, sizeof n) < 0)
			continue;
		swapcontext(&sched_ctx, &co_ctx); /* resume */
	}
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	static char stack[256 * 1024];
	getcontext(&co_ctx);
	co_ctx.uc_stack.ss_sp = stack;
	co_ctx.uc_stack.ss_size = sizeof stack;
	co_ctx.uc_link = &sched_ctx;
	makecontext(&co_ctx, request_coroutine, 0);
	int ep = epoll_create1(0);
	int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = {{0, FX_TICK_MS * 1000000L}, {0, FX_TICK_MS * 1000000L}};
	timerfd_settime(tfd, 0, &its, NULL);
	struct epoll_event ev = {.events = EPOLLIN};
	epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
	sched_run(ep, tfd);
	return FX_EXIT_STATUS;
}
