/* noise-gates/shutdown.c: the process's own shutdown. A call whose
 * success ends the process cleanly (`if (shutdown() == 0) exit(0);`) is
 * the shutdown: what it blocks on is a note. A call whose failure ends
 * the process (`if (save() < 0) exit(1);`) is ordinary work, reported. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <event2/event.h>

static int flush_all(void)
{
	FILE *f = fopen("/var/lib/app/db", "w"); /* expect-note: blocking-file-io */
	if (!f)
		return -1;
	fclose(f); /* expect-note: blocking-file-io */
	return 0;
}

static int prepare_shutdown(void)
{
	if (flush_all() < 0)
		return -1;
	sync(); /* expect-note: blocking-file-io */
	return 0;
}

static int append_journal(void)
{
	FILE *f = fopen("/var/lib/app/journal", "w"); /* expect: blocking-file-io */
	if (!f)
		return -1;
	fclose(f); /* expect: blocking-file-io */
	return 0;
}

static void on_command(evutil_socket_t fd, short what, void *arg)
{
	char c;
	(void)what;
	(void)arg;
	if (read(fd, &c, 1) != 1)
		return;
	if (c == 'q' && prepare_shutdown() == 0)
		exit(0);
	if (append_journal() < 0)
		exit(1);
}

int main(void)
{
	struct event_base *b = event_base_new();
	if (!b)
		return 1;
	struct event *e = event_new(b, 0, EV_READ | EV_PERSIST, on_command, NULL);
	if (!e || event_add(e, NULL) < 0)
		return 1;
	event_base_dispatch(b);
	return 0;
}
