/* Sites that are one finding and sites that stay apart. The blocking calls
 * of save_state are one finding per rule and severity (the fopen ...
 * fclose sequence; the usleep; the access, a note), however many callbacks
 * reach it; log_line's are another. Two leaked handles, or two ignored
 * errors, in one function stay two findings each: each is its own fix.
 * The marks are per site; tests/t-group.sh checks the grouping. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <uv.h>

static uv_loop_t *loop;

static void save_state(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "w"); /* expect: blocking-file-io */
	if (!f)
		return;
	fwrite(data, 1, n, f); /* expect: blocking-file-io */
	if (access(path, R_OK) == 0 && /* expect-note: blocking-file-io */
	    access(path, W_OK) == 0)   /* expect-note: blocking-file-io */
		fwrite("\n", 1, 1, f); /* expect: blocking-file-io */
	fclose(f); /* expect: blocking-file-io */
	usleep(200000); /* expect: blocking-sleep */
}

static void log_line(const char *msg, size_t n)
{
	FILE *f = fopen("/var/log/app.log", "w"); /* expect: blocking-file-io */
	if (f) {
		fwrite(msg, 1, n, f); /* expect: blocking-file-io */
		fclose(f); /* expect: blocking-file-io */
	}
}

static void on_save(uv_timer_t *t)
{
	(void)t;
	save_state("/var/lib/app/state", "x", 1);
	log_line("saved", 5);
}

static void on_flush(uv_idle_t *h)
{
	(void)h;
	save_state("/var/lib/app/state", "y", 1);
}

static void alloc_cb(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	(void)h;
	buf->base = malloc(size);
	buf->len = size;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	if (nread < 0)
		uv_close((uv_handle_t *)s, NULL);
	free(buf->base);
}

static void on_connection(uv_stream_t *server, int status)
{
	if (status < 0)
		return;
	uv_tcp_t *a = malloc(sizeof *a);
	uv_tcp_t *b = malloc(sizeof *b);
	uv_tcp_init(loop, a); /* expect: handle-leak */
	uv_tcp_init(loop, b); /* expect: handle-leak */
	if (uv_accept(server, (uv_stream_t *)a) == 0)
		uv_read_start((uv_stream_t *)a, alloc_cb, on_read); /* expect: ignored-error */
	if (uv_accept(server, (uv_stream_t *)b) == 0)
		uv_read_start((uv_stream_t *)b, alloc_cb, on_read); /* expect: ignored-error */
}

int main(void)
{
	static uv_timer_t timer;
	static uv_idle_t idle;
	static uv_tcp_t server;
	loop = uv_default_loop();
	uv_timer_init(loop, &timer);
	uv_timer_start(&timer, on_save, 1000, 1000);
	uv_idle_init(loop, &idle);
	uv_idle_start(&idle, on_flush);
	uv_tcp_init(loop, &server);
	if (uv_listen((uv_stream_t *)&server, 16, on_connection) != 0)
		return 1;
	return uv_run(loop, UV_RUN_DEFAULT);
}
