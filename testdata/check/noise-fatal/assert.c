/* noise-fatal: a crash report written on the way out of the process does
 * not stall a live loop. The failure handler of an assertion macro that
 * ends in __builtin_unreachable(), and a wrapper whose body ends in a call
 * of a function that never returns, are fatal paths: nothing they reach
 * is loop context through them. The same writes reached from a handler
 * that returns are reported. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <event2/event.h>

static void crash_report(const char *why)
{
	FILE *f = fopen("/var/log/app/crash.log", "a");
	if (f) {
		fputs(why, f);
		fclose(f);
	}
}

/* not declared noreturn, but every use says it does not come back */
static void assert_failed(const char *expr)
{
	crash_report(expr);
}

static void die_now(const char *why)
{
	crash_report(why);
	abort();
}

/* ends in a call of a function that never returns */
static void panic(const char *why)
{
	fprintf(stderr, "panic: %s\n", why);
	sync(); /* clean: on the way out */
	die_now(why);
}

#define ASSERT(e) ((e) ? (void)0 : (assert_failed(#e), __builtin_unreachable()))

static void journal(const char *what)
{
	FILE *j = fopen("/var/lib/app/journal", "w"); /* expect: blocking-file-io */
	if (j) {
		fputs(what, j);
		fclose(j); /* expect: blocking-file-io */
	}
}

/* clean: only fatal paths reach crash_report */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	ASSERT(arg != NULL);
	if (fd < -1)
		panic("bad fd");
}

/* reported: journal returns to the loop */
static void on_data(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	journal(arg);
}

int main(void)
{
	struct event_base *b = event_base_new();
	if (!b)
		return 1;
	struct event *t = event_new(b, -1, EV_PERSIST, on_tick, "x");
	struct event *d = event_new(b, 0, EV_READ | EV_PERSIST, on_data, "y");
	if (!t || !d || event_add(t, NULL) < 0 || event_add(d, NULL) < 0)
		return 1;
	event_base_dispatch(b);
	event_free(t);
	event_free(d);
	event_base_free(b);
	return 0;
}
