/* libev: callbacks are stored into the watcher's cb field by ev_io_init and
 * ev_timer_init (macros), and run by ev_run. */
#include <ev.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/file.h>

static FILE *journal;

static void append_journal(const char *what)
{
	flock(fileno(journal), LOCK_EX);           /* expect: blocking-sync-wait */
	flock(fileno(journal), LOCK_EX | LOCK_NB); /* clean: LOCK_NB never waits */
	fputs(what, journal);
	fsync(fileno(journal)); /* expect: blocking-file-io */
	flock(fileno(journal), LOCK_UN); /* clean: unlocking does not wait */
}

static void stdin_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop; (void)revents;
	char buf[64];
	ssize_t n = read(w->fd, buf, sizeof buf); /* clean: readiness-driven read */
	if (n > 0)
		append_journal("input\n");
}

static void timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w; (void)revents;
	ev_run(loop, EVRUN_NOWAIT); /* expect: nested-loop-run */
}

int main(void)
{
	struct ev_loop *loop = EV_DEFAULT;
	journal = fopen("/tmp/journal", "a"); /* clean: main */
	ev_io stdin_watcher;
	ev_timer timeout_watcher;
	ev_io_init(&stdin_watcher, stdin_cb, 0, EV_READ);
	ev_io_start(loop, &stdin_watcher);
	ev_timer_init(&timeout_watcher, timeout_cb, 5.5, 0.);
	ev_timer_start(loop, &timeout_watcher);
	ev_run(loop, 0); /* clean: main */
	return 0;
}
