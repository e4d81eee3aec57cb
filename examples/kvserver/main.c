/* kvserver: accepts connections and hands each line to kv_handle_command. */
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "kv.h"

static uv_loop_t *loop;

static void alloc_buffer(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	(void)h;
	buf->base = malloc(size);
	buf->len = buf->base ? size : 0;
}

static void on_close(uv_handle_t *h)
{
	free(h);
}

static void on_read(uv_stream_t *client, ssize_t nread, const uv_buf_t *buf)
{
	if (nread > 0)
		kv_handle_command(client, buf->base, (size_t)nread);
	else if (nread < 0)
		uv_close((uv_handle_t *)client, on_close);
	free(buf->base);
}

static void on_connection(uv_stream_t *server, int status)
{
	if (status < 0)
		return;
	uv_tcp_t *client = malloc(sizeof *client);
	uv_tcp_init(loop, client);
	if (uv_accept(server, (uv_stream_t *)client) == 0 &&
	    uv_read_start((uv_stream_t *)client, alloc_buffer, on_read) == 0)
		return;
	uv_close((uv_handle_t *)client, on_close);
}

int main(void)
{
	loop = uv_default_loop();
	uv_tcp_t server;
	struct sockaddr_in addr;
	uv_tcp_init(loop, &server);
	uv_ip4_addr("127.0.0.1", 7379, &addr);
	if (uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0) != 0 ||
	    uv_listen((uv_stream_t *)&server, 128, on_connection) != 0)
		return 1;
	return uv_run(loop, UV_RUN_DEFAULT);
}
