/* The server: what it registers runs on the loop; functions of the same
 * types that are never stored where the loop calls through stay silent. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "evloop.h"

static struct interp interp;
static struct overlay overlay;
static struct conn clients[16];

/* Same type as the read handlers, but its address goes nowhere a call is made. */
static void spare_handler(struct conn *c)
{
	(void)c;
	sleep(1); /* clean: stored only into a pointer nobody calls */
}

static conn_handler *spare = spare_handler;

static int on_panic(struct interp *st)
{
	(void)st;
	fsync(2); /* expect: blocking-file-io */
	return 0;
}

/* Same type as the panic hook, never handed to interp_at_panic. */
static int lib_execute(struct interp *st)
{
	(void)st;
	return system("true"); /* clean: only main calls it through the library table */
}

static interp_fn *const library[] = {lib_execute};

/* Stored into the overlay's free hook; the loop calls only the resize hook. */
static void popup_free(void *data)
{
	(void)data;
	usleep(100); /* clean: the free hook runs only at shutdown */
}

static void reply_written(struct conn *c)
{
	(void)c;
	FILE *f = fopen("/tmp/replies.log", "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}

static void read_query(struct conn *c)
{
	char buf[256];
	recv(c->fd, buf, sizeof buf, MSG_DONTWAIT); /* clean: never blocks */
	overlay_resize(&overlay);
	if (buf[0] == '!')
		interp_throw(&interp);
	conn_set_write_handler(c, reply_written);
}

static void accept_handler(struct ev_loop *loop, int fd, void *data, int mask)
{
	(void)data;
	(void)mask;
	struct addrinfo *ai;
	getaddrinfo("localhost", "80", NULL, &ai); /* expect: blocking-dns */
	struct conn *c = &clients[fd & 15];
	c->type = &socket_conn_type;
	c->loop = loop;
	c->fd = fd;
	conn_set_read_handler(c, read_query);
}

/* Two layers of registration wrappers above ev_create_file. */
static int listen_on(struct ev_loop *loop, int fd, ev_file_proc *proc)
{
	return ev_create_file(loop, fd, EV_READ, proc, NULL);
}

static int listen_all(struct ev_loop *loop, ev_file_proc *proc)
{
	return listen_on(loop, 3, proc);
}

/* Lifecycle hooks in a nested struct, set with nested designators. */
struct hooks {
	int flags;
	struct {
		void (*on_start)(void);
		void (*on_stop)(void);
	} life;
};

static void start_hook(void)
{
	unlink("/tmp/started"); /* expect: blocking-file-io */
}

static void stop_hook(void)
{
	unlink("/tmp/stopped"); /* clean: the stop hook runs after the loop */
}

static const struct hooks hooks = {.life.on_start = start_hook, .life.on_stop = stop_hook};

/* Signal handlers by number, and a deferred job kept as a plain pointer. */
static void on_usr1(int sig)
{
	(void)sig;
	sleep(2); /* expect: blocking-sleep */
}

static void (*const sig_handlers[4])(int) = {[2] = on_usr1};
static int pending_sig;

static void flush_log(void)
{
	fsync(1); /* expect: blocking-file-io */
}

static void *deferred;

static void before_sleep(struct ev_loop *loop)
{
	(void)loop;
	sync(); /* expect: blocking-file-io */
	hooks.life.on_start();
	if (pending_sig)
		sig_handlers[pending_sig & 3](pending_sig);
	if (deferred)
		((void (*)(void))deferred)();
}

int main(void)
{
	static struct ev_loop loop;
	loop.epfd = epoll_create1(0);
	interp_at_panic(&interp, on_panic);
	overlay_set(&overlay, popup_free, NULL);
	library[0](&interp);
	(void)spare;
	listen_all(&loop, accept_handler);
	ev_set_before_sleep(&loop, before_sleep);
	deferred = flush_log;
	ev_main(&loop);
	overlay_clear(&overlay);
	hooks.life.on_stop();
	return 0;
}
