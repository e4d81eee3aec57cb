/* The panic hook is a field that only a setter assigns. */
#include "evloop.h"

interp_fn *interp_at_panic(struct interp *st, interp_fn *fn)
{
	interp_fn *old = st->panic;
	st->panic = fn;
	return old;
}

void interp_throw(struct interp *st)
{
	if (st->panic)
		st->panic(st);
}

void overlay_set(struct overlay *o, void (*freecb)(void *), void *data)
{
	o->on_free = freecb;
	o->data = data;
}

void overlay_resize(struct overlay *o)
{
	if (o->on_resize)
		o->on_resize(o->data);
}

void overlay_clear(struct overlay *o)
{
	if (o->on_free)
		o->on_free(o->data);
	o->on_free = 0;
}
