/* noise-streams: what a stream is made as decides its I/O findings.
 * A stream opened only for reading ("r", "rb", "re"; fdopen of an fd with
 * mode "r") has nothing to write back, so its fclose and fflush cannot
 * wait for a disk: clean (its fopen and fread still block). A file
 * mkstemp or tmpfile made is the process's own regular file, never a FIFO
 * or a path a user names: I/O on it (also through fdopen) is a note. The
 * look-alikes stay warnings: modes that write ("r+", "w"), a mode in
 * a variable, a stream fdopen'ed over an fd open() returned, and a field
 * that holds a read-only stream in one place and a written one in
 * another. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <event2/event.h>

struct job {
	FILE *in;      /* only ever opened for reading */
	FILE *either;  /* read here, written there */
};

static struct event_base *base;

/* fclose of streams opened only for reading: clean */
static long read_back(struct job *j, const char *path, int fd)
{
	char buf[256];
	long n = 0;
	FILE *f = fopen(path, "rb"); /* expect: blocking-file-io */
	if (f) {
		n += (long)fread(buf, 1, sizeof buf, f); /* expect: blocking-file-io */
		fflush(f);
		fclose(f);
	}
	FILE *g = fdopen(fd, "r");
	if (g)
		fclose(g);
	j->in = fopen(path, "re"); /* expect: blocking-file-io */
	if (j->in)
		fclose(j->in);
	return n;
}

/* streams that write keep their fclose: warnings */
static void write_out(struct job *j, const char *path, const char *mode, const char *text)
{
	FILE *f = fopen(path, "r+"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
	FILE *g = fopen(path, mode); /* expect: blocking-file-io */
	if (g)
		fclose(g); /* expect: blocking-file-io */
	int fd = open(path, O_WRONLY | O_TRUNC); /* expect: blocking-file-io */
	FILE *h = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (h) {
		fputs(text, h);
		fflush(h); /* expect: blocking-file-io */
		fclose(h); /* expect: blocking-file-io */
	}
	j->either = fopen(path, "r"); /* expect: blocking-file-io */
	if (j->either)
		fclose(j->either); /* expect: blocking-file-io */
	j->either = fopen(path, "w"); /* expect: blocking-file-io */
}

/* a private temporary file: notes */
static int hand_to_editor(const char *text, size_t len)
{
	char path[] = "/tmp/edit.XXXXXX";
	char back[64];
	int fd = mkstemp(path);
	if (fd == -1)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (fwrite(text, len, 1, f) != 1) { /* expect-note: blocking-file-io */
		fclose(f); /* expect-note: blocking-file-io */
		return -1;
	}
	fclose(f); /* expect-note: blocking-file-io */
	FILE *t = tmpfile();
	if (!t)
		return -1;
	fwrite(text, len, 1, t); /* expect-note: blocking-file-io */
	fflush(t); /* expect-note: blocking-file-io */
	rewind(t);
	if (fgets(back, sizeof back, t) == NULL) /* expect-note: blocking-file-io */
		len = 0;
	fclose(t); /* expect-note: blocking-file-io */
	return (int)len;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct job *j = arg;
	(void)what;
	read_back(j, "/var/lib/app/in", fd);
	write_out(j, "/var/lib/app/out", "w", "x");
	hand_to_editor("x", 1);
}

int main(void)
{
	static struct job j;
	base = event_base_new();
	if (!base)
		return 1;
	struct event *t = event_new(base, -1, EV_PERSIST, on_tick, &j);
	struct timeval tv = {1, 0};
	if (!t || event_add(t, &tv) < 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
