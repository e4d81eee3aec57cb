/* A hand-written epoll loop in the style of small servers: handlers are
 * registered through wrapper functions that store them into fields, and
 * connections dispatch through a table of operations. */
#ifndef EVLOOP_H
#define EVLOOP_H

#define EV_READ 1
#define EV_WRITE 2

struct ev_loop;
typedef void ev_file_proc(struct ev_loop *loop, int fd, void *data, int mask);

struct ev_file {
	int mask;
	ev_file_proc *rproc;
	ev_file_proc *wproc;
	void *data;
};

struct ev_loop {
	int epfd;
	struct ev_file files[64];
	void (*before_sleep)(struct ev_loop *loop);
};

int ev_create_file(struct ev_loop *loop, int fd, int mask, ev_file_proc *proc, void *data);
void ev_set_before_sleep(struct ev_loop *loop, void (*fn)(struct ev_loop *));
void ev_main(struct ev_loop *loop);

/* Connections: a table of operations per connection type. */
struct conn;
typedef void conn_handler(struct conn *c);

struct conn_type {
	ev_file_proc *ae_handler;
	int (*set_read_handler)(struct conn *c, conn_handler *h);
	int (*set_write_handler)(struct conn *c, conn_handler *h);
	void (*close)(struct conn *c);
};

struct conn {
	const struct conn_type *type;
	struct ev_loop *loop;
	conn_handler *read_handler;
	conn_handler *write_handler;
	int fd;
};

extern const struct conn_type socket_conn_type;

static inline int conn_set_read_handler(struct conn *c, conn_handler *h)
{
	return c->type->set_read_handler(c, h);
}

static inline int conn_set_write_handler(struct conn *c, conn_handler *h)
{
	return c->type->set_write_handler(c, h);
}

/* An interpreter-like state whose panic hook only a setter assigns. */
struct interp;
typedef int interp_fn(struct interp *st);

struct interp {
	interp_fn *panic;
	int depth;
};

interp_fn *interp_at_panic(struct interp *st, interp_fn *fn);
void interp_throw(struct interp *st);

/* Overlays: a free hook and a resize hook of the same type. */
struct overlay {
	void (*on_free)(void *data);
	void (*on_resize)(void *data);
	void *data;
};

void overlay_set(struct overlay *o, void (*freecb)(void *), void *data);
void overlay_resize(struct overlay *o);
void overlay_clear(struct overlay *o);

#endif
