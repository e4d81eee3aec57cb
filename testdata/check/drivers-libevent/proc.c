/* An outer loop around one iteration of a libevent loop at a time
 * (EVLOOP_ONCE): what the loop calls between iterations runs on the loop
 * thread, between two waits. */
#include <event2/event.h>
#include <stdio.h>
#include <unistd.h>

static struct event_base *base;
static int exiting;

static void write_file(const char *path)
{
	FILE *f = fopen(path, "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}

/* Runs after every iteration: the command queue. */
static int server_loop(void)
{
	write_file("/tmp/out");
	return exiting;
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	usleep(200000); /* expect: blocking-sleep */
}

static void proc_loop(void)
{
	do
		event_base_loop(base, EVLOOP_ONCE); /* clean: the loop's own iteration */
	while (!server_loop());
}

/* A loop around a full run is no driver: what follows the run happens
 * once the loop has stopped. */
static void run_until_reload(void)
{
	while (!exiting) {
		event_base_dispatch(base);
		sleep(1); /* clean: the loop has returned */
	}
}

int main(int argc, char **argv)
{
	(void)argv;
	base = event_base_new();
	struct event *t = evtimer_new(base, on_timer, NULL);
	struct timeval tv = {1, 0};
	if (evtimer_add(t, &tv) < 0)
		return 1;
	sleep(1); /* clean: startup */
	if (argc > 1)
		run_until_reload();
	else
		proc_loop();
	event_free(t);
	event_base_free(base);
	return 0;
}
