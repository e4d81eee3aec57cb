/* noise-sleeps: a sleep whose length is a constant below the stall
 * threshold (100 ms), counting every iteration of the counted loops around
 * it, is a note: a bounded pause such as five 0.1 ms retries of a write to
 * a tty. The look-alikes stay warnings: a constant sleep over the
 * threshold, a short one in a loop without a bound (a polling loop waits
 * as long as it takes), a short one whose counted loop adds up to more
 * than the threshold, a counter the body rewinds or a macro starts, and a
 * computed length. */
#include <errno.h>
#include <unistd.h>
#include <event2/event.h>

static volatile int ready;
#define START(i) i = 0

static void write_retry(int fd, const char *s, size_t len)
{
	for (unsigned i = 0; i < 5; i++) {
		ssize_t n = write(fd, s, len);
		if (n >= 0 || errno != EAGAIN)
			return;
		usleep(100); /* expect-note: blocking-sleep */
	}
}

static void pauses(int fd, unsigned ms)
{
	usleep(2000); /* expect-note: blocking-sleep */
	for (int i = 1; i <= 3; i++)
		for (int j = 0; j < 4; j++)
			usleep(1000); /* expect-note: blocking-sleep */
	usleep(250000); /* expect: blocking-sleep */
	sleep(1); /* expect: blocking-sleep */
	while (!ready)
		usleep(100); /* expect: blocking-sleep */
	for (int i = 0; i < 1000; i++)
		usleep(500); /* expect: blocking-sleep */
	for (int i = 0; i < 3; i++) {
		usleep(100); /* expect: blocking-sleep */
		if (write(fd, "", 0) < 0)
			i = 0;
	}
	int k;
	for (START(k); k < 3; k++) /* the counter's start is hidden in a macro */
		usleep(100); /* expect: blocking-sleep */
	usleep(ms * 1000); /* expect: blocking-sleep */
}

static void on_io(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	(void)arg;
	write_retry(fd, "x", 1);
	pauses(fd, 5);
}

int main(void)
{
	struct event_base *base = event_base_new();
	if (!base)
		return 1;
	struct event *ev = event_new(base, 0, EV_READ | EV_PERSIST, on_io, NULL);
	if (!ev || event_add(ev, NULL) < 0)
		return 1;
	return event_base_dispatch(base);
}
