/* noise-freshcompare: a resource the function acquired is a new object,
 * equal to no pointer it held before. In the borrow-or-create idiom, a
 * parameter used when given and a new object made when not, freed only
 * when it is not the parameter, the path that keeps the new object takes
 * `b != arg` false, which it cannot: no leak. Where the new pointer was
 * not tested for null, equality means the acquisition failed, and nothing
 * is held. The look-alikes are reported: the parameter written in the
 * function (it may hold the new object), the new object compared with a
 * local, the object freed only when equal to the parameter, and a
 * parameter whose address is taken. */
#include <event2/event.h>
#include <stdio.h>

extern void keep(void **slot);

/* clean: the new base is freed whenever it was made */
const char *method_of(void *base)
{
	struct event_base *b = (struct event_base *)base;
	const char *m;
	if (!b)
		b = event_base_new();
	m = event_base_get_method(b);
	if (b && b != (struct event_base *)base)
		event_base_free(b);
	return m;
}

/* clean: the stream is untested; equal to the caller's only when fopen failed */
int first_char(FILE *user, const char *path)
{
	FILE *f = user;
	int ch;
	if (!f)
		f = fopen(path, "r");
	ch = fgetc(f);
	if (f != user)
		fclose(f);
	return ch;
}

/* reported: the parameter is written, and may be the new base */
const char *method_written(void *base)
{
	struct event_base *b = (struct event_base *)base;
	const char *m;
	if (!b) {
		b = event_base_new(); /* expect: handle-leak */
		if (event_base_get_method(b) == NULL)
			base = b;
	}
	m = event_base_get_method(b);
	if (b && b != (struct event_base *)base)
		event_base_free(b);
	return m;
}

/* reported: compared with a local, which holds the new base on one path */
const char *method_local(void *base, int share)
{
	struct event_base *b = (struct event_base *)base, *other = NULL;
	const char *m;
	if (!b) {
		b = event_base_new(); /* expect: handle-leak */
		if (share)
			other = b;
	}
	m = event_base_get_method(b);
	if (b && b != other)
		event_base_free(b);
	return m;
}

/* reported: freed only when equal to the parameter, which a new base never is */
const char *method_inverted(void *base)
{
	struct event_base *b = (struct event_base *)base;
	const char *m;
	if (!b)
		b = event_base_new(); /* expect: handle-leak */
	m = event_base_get_method(b);
	if (b && b == (struct event_base *)base)
		event_base_free(b);
	return m;
}

/* reported: the parameter's address is taken, so a callee may store the new stream in it */
int first_char_kept(FILE *user, const char *path)
{
	FILE *f = user;
	int ch;
	if (!f) {
		f = fopen(path, "r"); /* expect: handle-leak */
		keep((void **)&user);
	}
	ch = fgetc(f);
	if (f != user)
		fclose(f);
	return ch;
}
