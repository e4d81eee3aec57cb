/* async-sdevent: ignored-error with systemd's sd-event — adding a source
 * reports failure only through its return value; beside the dropped ones
 * the look-alikes that are fine (tested, assigned and tested, returned,
 * cast to void). */
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <systemd/sd-event.h>

static int on_io(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	(void)s;
	(void)fd;
	(void)revents;
	(void)userdata;
	return 0;
}

static int on_time(sd_event_source *s, uint64_t usec, void *userdata)
{
	(void)s;
	(void)usec;
	return sd_event_exit(userdata, 0);
}

static int on_defer(sd_event_source *s, void *userdata)
{
	(void)s;
	(void)userdata;
	return 0;
}

static void setup_bad(sd_event *e, int fd)
{
	sd_event_add_io(e, NULL, fd, EPOLLIN, on_io, NULL); /* expect: ignored-error */
	sd_event_add_defer(e, NULL, on_defer, NULL);         /* expect: ignored-error */
}

static int setup_good(sd_event *e, int fd)
{
	int r = sd_event_add_io(e, NULL, fd, EPOLLOUT, on_io, NULL);
	if (r < 0) {
		fprintf(stderr, "add_io: %s\n", strerror(-r));
		return r;
	}
	if (sd_event_add_time_relative(e, NULL, CLOCK_MONOTONIC, 1000000, 0, on_time, e) < 0)
		return -1;
	(void)sd_event_add_defer(e, NULL, on_defer, NULL); /* deliberate */
	return sd_event_add_post(e, NULL, on_defer, NULL);
}

int main(void)
{
	sd_event *e = NULL;
	if (sd_event_default(&e) < 0)
		return 1;
	setup_bad(e, 0);
	if (setup_good(e, 1) < 0) {
		sd_event_unref(e);
		return 1;
	}
	int r = sd_event_loop(e);
	sd_event_unref(e);
	return r < 0;
}
