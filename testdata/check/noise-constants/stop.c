/* noise-constants: code that cannot run given the constants around it.
 * A caller passing NOWAIT reaches `if (wait && pthread_join(...))` with
 * wait false; a debug write behind `int debugmsg = 0;` never happens. The
 * same join reached with a caller passing 1, and a write behind a flag
 * that changes, are reported. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <event2/event.h>

#define NOWAIT 0
#define WAIT 1

static pthread_t crawler, flusher;

static int stop_crawler(int wait)
{
	if (wait && pthread_join(crawler, NULL) != 0) /* clean: every loop caller passes NOWAIT */
		return -1;
	return 0;
}

static int stop_flusher(int wait)
{
	if (wait && pthread_join(flusher, NULL) != 0) /* expect: blocking-sync-wait */
		return -1;
	return 0;
}

static void trace(const char *msg, int verbose)
{
	int debugmsg = 0;
	if (debugmsg)
		fsync(2); /* clean: debugmsg is constant 0 */
	if (verbose)
		sync(); /* expect: blocking-file-io */
	(void)msg;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	stop_crawler(NOWAIT);
	stop_flusher(WAIT);
	trace("tick", arg != NULL);
}

static void *work(void *arg)
{
	return arg;
}

int main(void)
{
	struct event_base *b = event_base_new();
	if (!b || pthread_create(&crawler, NULL, work, NULL) != 0 ||
	    pthread_create(&flusher, NULL, work, NULL) != 0)
		return 1;
	struct event *t = event_new(b, -1, EV_PERSIST, on_tick, NULL);
	if (!t || event_add(t, NULL) < 0)
		return 1;
	event_base_dispatch(b);
	stop_crawler(WAIT);
	event_free(t);
	event_base_free(b);
	return 0;
}
