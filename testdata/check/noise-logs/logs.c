/* noise-logs: an append-only log is a note. A stream opened with a
 * constant append mode, or an fd opened with O_APPEND, that the program
 * only writes, flushes and closes (never reads, syncs, dups or hands to a
 * function of its own) is a log: its appends land in the page cache, so
 * its open, fwrite/write, fflush and fclose are notes. The look-alikes stay
 * warnings: a mode chosen at run time, an append stream that is fsync'ed
 * (through fileno), one that is read back, an append fd handed to a
 * helper, a field that also holds a stream opened for writing, and an
 * O_APPEND fd that is fdatasync'ed. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <event2/event.h>

static FILE *debug_log;            /* a log: opened "a", written, flushed, closed */
static FILE *journal;              /* opened "a", but fsync'ed */
static FILE *history;              /* opened "a+", and read back */
static int audit_fd = -1;          /* O_APPEND, only written */
static int wal_fd = -1;            /* O_APPEND, fdatasync'ed */
static int trace_fd = -1;          /* O_APPEND, handed to a helper */
static FILE *either;               /* "a" here, "w" there */

static struct event_base *base;

static void log_open(const char *path)
{
	debug_log = fopen(path, "a"); /* expect-note: blocking-file-io */
	if (debug_log)
		setvbuf(debug_log, NULL, _IOLBF, 0);
	audit_fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644); /* expect-note: blocking-file-io */
}

static void log_line(const char *msg, size_t len)
{
	if (debug_log) {
		fprintf(debug_log, "%s\n", msg);
		fflush(debug_log); /* expect-note: blocking-file-io */
	}
	if (audit_fd != -1)
		write(audit_fd, msg, len); /* expect-note: blocking-file-io */
}

static void log_close(void)
{
	if (debug_log)
		fclose(debug_log); /* expect-note: blocking-file-io */
	debug_log = NULL;
}

/* one line per call, in a local stream */
static void log_raw(const char *file, const char *msg)
{
	FILE *fp = file[0] == '\0' ? stdout : fopen(file, "a"); /* expect-note: blocking-file-io */
	if (!fp)
		return;
	fputs(msg, fp);
	fflush(fp); /* expect-note: blocking-file-io */
	if (fp != stdout)
		fclose(fp); /* expect-note: blocking-file-io */
}

/* a stream fdopen'ed over an O_APPEND fd is the same log */
static void log_fd(const char *path, const char *msg)
{
	int fd = open(path, O_WRONLY | O_APPEND); /* expect-note: blocking-file-io */
	FILE *h = fd >= 0 ? fdopen(fd, "a") : NULL;
	if (h) {
		fputs(msg, h);
		fclose(h); /* expect-note: blocking-file-io */
	}
}

/* look-alikes: warnings */
static void save(const char *path, int append, const char *data, size_t len)
{
	FILE *f = fopen(path, append ? "ab" : "wb"); /* expect: blocking-file-io */
	if (!f)
		return;
	fwrite(data, 1, len, f); /* expect: blocking-file-io */
	fclose(f); /* expect: blocking-file-io */
}

static void journal_append(const char *path, const char *rec)
{
	if (!journal)
		journal = fopen(path, "a"); /* expect: blocking-file-io */
	if (!journal)
		return;
	fputs(rec, journal);
	fflush(journal); /* expect: blocking-file-io */
	fsync(fileno(journal)); /* expect: blocking-file-io */
}

static void history_add(const char *path, const char *line, char *buf, int n)
{
	history = fopen(path, "a+"); /* expect: blocking-file-io */
	if (!history)
		return;
	fputs(line, history);
	rewind(history);
	while (fgets(buf, n, history)) /* expect: blocking-file-io */
		;
	fclose(history); /* expect: blocking-file-io */
}

static void write_all(int fd, const char *p, size_t n)
{
	write(fd, p, n);
}

static void wal_and_trace(const char *path, const char *p, size_t n)
{
	wal_fd = open(path, O_WRONLY | O_APPEND); /* expect: blocking-file-io */
	write(wal_fd, p, n); /* expect: blocking-file-io */
	fdatasync(wal_fd); /* expect: blocking-file-io */
	trace_fd = open(path, O_WRONLY | O_APPEND); /* expect: blocking-file-io */
	write_all(trace_fd, p, n);
}

static void either_open(const char *path, int fresh)
{
	if (fresh)
		either = fopen(path, "w"); /* expect: blocking-file-io */
	else
		either = fopen(path, "a"); /* expect: blocking-file-io */
	if (either)
		fclose(either); /* expect: blocking-file-io */
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	char buf[128];
	(void)what;
	(void)arg;
	log_open("/var/log/app/debug.log");
	log_line("tick", 4);
	log_raw("/var/log/app/raw.log", "tick\n");
	log_close();
	log_fd("/var/log/app/fd.log", "tick\n");
	save("/var/lib/app/out", 1, "x", 1);
	journal_append("/var/lib/app/journal", "x");
	history_add("/var/lib/app/history", "x", buf, (int)sizeof buf);
	wal_and_trace("/var/lib/app/wal", "x", 1);
	either_open("/var/lib/app/either", fd > 0);
}

int main(void)
{
	base = event_base_new();
	if (!base)
		return 1;
	struct event *t = event_new(base, -1, EV_PERSIST, on_tick, NULL);
	struct timeval tv = {1, 0};
	if (!t || event_add(t, &tv) < 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
