/*
 * fixture.h — the shared part of the sampler's target programs. Each
 * program runs a real event loop whose timer callback calls fx_tick()
 * every FX_TICK_MS; every period_ms of those ticks, fx_tick() stalls the
 * loop on purpose two calls below the callback:
 *
 *   <callback> -> handle_request -> load_template   (off: sleeps in nanosleep)
 *   <callback> -> handle_request -> compress_log    (on: spins on the CPU)
 *   <callback> -> handle_request -> wait_lock       (lock: waits in a futex
 *        with a timeout, for a semaphore no one posts: libc's futex wrapper,
 *        named otherwise than the syscall, is the innermost frame)
 *   <callback> -> handle_request -> index_scan -> index_walk ...
 *        (varied: spins on the CPU at the bottom of a chain of
 *        index_left/index_right calls 12 deep, a different chain each
 *        millisecond, so nearly every sample has a stack of its own; and
 *        every other time for a third of STALL_MS only: a busy stretch
 *        that ends short of a stall between two stalls)
 *
 * Usage: PROGRAM off|on|varied|lock|none STALL_MS PERIOD_MS RUNTIME_S
 * MODE off@traced or on@traced: the first tick stalls at once and goes on
 * stalling (in the same chain, in 10 ms steps) until the program sees a
 * tracer, then STALL_MS more: a stall under way when loopscope attaches,
 * however slowly it starts ("waiting to be traced" is printed as it
 * begins, "traced after N ms" when the tracer came).
 * Every 100 ms a heartbeat line goes to stdout (so a test can see the
 * program still answers after loopscope detached), and every stall a line
 * with its duration as measured inside the program; and after RUNTIME_S the
 * program exits with status FX_EXIT_STATUS, its own, which `run` forwards;
 * SIGUSR1 ends it the same way at the next tick, so a test on a slow
 * machine can give it a long RUNTIME_S and still end it when it is done.
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define FX_TICK_MS 10
#define FX_EXIT_STATUS 3

static struct {
	int mode; /* 0 none, 1 off-cpu, 2 on-cpu, 3 varied, 4 off-cpu in a futex */
	int stall_ms, period_ms, runtime_s;
	int cpu_spin; /* on: spin for STALL_MS of the thread's CPU time, not of wall time */
	int until_traced;
	unsigned varied; /* stalls made in mode varied */
	double start, last_stall, last_beat;
	long beats;
} fx;

__attribute__((unused)) static double fx_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static volatile sig_atomic_t fx_stop;

static void fx_on_usr1(int sig)
{
	(void)sig;
	fx_stop = 1;
}

__attribute__((unused)) static void fx_init(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: %s off|on|varied|lock|none STALL_MS PERIOD_MS RUNTIME_S\n", argv[0]);
		exit(2);
	}
	fx.mode = !strncmp(argv[1], "off", 3)      ? 1
		  : !strncmp(argv[1], "on", 2)     ? 2
		  : !strncmp(argv[1], "varied", 6) ? 3
		  : !strncmp(argv[1], "lock", 4)   ? 4
						   : 0;
	fx.until_traced = strstr(argv[1], "@traced") != NULL;
	fx.stall_ms = atoi(argv[2]);
	fx.period_ms = atoi(argv[3]);
	fx.runtime_s = atoi(argv[4]);
	fx.start = fx.last_stall = fx.last_beat = fx_now();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, fx_on_usr1);
}

__attribute__((noinline)) static void load_template(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Waits ms for a semaphore no one posts: a futex wait with a timeout. */
__attribute__((noinline)) static void wait_lock(int ms)
{
	static sem_t never;
	static int made;
	if (!made++)
		sem_init(&never, 0, 0);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (sem_timedwait(&never, &until) != 0 && errno == EINTR)
		;
}

static double fx_clock(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Spins for ms of wall time, or with fx.cpu_spin for ms of its own CPU
 * time: a fixed amount of work, which a loaded machine stretches (the
 * wall-time spin, on a machine that gives it a tenth of a CPU, ran only
 * a tenth as long and waited for a CPU the rest). */
__attribute__((noinline)) static void compress_log(int ms)
{
	volatile unsigned long x = 1;
	clockid_t c = fx.cpu_spin ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
	double end = fx_clock(c) + ms / 1e3;
	while (fx_clock(c) < end)
		for (int i = 0; i < 20000; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
}

static void index_left(unsigned path, int depth, double end);
static void index_right(unsigned path, int depth, double end);

/* Spins for a millisecond at the end of the call chain path spells
 * (bit k: left or right at depth k). */
__attribute__((noinline)) static void index_walk(unsigned path, int depth, double end)
{
	if (depth == 0) {
		volatile unsigned long x = 1;
		double stop = fx_clock(CLOCK_MONOTONIC) + 1e-3;
		while (fx_clock(CLOCK_MONOTONIC) < stop && fx_clock(CLOCK_MONOTONIC) < end)
			for (int i = 0; i < 2000; i++)
				x = x * 6364136223846793005UL + 1442695040888963407UL;
	} else if (path & 1) {
		index_left(path >> 1, depth - 1, end);
	} else {
		index_right(path >> 1, depth - 1, end);
	}
}

__attribute__((noinline)) static void index_left(unsigned path, int depth, double end)
{
	index_walk(path, depth, end);
}

__attribute__((noinline)) static void index_right(unsigned path, int depth, double end)
{
	index_walk(path, depth, end);
}

/* varied: spins for ms of wall time through a new 12-deep chain each
 * millisecond, so nearly every sample of it has a stack of its own. */
__attribute__((noinline)) static void index_scan(int ms)
{
	static unsigned path;
	double end = fx_clock(CLOCK_MONOTONIC) + ms / 1e3;
	while (fx_clock(CLOCK_MONOTONIC) < end)
		index_walk(path++ * 2654435761u >> 20, 12, end);
}

__attribute__((unused)) static int fx_traced(void)
{
	char buf[256];
	FILE *f = fopen("/proc/self/status", "r");
	int yes = 0;
	while (f && fgets(buf, sizeof buf, f))
		if (!strncmp(buf, "TracerPid:", 10))
			yes = atoi(buf + 10) != 0;
	if (f)
		fclose(f);
	return yes;
}

/* inlined: the stacks tests expect are callback -> ... -> handle_request
 * -> load_template or compress_log */
static inline __attribute__((always_inline)) void fx_stall_for(int ms)
{
	if (fx.mode == 1)
		load_template(ms);
	else if (fx.mode == 2)
		compress_log(ms);
	else if (fx.mode == 3)
		index_scan(fx.varied++ % 2 ? ms / 3 : ms);
	else if (fx.mode == 4)
		wait_lock(ms);
}

__attribute__((noinline)) static void handle_request(void)
{
	if (fx.until_traced) {
		double t = fx_now();
		printf("waiting to be traced\n");
		while (!fx_traced() && !fx_stop)
			fx_stall_for(10);
		printf("traced after %.1f ms\n", (fx_now() - t) * 1e3);
		fx.until_traced = 0;
	}
	fx_stall_for(fx.stall_ms);
}

/* One request of a saturated loop (busy-loop.c, ready-loop.c): work_s of
 * work on the CPU, and once, period_ms after the program first sees itself
 * traced, the stall. Inlined: the stall's stack is the caller's ->
 * handle_request -> ... as with fx_tick. */
static inline __attribute__((always_inline, unused)) void fx_request(double work_s)
{
	static double traced_at, last_check;
	static int stalled;
	double t = fx_now();
	volatile unsigned long x = 1;
	while (fx_now() - t < work_s)
		x = x * 3 + 1;
	if (t - fx.last_beat >= 0.1) {
		printf("beat %ld\n", ++fx.beats);
		fx.last_beat = t;
	}
	if (!stalled && !traced_at && t - last_check >= 0.05) {
		last_check = t;
		if (fx_traced())
			traced_at = t;
	}
	if (!stalled && traced_at && (t - traced_at) * 1000 >= fx.period_ms) {
		stalled = 1;
		double s = fx_now();
		handle_request();
		printf("stall %.1f ms\n", (fx_now() - s) * 1e3);
	}
}

/* Called from the loop's callback; returns nonzero when it is time to
 * stop the loop. The healthy mode ("none") still does a little work on
 * every tick so the loop is busy but never stalls. */
__attribute__((noinline, unused)) static int fx_tick(void)
{
	double t = fx_now();
	if (t - fx.last_beat >= 0.1) {
		printf("beat %ld\n", ++fx.beats);
		fx.last_beat = t;
	}
	if (fx.mode == 0) {
		volatile unsigned long x = 1;
		for (int i = 0; i < 100000; i++)
			x = x * 3 + 1;
	} else if (fx.until_traced || (t - fx.last_stall) * 1000 >= fx.period_ms) {
		handle_request();
		fx.last_stall = fx_now();
		/* The stall as the program itself lived it: on a loaded machine
		 * it runs longer than asked, and tests compare with this. */
		printf("stall %.1f ms\n", (fx.last_stall - t) * 1e3);
	}
	return fx_stop || t - fx.start >= fx.runtime_s;
}

/* A hand-written epoll loop (epoll-loop.c, two-callbacks.c): each fd with
 * its callback, dispatched until one returns nonzero. */
struct watcher {
	int fd;
	int (*cb)(struct watcher *w);
};

__attribute__((unused)) static void run_loop(int ep)
{
	for (;;) {
		struct epoll_event ev[8];
		int n = epoll_wait(ep, ev, 8, -1);
		for (int i = 0; i < n; i++) {
			struct watcher *w = ev[i].data.ptr;
			if (w->cb(w))
				return;
		}
	}
}

/* run_loop over one timerfd firing every FX_TICK_MS, dispatched to cb
 * (epoll-loop.c, syscall-loop.c). Needs <sys/timerfd.h>. Inlined: the
 * loop's stack stays main -> run_loop, as tests expect. */
#ifdef TFD_CLOEXEC
static inline __attribute__((always_inline, unused)) void run_timer_loop(int (*cb)(struct watcher *w))
{
	int ep = epoll_create1(0);
	struct watcher w = {timerfd_create(CLOCK_MONOTONIC, 0), cb};
	struct itimerspec its = {{0, FX_TICK_MS * 1000000L}, {0, FX_TICK_MS * 1000000L}};
	timerfd_settime(w.fd, 0, &its, NULL);
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &w};
	epoll_ctl(ep, EPOLL_CTL_ADD, w.fd, &ev);
	run_loop(ep);
}
#endif

#endif
