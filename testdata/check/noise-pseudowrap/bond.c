/* noise-pseudowrap: a pseudo-file path (/proc, /sys, /dev) followed through
 * the program's own functions. A helper that opens the path its caller
 * hands it opens a pseudo-file when every call of it passes one (a literal,
 * or a buffer a format with such a prefix was written into, also through a
 * parameter of the caller that is one in turn), and what it returns is one:
 * a stream fdopen'ed for reading over that fd, or the stream it returns,
 * is read without a disk. A helper also called with a data path, a buffer
 * rewritten with a data directory's format, and what either returns stay
 * reported. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <event2/event.h>

/* called only with pseudo-file paths */
static int open_proc(const char *path)
{
	return open(path, O_RDONLY); /* clean: every caller passes a /proc path */
}

static FILE *open_sys(const char *path)
{
	FILE *f = fopen(path, "r"); /* clean: every caller passes a /sys path */
	if (!f)
		perror(path);
	return f;
}

static FILE *open_sys_named(const char *path)
{
	return open_sys(path); /* its own parameter, a /sys path in every call */
}

/* called with a pseudo-file path and with a data path */
static int open_any(const char *path)
{
	return open(path, O_RDONLY); /* expect: blocking-file-io */
}

static long count_lines(FILE *f)
{
	char line[128];
	long n = 0;
	while (fgets(line, sizeof line, f)) /* expect: blocking-file-io */
		n++;
	return n;
}

static long bond_slaves(const char *master)
{
	char path[64], line[128];
	long n = 0;
	snprintf(path, sizeof path, "/proc/net/bonding/%s", master);
	int fd = open_proc(path);
	FILE *s = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!s)
		return -1;
	while (fgets(line, sizeof line, s)) /* clean: a /proc stream */
		n++;
	fclose(s);
	FILE *a = open_sys_named("/sys/class/net/bond0/address");
	if (a) {
		if (fgets(line, sizeof line, a)) /* clean: a /sys stream */
			n++;
		fclose(a);
	}
	return n;
}

static long data_lines(const char *dir)
{
	char path[64], line[128];
	long n = 0;
	snprintf(path, sizeof path, "/proc/self/%s", "status");
	int pfd = open_any(path);
	if (pfd >= 0)
		close(pfd);
	snprintf(path, sizeof path, "%s/slaves", dir); /* the buffer now holds a data path */
	int fd = open_any(path);
	FILE *s = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!s)
		return -1;
	while (fgets(line, sizeof line, s)) /* expect: blocking-file-io */
		n++;
	fclose(s); /* clean: opened only for reading */
	FILE *f = fopen(path, "r"); /* expect: blocking-file-io */
	if (f) {
		n += count_lines(f);
		fclose(f);
	}
	return n;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	bond_slaves("bond0");
	data_lines("/var/lib/app");
}

int main(void)
{
	struct event_base *base = event_base_new();
	if (!base)
		return 1;
	struct event *t = event_new(base, -1, EV_PERSIST, on_tick, NULL);
	struct timeval tv = {1, 0};
	if (!t || event_add(t, &tv) < 0)
		return 1;
	event_base_dispatch(base);
	event_free(t);
	event_base_free(base);
	return 0;
}
