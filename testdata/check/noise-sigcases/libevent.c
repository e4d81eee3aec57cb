/* noise-sigcases/libevent.c: one libevent callback shared by several
 * signals, which tells them apart by the signal number it receives. What
 * runs only for an operator's signal (SIGHUP, SIGUSR1, SIGUSR2, ...) is a
 * note; what runs for SIGCHLD or SIGWINCH (nobody asked) is reported.
 * The number is followed into the function the callback calls directly
 * and through a function pointer; a switch on an int that does not carry
 * the delivered signal, or on one that a timer also passes as a
 * constant, gates nothing. */
#include <signal.h>
#include <unistd.h>
#include <event2/event.h>

static int state_fd = -1;

static void reload_config(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

static void reopen_log(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

static void dump_stats(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

static void reap_children(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void record_exit(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void resize(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void toggle_debug(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

static void note_rotation(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

/* called where SIGUSR2 falls into SIGCHLD's case: the number it gets is
 * one of those two */
static void after_reap(int sig)
{
	if (sig != SIGCHLD)
		note_rotation();
}

/* The table of the process's hooks: the signal handler is called
 * through it with the number unchanged. */
struct proc {
	void (*signalcb)(int);
};
static struct proc proc;

/* switch with a fall-through, a shared case and a default: registered
 * for SIGHUP, SIGUSR1, SIGUSR2, SIGCHLD, SIGTERM and SIGWINCH */
static void server_signal(int sig)
{
	switch (sig) {
	case SIGHUP:
	case SIGUSR1:
		dump_stats();
		break;
	case SIGUSR2:
		reopen_log();
		/* fall through */
	case SIGCHLD:
		reap_children();
		after_reap(sig);
		break;
	case SIGTERM:
		break;
	default:
		resize(); /* SIGWINCH */
		break;
	}
}

static void flush_logs(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

static void count_other(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void count_requested(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

/* if / else if / else on the number, called directly, and tests of
 * several numbers at once */
static void handle_signal(int signo)
{
	if (signo == SIGHUP)
		reload_config();
	else if (signo == SIGUSR2)
		toggle_debug();
	else
		record_exit();
	if (signo == SIGUSR1 || signo == SIGTERM)
		flush_logs();
	if (signo != SIGHUP && signo != SIGUSR1 && signo != SIGUSR2 && signo != SIGTERM)
		count_other(); /* SIGCHLD, SIGWINCH */
	else
		count_requested();
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	(void)arg;
	proc.signalcb((int)sig);
	handle_signal((int)sig);
}

/* registered for SIGUSR1, SIGUSR2 and SIGCHLD only: its default runs for
 * the two operator's signals alone */
static void admin_dump(void)
{
	fsync(state_fd); /* expect-note: blocking-file-io */
}

static void admin_child(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void on_admin_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	(void)arg;
	switch (sig) {
	case SIGCHLD:
		admin_child();
		break;
	default:
		admin_dump();
		break;
	}
}

/* look-alikes: the same cases on a number read from a client, and on a
 * signal number a timer passes itself */
static void save_now(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void flush_now(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void apply_command(int code)
{
	switch (code) {
	case SIGUSR2:
		save_now();
		break;
	}
}

static void on_request(int sig)
{
	if (sig == SIGUSR1)
		flush_now();
}

static void on_client(evutil_socket_t fd, short what, void *arg)
{
	char c;
	(void)what;
	(void)arg;
	if (read(fd, &c, 1) == 1)
		apply_command(c);
}

static void on_admin_request(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	(void)arg;
	on_request((int)sig);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	on_request(SIGUSR1);
}

/* registered for SIGUSR1 and SIGCHLD, but also handed to a library hook
 * that may call it with any number: its SIGUSR1 case is no gate */
void register_hook(void (*hook)(evutil_socket_t, short, void *));

static void hooked_dump(void)
{
	fsync(state_fd); /* expect: blocking-file-io */
}

static void on_hooked_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	(void)arg;
	switch (sig) {
	case SIGUSR1:
		hooked_dump();
		break;
	}
}

int main(void)
{
	static const int sigs[] = {SIGHUP, SIGUSR1, SIGUSR2, SIGCHLD, SIGTERM, SIGWINCH};
	struct event_base *b = event_base_new();
	if (!b)
		return 1;
	proc.signalcb = server_signal;
	struct event *ev[6];
	ev[0] = evsignal_new(b, SIGHUP, on_signal, NULL);
	ev[1] = evsignal_new(b, SIGUSR1, on_signal, NULL);
	ev[2] = evsignal_new(b, SIGUSR2, on_signal, NULL);
	ev[3] = evsignal_new(b, SIGCHLD, on_signal, NULL);
	ev[4] = evsignal_new(b, SIGTERM, on_signal, NULL);
	ev[5] = evsignal_new(b, SIGWINCH, on_signal, NULL);
	for (int i = 0; i < 6; i++)
		if (!ev[i] || event_add(ev[i], NULL) < 0)
			return sigs[i];
	struct event *a1 = evsignal_new(b, SIGUSR1, on_admin_signal, NULL);
	struct event *a2 = evsignal_new(b, SIGUSR2, on_admin_signal, NULL);
	struct event *a3 = evsignal_new(b, SIGCHLD, on_admin_signal, NULL);
	struct event *r = evsignal_new(b, SIGUSR1, on_admin_request, NULL);
	struct event *c = event_new(b, 0, EV_READ | EV_PERSIST, on_client, NULL);
	struct event *t = event_new(b, -1, EV_PERSIST, on_tick, NULL);
	struct event *h1 = evsignal_new(b, SIGUSR1, on_hooked_signal, NULL);
	struct event *h2 = evsignal_new(b, SIGCHLD, on_hooked_signal, NULL);
	if (!h1 || !h2 || event_add(h1, NULL) < 0 || event_add(h2, NULL) < 0)
		return 1;
	register_hook(on_hooked_signal);
	struct timeval tv = {1, 0};
	if (!a1 || !a2 || !a3 || !r || !c || !t || event_add(a1, NULL) < 0 ||
	    event_add(a2, NULL) < 0 || event_add(a3, NULL) < 0 || event_add(r, NULL) < 0 ||
	    event_add(c, NULL) < 0 || event_add(t, &tv) < 0)
		return 1;
	event_base_dispatch(b);
	return 0;
}
