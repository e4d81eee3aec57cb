/* Socket connections: the table of operations stores the handlers into
 * the connection and registers one event handler for the fd, which calls
 * them through a parameter. */
#include "evloop.h"

static void call_handler(struct conn *c, conn_handler *handler)
{
	if (handler)
		handler(c);
}

static void socket_event_handler(struct ev_loop *loop, int fd, void *data, int mask)
{
	(void)loop;
	(void)fd;
	struct conn *c = data;
	if (mask & EV_READ)
		call_handler(c, c->read_handler);
	if (mask & EV_WRITE)
		call_handler(c, c->write_handler);
}

static int socket_set_read_handler(struct conn *c, conn_handler *h)
{
	c->read_handler = h;
	return ev_create_file(c->loop, c->fd, EV_READ, c->type->ae_handler, c);
}

static int socket_set_write_handler(struct conn *c, conn_handler *h)
{
	c->write_handler = h;
	return ev_create_file(c->loop, c->fd, EV_WRITE, c->type->ae_handler, c);
}

static void socket_close(struct conn *c)
{
	c->fd = -1;
}

const struct conn_type socket_conn_type = {
	.ae_handler = socket_event_handler,
	.set_read_handler = socket_set_read_handler,
	.set_write_handler = socket_set_write_handler,
	.close = socket_close,
};
