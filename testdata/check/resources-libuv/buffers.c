/* resources-libuv/buffers.c — buffer-leak: read callbacks paired with an
 * alloc callback that mallocs buf->base. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

static char slab[65536];

static void alloc_heap(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)h;
	buf->base = malloc(suggested);
	buf->len = buf->base ? suggested : 0;
}

static void alloc_static(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)h;
	(void)suggested;
	buf->base = slab;
	buf->len = sizeof slab;
}

static void on_closed(uv_handle_t *h) { free(h); }

static void on_written(uv_write_t *req, int status)
{
	if (status < 0)
		fputs("write failed\n", stderr);
	free(req->data);
	free(req);
}

/* Leak: the error path closes the stream but forgets buf->base. */
static void read_leaks(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) /* expect: buffer-leak */
{
	if (nread < 0) {
		uv_close((uv_handle_t *)s, on_closed);
		return;
	}
	fwrite(buf->base, 1, (size_t)nread, stdout);
	free(buf->base);
}

/* Clean: freed on every path. */
static void read_frees(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	if (nread < 0) {
		free(buf->base);
		uv_close((uv_handle_t *)s, on_closed);
		return;
	}
	fwrite(buf->base, 1, (size_t)nread, stdout);
	free(buf->base);
}

/* Clean: handed on to a write request that frees it in its callback. */
static void read_echoes(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	if (nread <= 0) {
		free(buf->base);
		return;
	}
	uv_write_t *req = malloc(sizeof *req);
	uv_buf_t out = uv_buf_init(buf->base, (unsigned)nread);
	req->data = out.base;
	if (uv_write(req, s, &out, 1, on_written) != 0) {
		free(out.base);
		free(req);
	}
}

/* Clean: a NULL base means there is nothing to free. */
static void read_checks_null(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	if (!buf->base)
		return;
	if (nread < 0)
		uv_close((uv_handle_t *)s, NULL);
	free(buf->base);
}

/* Clean: the static alloc callback owns no heap memory. */
static void read_static(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	(void)s;
	if (nread > 0)
		fwrite(buf->base, 1, (size_t)nread, stdout);
}

/* Leak: nread == 0 (EAGAIN) returns early; the buffer is still ours. */
static void read_skips_empty(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) /* expect: buffer-leak */
{
	if (nread == 0)
		return;
	if (nread < 0)
		uv_close((uv_handle_t *)s, NULL);
	free(buf->base);
}

static void consume(char *base, ssize_t n)
{
	if (n > 0)
		fwrite(base, 1, (size_t)n, stdout);
	free(base);
}

/* Clean: handed to a helper defined here that frees it. */
static void read_hands_on(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	if (nread < 0)
		uv_close((uv_handle_t *)s, NULL);
	consume(buf->base, nread);
}

int start_more(uv_stream_t *a, uv_stream_t *b)
{
	int r = uv_read_start(a, alloc_heap, read_skips_empty);
	if (r == 0)
		r = uv_read_start(b, alloc_heap, read_hands_on);
	return r;
}

int start_all(uv_stream_t *a, uv_stream_t *b, uv_stream_t *c, uv_stream_t *d, uv_stream_t *e)
{
	int r = 0;
	r |= uv_read_start(a, alloc_heap, read_leaks);
	r |= uv_read_start(b, alloc_heap, read_frees);
	r |= uv_read_start(c, alloc_heap, read_echoes);
	r |= uv_read_start(d, alloc_heap, read_checks_null);
	r |= uv_read_start(e, alloc_static, read_static);
	return r;
}
