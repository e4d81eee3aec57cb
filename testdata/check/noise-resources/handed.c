/* noise-resources: a handle stored through a pointer is handed on unless
 * the pointer points to one of the function's own locals. Memory a call
 * returned (an interpreter's userdata, closed by its finalizer), a
 * parameter's field, what a parameter points to: the owner is elsewhere.
 * A local pointer that holds the address of a local: the local holds the
 * handle, and dropping it is still a leak. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

struct interp;
void *interp_newuserdata(struct interp *L, size_t size);
void interp_setfinalizer(struct interp *L, int idx);
int interp_pusherror(struct interp *L, const char *what);

struct conn {
	int fd;
	FILE *log;
};

/* the box lives in the interpreter; its finalizer closes the stream */
static FILE **newbox(struct interp *L)
{
	FILE **pf = interp_newuserdata(L, sizeof(FILE *));
	*pf = NULL;
	interp_setfinalizer(L, -2);
	return pf;
}

/* clean: the stream goes into the box newbox returned */
int box_open(struct interp *L, const char *name, const char *mode)
{
	FILE **pf = newbox(L);
	*pf = fopen(name, mode);
	return (*pf == NULL) ? interp_pusherror(L, name) : 1;
}

/* clean: the same, checked on the next line, tmpfile and an error path */
int box_tmp(struct interp *L, int keep)
{
	FILE **pf = newbox(L);
	*pf = tmpfile();
	if (*pf == NULL)
		return interp_pusherror(L, "tmpfile");
	if (!keep)
		return 0;
	return 1;
}

/* clean: into a field of the caller's struct */
int conn_open(struct conn *c, const char *path)
{
	c->fd = open(path, O_RDONLY);
	if (c->fd < 0)
		return -1;
	return 0;
}

/* clean: through a pointer the caller passed, reached via a local copy */
int conn_log(struct conn *c, const char *path)
{
	FILE **slot = &c->log;
	*slot = fopen(path, "a");
	return *slot == NULL ? -1 : 0;
}

/* clean: into memory malloc returned, which the caller gets */
int *fd_box(void)
{
	int *p = malloc(sizeof *p);
	if (p == NULL)
		return NULL;
	*p = socket(AF_INET, SOCK_STREAM, 0);
	return p;
}

/* reported: p points to the local f, and f is dropped on the error path */
int local_through(const char *path, char *buf, int n)
{
	FILE *f;
	FILE **p = &f;
	*p = fopen(path, "r"); /* expect: handle-leak */
	if (*p == NULL)
		return -1;
	if (fgets(buf, n, f) == NULL)
		return -1;
	fclose(f);
	return 0;
}

/* clean: the same, closed on every path through the local's own name */
int local_through_ok(const char *path, char *buf, int n)
{
	FILE *f;
	FILE **p = &f;
	*p = fopen(path, "r");
	if (f == NULL)
		return -1;
	int r = fgets(buf, n, *p) == NULL ? -1 : 0;
	fclose(f);
	return r;
}

/* reported: an fd written through a pointer to a local int, never closed */
int local_int(const char *path)
{
	int fd;
	int *p = &fd;
	*p = open(path, O_RDONLY); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	return 0;
}

/* reported: a pointer into a local array, stepped nowhere: the pair leaks */
int local_array(void)
{
	int sv[2];
	int *p = sv;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) != 0) /* expect: handle-leak */
		return -1;
	return 0;
}

/* clean: the pointer points to either of two locals: not followed, the
 * store is taken as handed on (precision first) */
int either(const char *path, int which)
{
	FILE *a = NULL, *b = NULL;
	FILE **p = which ? &a : &b;
	*p = fopen(path, "r");
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	return 0;
}
