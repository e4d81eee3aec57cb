/* syscall-loop.c — a hand-written epoll loop (as epoll-loop.c) whose timer
 * callback stalls on purpose in one of two ways that differ in their
 * syscalls, every PERIOD_MS:
 *
 *   block:  on_timerfd -> serve_request -> wait_reply: one read() of a
 *           socket that a helper thread answers STALL_MS later (the loop
 *           thread sits in that one syscall the whole stall)
 *   chatty: on_timerfd -> serve_request -> checksum_chunks: STALL_MS of
 *           the thread's CPU time, with a getppid() and a read of its
 *           CPU clock (a syscall too) every few tens of microseconds (on
 *           the CPU the whole stall, between thousands of quick syscalls)
 *
 * Usage: syscall-loop block|chatty STALL_MS PERIOD_MS RUNTIME_S (heartbeat
 * and "stall N ms" lines, SIGUSR1 and the exit status as fixture.h). */
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>

#include "fixture.h"

static int chatty;
static int sv[2]; /* sv[0]: the loop's end; sv[1]: the helper's */

/* Answers each request STALL_MS after it came. */
static void *helper(void *arg)
{
	char c;
	while (read(sv[1], &c, 1) == 1) {
		struct timespec ts = {fx.stall_ms / 1000, (fx.stall_ms % 1000) * 1000000L};
		while (nanosleep(&ts, &ts) != 0)
			;
		if (write(sv[1], &c, 1) != 1)
			return NULL;
	}
	return NULL;
}

__attribute__((noinline)) static void wait_reply(void)
{
	char c = 'q';
	if (write(sv[0], &c, 1) != 1)
		return;
	while (read(sv[0], &c, 1) < 0)
		;
}

__attribute__((noinline)) static void checksum_chunks(int ms)
{
	volatile unsigned long x = 1;
	double end = fx_clock(CLOCK_THREAD_CPUTIME_ID) + ms / 1e3;
	while (fx_clock(CLOCK_THREAD_CPUTIME_ID) < end) {
		for (int i = 0; i < 10000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		x += (unsigned long)syscall(SYS_getppid);
	}
}

__attribute__((noinline)) static void serve_request(void)
{
	if (chatty)
		checksum_chunks(fx.stall_ms);
	else
		wait_reply();
}

static int on_timerfd(struct watcher *w)
{
	uint64_t n;
	if (read(w->fd, &n, sizeof n) < 0)
		return 0;
	double t = fx_now();
	if (t - fx.last_beat >= 0.1) {
		printf("beat %ld\n", ++fx.beats);
		fx.last_beat = t;
	}
	if ((t - fx.last_stall) * 1000 >= fx.period_ms) {
		serve_request();
		fx.last_stall = fx_now();
		printf("stall %.1f ms\n", (fx.last_stall - t) * 1e3);
	}
	return fx_stop || t - fx.start >= fx.runtime_s;
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	chatty = !strcmp(argv[1], "chatty");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 1;
	pthread_t th;
	pthread_create(&th, NULL, helper, NULL);
	run_timer_loop(on_timerfd);
	return FX_EXIT_STATUS;
}
