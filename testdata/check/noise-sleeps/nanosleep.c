/* noise-sleeps: nanosleep's length is the struct timespec it is handed,
 * when that is a local the function sets only to constants (an
 * initializer, or one store to each field): 10 us on EAGAIN is a note,
 * as is five 10 ms pauses. The look-alikes stay warnings: five pauses of
 * 100 ms, a timespec whose field the function computes or changes, and
 * one the caller passes. */
#include <errno.h>
#include <time.h>
#include <sys/socket.h>
#include <event2/event.h>

static int eagain_pause(void)
{
	struct timespec waiter;
	if (errno != EAGAIN)
		return 0;
	waiter.tv_sec = 0;
	waiter.tv_nsec = 10000;
	nanosleep(&waiter, NULL); /* expect-note: blocking-sleep */
	return 1;
}

static void probe(int fd, const char *msg, size_t len)
{
	for (int i = 0; i < 5; i++) {
		struct timespec ts = {0, 10000000};
		if (send(fd, msg, len, MSG_DONTWAIT) >= 0)
			return;
		nanosleep(&ts, NULL); /* expect-note: blocking-sleep */
	}
	for (int i = 0; i < 5; i++) {
		struct timespec ts;
		if (send(fd, msg, len, MSG_DONTWAIT) >= 0)
			return;
		ts.tv_sec = 0;
		ts.tv_nsec = 100000000; /* 100 ms, five times */
		nanosleep(&ts, NULL); /* expect: blocking-sleep */
	}
}

static void backoff(int tries, const struct timespec *caller_ts)
{
	struct timespec ts;
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000L << tries; /* computed */
	nanosleep(&ts, NULL);        /* expect: blocking-sleep */
	struct timespec again = {0, 1000};
	again.tv_nsec *= 1000; /* changed after its initializer */
	nanosleep(&again, NULL); /* expect: blocking-sleep */
	nanosleep(caller_ts, NULL); /* expect: blocking-sleep */
}

static void on_ready(evutil_socket_t fd, short what, void *arg)
{
	static const struct timespec pause = {1, 0};
	(void)what;
	(void)arg;
	while (eagain_pause())
		;
	probe(fd, "x", 1);
	backoff(3, &pause);
}

int main(void)
{
	struct event_base *base = event_base_new();
	struct event *ev = event_new(base, 0, EV_READ | EV_PERSIST, on_ready, NULL);
	if (event_add(ev, NULL) != 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
