/* resources-libuv/handles.c — handle-leak and close-then-free on libuv
 * handles and requests: findings marked, clean look-alikes unmarked. */
#include <stdlib.h>
#include <uv.h>

struct conn {
	uv_tcp_t tcp;
	uv_timer_t timer;
	int id;
};

static void on_connect(uv_connect_t *req, int status) { if (status < 0) req->data = NULL; }
static void on_conn_closed(uv_handle_t *h) { free(h->data); }
static void on_closed_nothing(uv_handle_t *h) { (void)h; }
static void on_new(uv_stream_t *server, int status) { if (status < 0) server->data = NULL; }

/* Leak: the client handle is never closed when the connect fails. */
int connect_leaks(uv_loop_t *loop, const struct sockaddr *addr)
{
	uv_tcp_t *client = malloc(sizeof *client);
	static uv_connect_t req;
	if (!client)
		return -1;
	uv_tcp_init(loop, client); /* expect: handle-leak */
	int r = uv_tcp_connect(&req, client, addr, on_connect);
	if (r != 0)
		return r;
	return 0;
}

/* Clean: the failure path closes the handle, the success path hands it
 * to the connect callback. */
int connect_closes(uv_loop_t *loop, const struct sockaddr *addr)
{
	uv_tcp_t *client = malloc(sizeof *client);
	static uv_connect_t req;
	if (!client)
		return -1;
	client->data = client;
	uv_tcp_init(loop, client);
	int r = uv_tcp_connect(&req, client, addr, on_connect);
	if (r != 0) {
		uv_close((uv_handle_t *)client, on_conn_closed);
		return r;
	}
	return 0;
}

/* Clean: init failure means there is nothing to close. */
int init_fails_early(uv_loop_t *loop)
{
	uv_tcp_t *t = malloc(sizeof *t);
	if (!t)
		return -1;
	int r;
	if ((r = uv_tcp_init(loop, t)) < 0) {
		free(t);
		return r;
	}
	t->data = t;
	uv_close((uv_handle_t *)t, on_conn_closed);
	return 0;
}

/* Leak: a timer on a heap struct is initialised, then an error returns
 * without closing it. */
int timer_leak(uv_loop_t *loop, int fail)
{
	struct conn *c = calloc(1, sizeof *c);
	if (c == NULL)
		return -1;
	if (uv_timer_init(loop, &c->timer) != 0) /* expect: handle-leak */
		return -1;
	if (fail)
		return -2;
	c->timer.data = c;
	uv_close((uv_handle_t *)&c->timer, on_conn_closed);
	return 0;
}

/* Clean: the goto-cleanup idiom closes on every error path. */
int listen_goto(uv_loop_t *loop, const struct sockaddr *addr)
{
	uv_tcp_t *server = malloc(sizeof *server);
	int r;
	if (!server)
		return -1;
	server->data = server;
	r = uv_tcp_init(loop, server);
	if (r)
		goto fail_free;
	r = uv_tcp_bind(server, addr, 0);
	if (r)
		goto fail_close;
	r = uv_listen((uv_stream_t *)server, 128, on_new);
	if (r)
		goto fail_close;
	return 0;
fail_close:
	uv_close((uv_handle_t *)server, on_conn_closed);
	return r;
fail_free:
	free(server);
	return r;
}

/* Leak: same shape, but the bind failure path skips the close. */
int listen_forgets(uv_loop_t *loop, const struct sockaddr *addr)
{
	uv_tcp_t *server = malloc(sizeof *server);
	int r;
	if (!server)
		return -1;
	server->data = server;
	r = uv_tcp_init(loop, server); /* expect: handle-leak */
	if (r)
		goto out;
	r = uv_tcp_bind(server, addr, 0);
	if (r)
		goto out;
	r = uv_listen((uv_stream_t *)server, 128, on_new);
	if (r) {
		uv_close((uv_handle_t *)server, on_conn_closed);
		return r;
	}
	return 0;
out:
	return r;
}

/* Clean: the handle lives in a struct owned by the caller (a parameter):
 * closing it is someone else's job. */
int init_in_caller_struct(uv_loop_t *loop, struct conn *c)
{
	return uv_tcp_init(loop, &c->tcp);
}

static void close_conn(struct conn *c)
{
	uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
}

/* Clean: released by a helper defined here that closes on all paths. */
int release_in_helper(uv_loop_t *loop, int fail)
{
	struct conn *c = malloc(sizeof *c);
	if (!c)
		return -1;
	c->tcp.data = c;
	if (uv_tcp_init(loop, &c->tcp))
		return -1;
	if (fail) {
		close_conn(c);
		return -1;
	}
	close_conn(c);
	return 0;
}

/* Clean: ownership handed to a container the caller keeps. */
int handed_to_list(uv_loop_t *loop, struct conn **slot)
{
	struct conn *c = malloc(sizeof *c);
	if (!c)
		return -1;
	if (uv_tcp_init(loop, &c->tcp))
		return -1;
	*slot = c;
	return 0;
}

/* close-then-free: the close is asynchronous. */
void destroy_bad(struct conn *c)
{
	uv_close((uv_handle_t *)&c->tcp, NULL);
	free(c); /* expect: close-then-free */
}

/* close-then-free with a close callback that does not free either. */
void destroy_bad_cb(uv_tcp_t *t)
{
	uv_close((uv_handle_t *)t, on_closed_nothing);
	free(t); /* expect: close-then-free */
}

/* Clean: the struct is freed in the close callback. */
void destroy_good(struct conn *c)
{
	c->tcp.data = c;
	uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
}

/* Clean: the loop runs the close before the free. */
void destroy_after_run(uv_loop_t *loop, uv_timer_t *t)
{
	uv_close((uv_handle_t *)t, NULL);
	uv_run(loop, UV_RUN_DEFAULT);
	free(t);
}

/* Clean: freeing something else than the closed handle. */
void close_and_free_other(struct conn *c, char *scratch)
{
	uv_close((uv_handle_t *)&c->tcp, NULL);
	free(scratch);
}

/* Leak: a synchronous fs request never cleaned up on the error path. */
int fs_sync_leak(uv_loop_t *loop, const char *path)
{
	uv_fs_t req;
	int r = uv_fs_open(loop, &req, path, 0, 0, NULL); /* expect: handle-leak */
	if (r < 0)
		return r;
	if (req.result > 1000)
		return -1;
	uv_fs_req_cleanup(&req);
	return r;
}

/* Clean: cleaned up on every path after it succeeded. */
int fs_sync_clean(uv_loop_t *loop, const char *path)
{
	uv_fs_t req;
	int r = uv_fs_open(loop, &req, path, 0, 0, NULL);
	uv_fs_req_cleanup(&req);
	return r;
}

/* Clean: with a callback, the request belongs to the callback. */
static void on_open(uv_fs_t *req)
{
	if (req->result < 0)
		req->data = NULL;
	uv_fs_req_cleanup(req);
}
int fs_async(uv_loop_t *loop, const char *path)
{
	static uv_fs_t req;
	return uv_fs_open(loop, &req, path, 0, 0, on_open);
}

/* Clean: a loop that initialises and closes one handle per iteration. */
int per_iteration(uv_loop_t *loop, int n)
{
	for (int i = 0; i < n; i++) {
		uv_timer_t *t = malloc(sizeof *t);
		if (!t)
			return -1;
		if (uv_timer_init(loop, t) != 0) {
			free(t);
			continue;
		}
		t->data = t;
		uv_close((uv_handle_t *)t, on_conn_closed);
	}
	return 0;
}

/* Clean: uv_loop_init with uv_loop_close on the way out, abort on failure. */
int own_loop(void)
{
	uv_loop_t l;
	if (uv_loop_init(&l) != 0)
		abort();
	uv_run(&l, UV_RUN_DEFAULT);
	return uv_loop_close(&l);
}

/* Leak: the private loop is not closed when the run fails. */
int own_loop_leak(int fail)
{
	uv_loop_t l;
	if (uv_loop_init(&l) != 0) /* expect: handle-leak */
		return -1;
	if (fail)
		return -1;
	return uv_loop_close(&l);
}

/* Clean: the write request is freed, not the stream it points to
 * (req->handle is a pointer field, a separate object). */
static void on_write_close(uv_write_t *req, int status)
{
	if (status < 0)
		req->data = NULL;
	uv_close((uv_handle_t *)req->handle, NULL);
	free(req);
}

int start_write(uv_stream_t *s, uv_write_t *req, const uv_buf_t *b)
{
	return uv_write(req, s, b, 1, on_write_close);
}

static void close_walk_cb(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

static void close_loop(uv_loop_t *loop)
{
	uv_walk(loop, close_walk_cb, NULL);
	uv_run(loop, UV_RUN_DEFAULT);
}

/* Clean: a helper walks the loop and closes every handle on it. */
int walk_closes(uv_loop_t *loop)
{
	uv_idle_t idle;
	if (uv_idle_init(loop, &idle))
		return -1;
	uv_run(loop, UV_RUN_NOWAIT);
	close_loop(loop);
	return 0;
}

static struct conn global_conn;

/* Clean: a local pointer to memory this function does not own. */
int init_global_through_pointer(uv_loop_t *loop)
{
	struct conn *c = &global_conn;
	return uv_tcp_init(loop, &c->tcp);
}
