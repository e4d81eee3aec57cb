/* noise-sigwrap/wrap.c: signal handlers installed through the program's
 * own wrappers. install() stores its parameter into sa_handler and
 * setup() passes its own on to install(), so on_signal is a handler and
 * the flag only it sets guards a reload requested by the operator: a
 * note. old_style() hands its parameter to signal(): on_usr2 is a handler
 * too. A flag that a command also sets, and a function a wrapper stores
 * into a table of callbacks instead (no handler), guard what is
 * reported. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <event2/event.h>

typedef void handler_fn(int);

static volatile sig_atomic_t reload_pending;
static volatile sig_atomic_t rotate_pending;
static volatile sig_atomic_t flush_pending;
static volatile sig_atomic_t sweep_pending;
static handler_fn *hooks[4];

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_pending = 1;
	if (sig == SIGUSR1)
		flush_pending = 1;
}

static void on_usr2(int sig)
{
	(void)sig;
	rotate_pending = 1;
}

/* not a handler: install_hook keeps it in a table the loop calls */
static void on_hook(int n)
{
	sweep_pending = n;
}

static int install(int sig, handler_fn *fn)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

static void setup(int sig, handler_fn *fn)
{
	if (install(sig, fn) != 0)
		perror("sigaction");
}

static void old_style(int sig, handler_fn *fn)
{
	signal(sig, fn);
}

static void install_hook(int slot, handler_fn *fn)
{
	hooks[slot] = fn;
}

static void read_file(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r"); /* expect: blocking-file-io */
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) /* expect: blocking-file-io */
		;
	fclose(f);
}

static void reload(void)
{
	FILE *f = fopen("/etc/app.conf", "r"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f);
}

static void rotate(void)
{
	FILE *f = fopen("/var/lib/app/rotated", "w"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f); /* expect-note: blocking-file-io */
}

static void flush(void)
{
	FILE *f = fopen("/var/lib/app/journal", "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}

static void sweep(void)
{
	read_file("/var/lib/app/index"); /* the reads are reported in read_file */
}

/* a client's command asks for a flush too: flush_pending is no operator's request */
static void on_command(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	flush_pending = 1;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (reload_pending) {
		reload_pending = 0;
		reload();
	}
	if (rotate_pending) {
		rotate_pending = 0;
		rotate();
	}
	if (flush_pending) {
		flush_pending = 0;
		flush();
	}
	if (hooks[0])
		hooks[0](1);
	if (sweep_pending) {
		sweep_pending = 0;
		sweep();
	}
}

int main(void)
{
	struct event_base *base = event_base_new();
	setup(SIGHUP, on_signal);
	setup(SIGUSR1, on_signal);
	old_style(SIGUSR2, on_usr2);
	install_hook(0, on_hook);
	struct event *tick = event_new(base, -1, EV_PERSIST, on_tick, NULL);
	struct event *cmd = event_new(base, 0, EV_READ | EV_PERSIST, on_command, NULL);
	struct timeval second = {1, 0};
	if (!tick || !cmd || event_add(tick, &second) != 0 || event_add(cmd, NULL) != 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
