/* noise-sinks: an output file the program creates and keeps open is a
 * note. An fd kept in a global, opened write-only with O_CREAT in constant
 * flags (here before the loop: a trace of everything sent, as a debug mode
 * keeps), that the program only writes, never reads, syncs, dups, hands
 * to a function of its own or closes: its writes land in the page cache.
 * The look-alikes stay warnings: a dump saved on request into a global fd
 * and closed again, a state file that is fsync'ed, one that is read back,
 * one handed to a helper, a global also filled by an open for reading and
 * writing; and the open of a sink where it runs in loop context (its
 * writes, once it is open, are the sink's). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <event2/event.h>

static int trace_fd = -1;  /* O_WRONLY|O_CREAT|O_TRUNC at startup, only written */
static int out_fd = -1;    /* creat() at startup, only written */
static int dump_fd = -1;   /* O_WRONLY|O_CREAT, written, then closed */
static int state_fd = -1;  /* O_WRONLY|O_CREAT, fsync'ed */
static int seen_fd = -1;   /* O_WRONLY|O_CREAT, read back elsewhere */
static int copy_fd = -1;   /* O_WRONLY|O_CREAT, handed to a helper */
static int mixed_fd = -1;  /* O_WRONLY|O_CREAT here, O_RDWR there */
static int late_fd = -1;   /* opened by the loop */

static struct event_base *base;

static void trace_open(void)
{
	trace_fd = open("trace.log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	out_fd = creat("out.log", 0644);
	state_fd = open("state", O_WRONLY | O_CREAT, 0644);
	seen_fd = open("seen", O_WRONLY | O_CREAT, 0644);
	copy_fd = open("copy", O_WRONLY | O_CREAT, 0644);
	mixed_fd = open("mixed", O_WRONLY | O_CREAT, 0644);
}

static void mixed_reopen(void)
{
	mixed_fd = open("mixed", O_RDWR); /* expect: blocking-file-io */
}

static void copy_out(int fd, const char *buf, size_t len)
{
	(void)fd;
	(void)buf;
	(void)len;
}

static void on_send(evutil_socket_t fd, short what, void *arg)
{
	static const char buf[] = "payload";
	(void)fd;
	(void)what;
	(void)arg;
	if (trace_fd != -1)
		write(trace_fd, buf, sizeof buf); /* expect-note: blocking-file-io */
	if (out_fd != -1)
		write(out_fd, buf, sizeof buf); /* expect-note: blocking-file-io */
	write(state_fd, buf, sizeof buf); /* expect: blocking-file-io */
	fsync(state_fd); /* expect: blocking-file-io */
	write(seen_fd, buf, sizeof buf); /* expect: blocking-file-io */
	write(copy_fd, buf, sizeof buf); /* expect: blocking-file-io */
	copy_out(copy_fd, buf, sizeof buf);
	write(mixed_fd, buf, sizeof buf); /* expect: blocking-file-io */
	if (late_fd == -1)
		late_fd = open("late.log", O_WRONLY | O_CREAT, 0644); /* expect: blocking-file-io */
	write(late_fd, buf, sizeof buf); /* expect-note: blocking-file-io */
}

static void on_save(evutil_socket_t fd, short what, void *arg)
{
	static char big[1 << 20];
	(void)fd;
	(void)what;
	(void)arg;
	dump_fd = open("dump", O_WRONLY | O_CREAT | O_TRUNC, 0644); /* expect: blocking-file-io */
	write(dump_fd, big, sizeof big); /* expect: blocking-file-io */
	close(dump_fd);
	dump_fd = -1;
}

static void on_check(evutil_socket_t fd, short what, void *arg)
{
	char buf[16];
	(void)fd;
	(void)what;
	(void)arg;
	pread(seen_fd, buf, sizeof buf, 0); /* expect: blocking-file-io */
	mixed_reopen();
}

int main(void)
{
	base = event_base_new();
	trace_open();
	struct event *send = event_new(base, 0, EV_READ | EV_PERSIST, on_send, NULL);
	struct event *save = event_new(base, 1, EV_READ | EV_PERSIST, on_save, NULL);
	struct event *check = event_new(base, 2, EV_READ | EV_PERSIST, on_check, NULL);
	if (event_add(send, NULL) < 0 || event_add(save, NULL) < 0 || event_add(check, NULL) < 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
