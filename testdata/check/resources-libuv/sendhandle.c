/* Handing an accepted connection to another process over an IPC pipe:
 * uv_write2 sends a copy of the handle's descriptor, and the sender still
 * has to close its own. A call that registers a callback hands what it is
 * given to that callback; with a NULL callback nothing is handed on. */
#include <stdlib.h>
#include <uv.h>

static uv_loop_t *loop;
static uv_pipe_t worker_pipe;
static uv_buf_t one = {.base = "a", .len = 1};

static void on_closed(uv_handle_t *h)
{
	free(h);
}

/* The write callback closes the handle it sent. */
static void on_sent(uv_write_t *req, int status)
{
	if (status < 0)
		free(req->data);
	uv_close((uv_handle_t *)req->send_handle, on_closed);
	free(req);
}

/* No callback: the sender's copy of every connection it sent stays open. */
static void hand_over_leaks(uv_stream_t *server, int status)
{
	if (status < 0)
		return;
	uv_tcp_t *client = malloc(sizeof *client);
	uv_tcp_init(loop, client); /* expect: handle-leak */
	if (uv_accept(server, (uv_stream_t *)client) == 0) {
		uv_write_t *req = malloc(sizeof *req);
		if (uv_write2(req, (uv_stream_t *)&worker_pipe, &one, 1, (uv_stream_t *)client, NULL) != 0) {
			free(req);
			uv_close((uv_handle_t *)client, on_closed);
		}
	} else {
		uv_close((uv_handle_t *)client, on_closed);
	}
}

/* A callback that closes it once the descriptor is sent. */
static void hand_over_callback(uv_stream_t *server, int status)
{
	if (status < 0)
		return;
	uv_tcp_t *client = malloc(sizeof *client);
	uv_tcp_init(loop, client); /* clean: handed to on_sent */
	if (uv_accept(server, (uv_stream_t *)client) == 0) {
		uv_write_t *req = malloc(sizeof *req);
		if (uv_write2(req, (uv_stream_t *)&worker_pipe, &one, 1, (uv_stream_t *)client, on_sent) == 0)
			return;
		free(req);
	}
	uv_close((uv_handle_t *)client, on_closed);
}

/* No callback, and the sender closes its copy itself. */
static void hand_over_close(uv_stream_t *server, int status)
{
	if (status < 0)
		return;
	uv_tcp_t *client = malloc(sizeof *client);
	uv_tcp_init(loop, client); /* clean: closed below */
	if (uv_accept(server, (uv_stream_t *)client) == 0) {
		static uv_write_t req;
		(void)uv_write2(&req, (uv_stream_t *)&worker_pipe, &one, 1, (uv_stream_t *)client, NULL);
	}
	uv_close((uv_handle_t *)client, on_closed);
}

int main(void)
{
	static uv_tcp_t a, b, c;
	loop = uv_default_loop();
	uv_pipe_init(loop, &worker_pipe, 1);
	uv_tcp_init(loop, &a);
	uv_tcp_init(loop, &b);
	uv_tcp_init(loop, &c);
	if (uv_listen((uv_stream_t *)&a, 16, hand_over_leaks) != 0 ||
	    uv_listen((uv_stream_t *)&b, 16, hand_over_callback) != 0 ||
	    uv_listen((uv_stream_t *)&c, 16, hand_over_close) != 0)
		return 1;
	return uv_run(loop, UV_RUN_DEFAULT);
}
