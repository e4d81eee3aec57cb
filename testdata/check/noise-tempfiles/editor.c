/* noise-tempfiles: the path mkstemp filled in is a private temporary
 * file's, and so is every copy of it: strdup, a function of the program
 * that returns a copy of its parameter (found from its code, whatever its
 * name), and a struct field that only ever holds such a copy. unlink,
 * open and fopen of it, and the I/O on a stream opened on it, are notes.
 * The look-alikes stay warnings: a field that also holds a path a caller
 * names, a function that returns something other than a copy of its
 * parameter, and a field also set from a literal path. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event2/event.h>

struct edit {
	char *path;    /* only ever a copy of a mkstemp path */
	char *either;  /* a mkstemp path here, a caller's path there */
	char *joined;  /* what a path-building helper returns */
	char *named;   /* a mkstemp path, or a literal */
};

static struct event_base *base;

/* returns a copy of its parameter: inferred, not named */
static char *copy_string(const char *s)
{
	char *cp;
	if ((cp = strdup(s)) == NULL)
		abort();
	return cp;
}

/* returns a new string that is not a copy of its parameter */
static char *join_path(const char *dir)
{
	size_t n = strlen(dir) + 8;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/state", dir);
	return p;
}

static int edit_start(struct edit *e, const char *text, size_t len)
{
	char path[] = "/tmp/edit.XXXXXX";
	int fd = mkstemp(path);
	if (fd == -1)
		return -1;
	if (write(fd, text, len) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	e->path = copy_string(path);
	e->either = copy_string(path);
	e->joined = join_path(path);
	e->named = strdup(path);
	char *mine = strdup(path);
	unlink(mine); /* expect-note: blocking-file-io */
	free(mine);
	return 0;
}

static void edit_rename(struct edit *e, const char *user_path)
{
	free(e->either);
	e->either = copy_string(user_path);
	free(e->named);
	e->named = "/var/lib/app/draft";
}

static void edit_free(struct edit *e)
{
	unlink(e->path); /* expect-note: blocking-file-io */
	free(e->path);
	unlink(e->either); /* expect: blocking-file-io */
	unlink(e->joined); /* expect: blocking-file-io */
	unlink(e->named); /* expect: blocking-file-io */
}

static size_t edit_done(struct edit *e, char *buf, size_t n)
{
	size_t got = 0;
	FILE *f = fopen(e->path, "r"); /* expect-note: blocking-file-io */
	if (f) {
		got = fread(buf, 1, n, f); /* expect-note: blocking-file-io */
		fclose(f); /* expect-note: blocking-file-io */
	}
	FILE *g = fopen(e->either, "r"); /* expect: blocking-file-io */
	if (g) {
		got += fread(buf, 1, n, g); /* expect: blocking-file-io */
		fclose(g);
	}
	int fd = open(e->path, O_RDONLY); /* expect-note: blocking-file-io */
	if (fd >= 0)
		close(fd);
	edit_free(e);
	return got;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct edit *e = arg;
	char buf[256];
	(void)fd;
	(void)what;
	if (edit_start(e, "x", 1) == 0) {
		edit_rename(e, "/home/user/notes");
		edit_done(e, buf, sizeof buf);
	}
}

int main(void)
{
	static struct edit e;
	base = event_base_new();
	if (!base)
		return 1;
	struct event *t = event_new(base, -1, EV_PERSIST, on_tick, &e);
	struct timeval tv = {1, 0};
	if (!t || event_add(t, &tv) < 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
