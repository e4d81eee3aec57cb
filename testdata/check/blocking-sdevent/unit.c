/* sd-event: io and time sources. */
#include <systemd/sd-event.h>
#include <stdio.h>
#include <unistd.h>
#include <time.h>
#include <sys/epoll.h>

static int on_io(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	(void)s; (void)revents; (void)userdata;
	char buf[64];
	(void)!read(fd, buf, sizeof buf); /* clean: readiness-driven */
	FILE *f = popen("uptime", "r"); /* expect: blocking-subprocess */
	if (f)
		pclose(f); /* expect: blocking-subprocess */
	return 0;
}

static int on_time(sd_event_source *s, uint64_t usec, void *userdata)
{
	(void)s; (void)usec;
	struct timespec ts = {0, 200000000}; /* 200 ms: over the stall threshold */
	nanosleep(&ts, NULL); /* expect: blocking-sleep */
	sd_event_run(userdata, 0); /* expect: nested-loop-run */
	return 0;
}

int main(void)
{
	sd_event *e = NULL;
	sd_event_default(&e);
	sd_event_add_io(e, NULL, 0, EPOLLIN, on_io, NULL); /* expect: ignored-error */
	sd_event_add_time_relative(e, NULL, CLOCK_MONOTONIC, 1000, 0, on_time, e); /* expect: ignored-error */
	sleep(0); /* clean: main */
	return sd_event_loop(e);
}
