/* noise-sigcases/libuv.c: one uv_signal_t callback for SIGHUP, SIGUSR1
 * and SIGCHLD, which receives the signal number as its second argument.
 * The SIGCHLD branch's file I/O is reported; the operator's branches are
 * notes. */
#include <signal.h>
#include <unistd.h>
#include <uv.h>

static int journal_fd = -1;

static void reload_journal(void)
{
	fsync(journal_fd); /* expect-note: blocking-file-io */
}

static void dump_journal(void)
{
	fsync(journal_fd); /* expect-note: blocking-file-io */
}

static void reap_journal(void)
{
	fsync(journal_fd); /* expect: blocking-file-io */
}

static void on_uv_signal(uv_signal_t *handle, int signum)
{
	(void)handle;
	if (signum == SIGCHLD) {
		reap_journal();
		return;
	}
	switch (signum) {
	case SIGHUP:
		reload_journal();
		break;
	default:
		dump_journal();
		break;
	}
}

int main(void)
{
	uv_loop_t *loop = uv_default_loop();
	static uv_signal_t hup, usr1, chld;
	uv_signal_init(loop, &hup);
	uv_signal_init(loop, &usr1);
	uv_signal_init(loop, &chld);
	if (uv_signal_start(&hup, on_uv_signal, SIGHUP) < 0 ||
	    uv_signal_start(&usr1, on_uv_signal, SIGUSR1) < 0 ||
	    uv_signal_start(&chld, on_uv_signal, SIGCHLD) < 0)
		return 1;
	return uv_run(loop, UV_RUN_DEFAULT);
}
