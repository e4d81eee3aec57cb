/* two-callbacks.c — a hand-written epoll loop whose stalling iteration
 * runs two callbacks: every PERIOD_MS, on_tick (a 10 ms timerfd) makes
 * two eventfds ready, so the next epoll_wait returns both at once and
 * that one iteration runs on_request, which sleeps SLEEP_MS two calls
 * down (off-CPU, in nanosleep), then on_flush, which spins SPIN_MS
 * (on-CPU). Each such iteration prints "split SLEEP SPIN ms" as the
 * program measured the two callbacks itself.
 * Usage: two-callbacks SLEEP_MS SPIN_MS PERIOD_MS RUNTIME_S */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#include "fixture.h"

static struct watcher tick, req, flush;
static int sleep_ms, spin_ms;
static double req_ms; /* on_request's own time in the current iteration */

__attribute__((noinline)) static void render_page(int ms)
{
	load_template(ms);
}

__attribute__((noinline)) static void flush_logs(int ms)
{
	compress_log(ms);
}

static void drain(struct watcher *w)
{
	uint64_t n;
	if (read(w->fd, &n, sizeof n) < 0)
		return;
}

static int on_tick(struct watcher *w)
{
	drain(w);
	double t = fx_now();
	if (t - fx.last_beat >= 0.1) {
		printf("beat %ld\n", ++fx.beats);
		fx.last_beat = t;
	}
	if ((t - fx.last_stall) * 1000 >= fx.period_ms) {
		uint64_t one = 1;
		if (write(req.fd, &one, sizeof one) < 0 || write(flush.fd, &one, sizeof one) < 0)
			return 1;
		fx.last_stall = t;
	}
	return fx_stop || t - fx.start >= fx.runtime_s;
}

static int on_request(struct watcher *w)
{
	double t = fx_now();
	drain(w);
	render_page(sleep_ms);
	req_ms = (fx_now() - t) * 1e3;
	return 0;
}

static int on_flush(struct watcher *w)
{
	double t = fx_now();
	drain(w);
	flush_logs(spin_ms);
	printf("split %.1f %.1f ms\n", req_ms, (fx_now() - t) * 1e3);
	return 0;
}

static void add(int ep, struct watcher *w)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = w};
	epoll_ctl(ep, EPOLL_CTL_ADD, w->fd, &ev);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: %s SLEEP_MS SPIN_MS PERIOD_MS RUNTIME_S\n", argv[0]);
		return 2;
	}
	sleep_ms = atoi(argv[1]);
	spin_ms = atoi(argv[2]);
	fx.period_ms = atoi(argv[3]);
	fx.runtime_s = atoi(argv[4]);
	fx.start = fx.last_stall = fx.last_beat = fx_now();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, fx_on_usr1);
	int ep = epoll_create1(0);
	tick = (struct watcher){timerfd_create(CLOCK_MONOTONIC, 0), on_tick};
	req = (struct watcher){eventfd(0, 0), on_request};
	flush = (struct watcher){eventfd(0, 0), on_flush};
	struct itimerspec its = {{0, FX_TICK_MS * 1000000L}, {0, FX_TICK_MS * 1000000L}};
	timerfd_settime(tick.fd, 0, &its, NULL);
	/* request before flush: epoll returns ready fds in the order they
	 * became ready */
	add(ep, &tick);
	add(ep, &req);
	add(ep, &flush);
	run_loop(ep);
	return FX_EXIT_STATUS;
}
