/* noise-gates/once.c: work done at most once per process. A static flag
 * tested and set by the same function, and never cleared, makes what it
 * guards a one-time cost: a note. A flag that something clears again, or
 * one set only on some other path, guards nothing of the sort. */
#include <stdio.h>
#include <event2/event.h>

static int history_loaded;
static int cache_valid;
static int seen;

static void load_history(void)
{
	FILE *f = fopen("/var/lib/app/history", "r+"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f); /* expect-note: blocking-file-io */
}

/* `if (done) return; done = 1;` */
static void first_client(void)
{
	if (history_loaded)
		return;
	history_loaded = 1;
	load_history();
}

/* `if (!initialized) { ...; initialized = 1; }` */
static void seed(void)
{
	static int seeded;
	if (!seeded) {
		FILE *f = fopen("/var/lib/app/seed", "r+"); /* expect-note: blocking-file-io */
		if (f)
			fclose(f); /* expect-note: blocking-file-io */
		seeded = 1;
	}
}

/* reported: cache_valid is cleared again on every change */
static void refresh(void)
{
	if (!cache_valid) {
		FILE *f = fopen("/var/lib/app/cache", "r+"); /* expect: blocking-file-io */
		if (f)
			fclose(f); /* expect: blocking-file-io */
		cache_valid = 1;
	}
}

static void invalidate(void)
{
	cache_valid = 0;
}

/* reported: this function tests `seen` but does not set it */
static void peek(void)
{
	if (!seen) {
		FILE *f = fopen("/var/lib/app/peek", "r+"); /* expect: blocking-file-io */
		if (f)
			fclose(f); /* expect: blocking-file-io */
	}
}

static void on_event(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	first_client();
	seed();
	refresh();
	invalidate();
	peek();
}

static void on_other(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	seen = 1;
}

int main(void)
{
	struct event_base *b = event_base_new();
	if (!b)
		return 1;
	struct event *e = event_new(b, 0, EV_READ | EV_PERSIST, on_event, NULL);
	struct event *o = event_new(b, 1, EV_READ | EV_PERSIST, on_other, NULL);
	if (!e || !o || event_add(e, NULL) < 0 || event_add(o, NULL) < 0)
		return 1;
	event_base_dispatch(b);
	return 0;
}
