/* A hand-written loop: main's while loop waits in epoll_wait only through
 * process_events -> backend_poll. Its body is loop context: what it
 * calls between waits (run_timers, before_sleep) and what the backend
 * dispatches to. The code before the loop (startup) and after it
 * (shutdown) is not. */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "server.h"

static volatile int running = 1;
static struct conn listener;

static void load_config(const char *path)
{
	FILE *f = fopen(path, "r"); /* clean: startup, before the loop */
	if (f)
		fclose(f); /* clean: startup */
}

static void save_state(void)
{
	FILE *f = fopen("/var/lib/server/state", "w"); /* clean: shutdown, after the loop */
	if (f)
		fclose(f); /* clean: shutdown */
}

static void append_log(const char *line)
{
	FILE *f = fopen("/var/log/server.log", "w"); /* expect: blocking-file-io */
	if (f) {
		fputs(line, f);
		fclose(f); /* expect: blocking-file-io */
	}
}

static void run_timers(void)
{
	usleep(200000); /* expect: blocking-sleep */
}

static void before_sleep(void)
{
	fsync(1); /* expect: blocking-file-io */
}

/* A blocking helper with a poll loop of its own, called from a callback:
 * a loop nested in loop context, so its poll is a blocking call. */
int read_exact(int fd, char *buf, int len)
{
	int got = 0;
	while (got < len) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 5000) <= 0) /* expect: blocking-network */
			return -1;
		int r = (int)read(fd, buf + got, (size_t)(len - got));
		if (r <= 0)
			return -1;
		got += r;
	}
	return got;
}

static void on_listener(struct conn *c)
{
	char buf[16];
	if (read_exact(c->fd, buf, sizeof buf) > 0)
		append_log("accepted\n");
}

/* Startup work in a loop of its own that never waits: not a driver. */
static void warm_cache(void)
{
	for (int i = 0; i < 4; i++) {
		FILE *f = fopen("/var/cache/server/part", "r"); /* clean: startup */
		if (f)
			fclose(f); /* clean: startup */
	}
}

int main(void)
{
	load_config("/etc/server.conf");
	warm_cache();
	backend_init();
	listener.fd = 0;
	listener.on_event = on_listener;
	sleep(1); /* clean: startup, before the loop */
	while (running) {
		run_timers();
		process_events(&listener, 100);
		before_sleep();
		usleep(200000); /* expect: blocking-sleep */
	}
	save_state();
	sleep(1); /* clean: shutdown, after the loop */
	return 0;
}
