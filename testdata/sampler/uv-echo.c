/* uv-echo.c — a healthy libuv TCP echo server for bench/sampler-overhead:
 * listens on 127.0.0.1:PORT (0: any; the port is printed), echoes every
 * read back, exits with status 0 on SIGTERM. It never stalls. */
#include <signal.h>
#include <uv.h>

#include "fixture.h"

static uv_loop_t *loop;

static void on_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	static char slab[65536];
	*buf = uv_buf_init(slab, sizeof slab);
}

static void on_written(uv_write_t *req, int status)
{
	free(req);
}

static void on_close(uv_handle_t *h)
{
	free(h);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	if (n < 0) {
		uv_close((uv_handle_t *)s, on_close);
		return;
	}
	if (n == 0)
		return;
	/* The slab is reused by the next read only after this write copies
	 * nothing: uv_write keeps a pointer, so copy into the request. */
	uv_write_t *req = malloc(sizeof *req + (size_t)n);
	char *copy = (char *)(req + 1);
	memcpy(copy, buf->base, (size_t)n);
	uv_buf_t out = uv_buf_init(copy, (unsigned)n);
	uv_write(req, s, &out, 1, on_written);
}

static void on_connection(uv_stream_t *server, int status)
{
	uv_tcp_t *c = malloc(sizeof *c);
	uv_tcp_init(loop, c);
	if (uv_accept(server, (uv_stream_t *)c) == 0)
		uv_read_start((uv_stream_t *)c, on_alloc, on_read);
	else
		uv_close((uv_handle_t *)c, on_close);
}

static void on_signal(uv_signal_t *s, int sig)
{
	uv_stop(loop);
}

int main(int argc, char **argv)
{
	loop = uv_default_loop();
	uv_tcp_t server;
	uv_tcp_init(loop, &server);
	struct sockaddr_in addr;
	uv_ip4_addr("127.0.0.1", argc > 1 ? atoi(argv[1]) : 0, &addr);
	uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
	if (uv_listen((uv_stream_t *)&server, 128, on_connection) != 0)
		return 1;
	struct sockaddr_in bound;
	int len = sizeof bound;
	uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &len);
	printf("%d\n", ntohs(bound.sin_port));
	fflush(stdout);
	uv_signal_t sig;
	uv_signal_init(loop, &sig);
	uv_signal_start(&sig, on_signal, SIGTERM);
	uv_run(loop, UV_RUN_DEFAULT);
	return 0;
}
