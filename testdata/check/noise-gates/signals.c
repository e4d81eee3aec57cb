/* noise-gates/signals.c: work the operator asked for with a signal. A
 * flag that only a SIGHUP handler sets (the loop resets it, which is
 * fine) guards a configuration reload: its file I/O is a note. The same
 * I/O behind a flag that a command sets too, or behind a SIGCHLD
 * handler's flag (a child's exit, which nobody asked for), is reported.
 * A libevent signal callback for SIGUSR2 is a gated root; the SIGCHLD
 * callback is not. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <event2/event.h>

static volatile sig_atomic_t reload_requested;
static volatile sig_atomic_t dump_requested;
static volatile sig_atomic_t child_exited;
struct settings {
	int sig_term;
	int verbose;
};
static struct settings settings;

static void on_sighup(int sig)
{
	(void)sig;
	reload_requested = 1;
}

static void on_sigusr1(int sig)
{
	(void)sig;
	dump_requested = 1;
}

static void on_sigchld(int sig)
{
	(void)sig;
	child_exited = 1;
}

static void on_sigterm(int sig)
{
	(void)sig;
	settings.sig_term = 1;
}

static void load_config(const char *path)
{
	FILE *f = fopen(path, "r+"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f); /* expect-note: blocking-file-io */
}

static void dump_state(void)
{
	FILE *f = fopen("/var/lib/app/dump", "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}

static void save_state(void)
{
	FILE *f = fopen("/var/lib/app/state", "w"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f); /* expect-note: blocking-file-io */
}

static void rotate_log(void)
{
	FILE *f = fopen("/var/log/app.log", "w"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f); /* expect-note: blocking-file-io */
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (reload_requested) {
		reload_requested = 0;
		load_config("/etc/app.conf");
	}
	if (dump_requested) {
		dump_requested = 0;
		dump_state();
	}
	if (child_exited) {
		child_exited = 0;
		sleep(1); /* expect: blocking-sleep */
	}
	if (settings.sig_term && !settings.verbose)
		save_state();
}

/* a command sets dump_requested too: not only the operator's signal */
static void on_command(evutil_socket_t fd, short what, void *arg)
{
	char buf[16];
	(void)what;
	(void)arg;
	if (read(fd, buf, sizeof buf) > 0 && !strncmp(buf, "dump", 4))
		dump_requested = 1;
}

static void on_sigusr2_event(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	rotate_log();
}

static void on_sigchld_event(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	usleep(200000); /* expect: blocking-sleep */
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigterm;
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGHUP, on_sighup);
	signal(SIGUSR1, on_sigusr1);
	signal(SIGCHLD, on_sigchld);
	struct event_base *b = event_base_new();
	if (!b)
		return 1;
	struct timeval tv = {1, 0};
	struct event *t = event_new(b, -1, EV_PERSIST, on_tick, NULL);
	struct event *c = event_new(b, 0, EV_READ | EV_PERSIST, on_command, NULL);
	struct event *u2 = evsignal_new(b, SIGUSR2, on_sigusr2_event, NULL);
	struct event *ch = evsignal_new(b, SIGCHLD, on_sigchld_event, NULL);
	if (!t || !c || !u2 || !ch || event_add(t, &tv) < 0 || event_add(c, NULL) < 0 ||
	    event_add(u2, NULL) < 0 || event_add(ch, NULL) < 0)
		return 1;
	event_base_dispatch(b);
	return 0;
}
