/* async-libuv: ignored-error and unchecked-status with libuv — dropped
 * return codes of calls that start requests, and callbacks that never look
 * at the status they are given; beside them the look-alikes that are fine
 * (checked in a condition, assigned and checked, cast to void, calls that
 * only fail on programmer error, status read only in a log line or by a
 * helper, req->result read through its accessor). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <uv.h>

static uv_loop_t *loop;
static uv_tcp_t client, server;
static uv_timer_t timer;
static uv_connect_t conn_req, conn_req2;
static uv_write_t write_req, write_req2, write_req3;
static uv_shutdown_t shut_req;
static uv_fs_t open_req, stat_req, close_req, read_req;
static uv_getaddrinfo_t gai_req;
static char slab[65536];
static uv_buf_t out;

static void report_status(const char *what, int status)
{
	if (status < 0)
		fprintf(stderr, "%s: %s\n", what, uv_strerror(status));
}

static void on_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	(void)h;
	(void)size;
	*buf = uv_buf_init(slab, sizeof slab);
}

/* ---- unchecked-status ---------------------------------------------------- */

static void on_read_bad(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

static void on_connect_bad(uv_connect_t *req, int status) /* expect: unchecked-status */
{
	uv_read_start(req->handle, on_alloc, on_read_bad); /* expect: ignored-error */
}

static void on_write_bad(uv_write_t *req, int status) /* expect: unchecked-status */
{
	(void)status; /* a cast to void is not a check */
	(void)req;
}

static void on_read_bad(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) /* expect: unchecked-status */
{
	(void)s;
	fwrite(buf->base, 1, buf->len, stdout);
}

static void on_stat_bad(uv_fs_t *req) /* expect: unchecked-status */
{
	fprintf(stderr, "stat of %s done\n", req->path);
	uv_fs_req_cleanup(req);
}

static void on_shutdown_bad(uv_shutdown_t *req, int status) /* expect: unchecked-status */
{
	uv_close((uv_handle_t *)req->handle, NULL);
}

/* clean: the status is read, if only in a log line */
static void on_connect_logged(uv_connect_t *req, int status)
{
	fprintf(stderr, "connect: %s\n", uv_strerror(status));
	(void)req;
}

/* clean: the status goes to a helper that reads it */
static void on_write_helper(uv_write_t *req, int status)
{
	report_status("write", status);
	(void)req;
}

/* clean: nread is tested */
static void on_read_good(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	if (nread < 0) {
		uv_close((uv_handle_t *)s, NULL);
		return;
	}
	fwrite(buf->base, 1, (size_t)nread, stdout);
}

/* clean: req->result read through the accessor */
static void on_read_file(uv_fs_t *req)
{
	if (uv_fs_get_result(req) < 0)
		fprintf(stderr, "read failed\n");
	uv_fs_req_cleanup(req);
}

/* clean: req->result read directly */
static void on_open(uv_fs_t *req)
{
	ssize_t fd = req->result;
	uv_fs_req_cleanup(req);
	if (fd >= 0) {
		static uv_buf_t fbuf;
		fbuf = uv_buf_init(slab, sizeof slab);
		if (uv_fs_read(loop, &read_req, (uv_file)fd, &fbuf, 1, 0, on_read_file) < 0)
			fprintf(stderr, "read not started\n");
	}
}

/* clean: uv_fs_close's callback need not look at the result */
static void on_closed(uv_fs_t *req)
{
	uv_fs_req_cleanup(req);
}

/* clean: the status is compared */
static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	if (status == 0)
		uv_freeaddrinfo(res);
	(void)req;
}

/* clean: an accepted connection's status checked with a switch */
static void on_connection(uv_stream_t *srv, int status)
{
	switch (status) {
	case 0:
		break;
	default:
		return;
	}
	uv_accept(srv, (uv_stream_t *)&client); /* clean: cannot fail here */
}

static void on_timer(uv_timer_t *t)
{
	(void)t;
}

/* ---- ignored-error --------------------------------------------------------- */

static void start_bad(const struct sockaddr *addr)
{
	uv_tcp_init(loop, &client);
	uv_tcp_connect(&conn_req, &client, addr, on_connect_bad); /* expect: ignored-error */
	out = uv_buf_init("ping", 4);
	uv_write(&write_req, (uv_stream_t *)&client, &out, 1, on_write_bad); /* expect: ignored-error */
	if (addr)
		uv_fs_open(loop, &open_req, "/tmp/x", O_RDONLY, 0, on_open); /* expect: ignored-error */
	uv_fs_stat(loop, &stat_req, "/tmp/x", on_stat_bad), /* expect: ignored-error */
		uv_fs_close(loop, &close_req, 3, on_closed); /* expect: ignored-error */
	uv_shutdown(&shut_req, (uv_stream_t *)&client, on_shutdown_bad); /* expect: ignored-error */
}

static int start_good(const struct sockaddr *addr)
{
	int r;
	if (uv_tcp_connect(&conn_req2, &client, addr, on_connect_logged) != 0)
		return -1;
	r = uv_write(&write_req2, (uv_stream_t *)&client, &out, 1, on_write_helper);
	if (r < 0)
		return r;
	(void)uv_write(&write_req3, (uv_stream_t *)&client, &out, 1, on_write_helper);
	uv_timer_init(loop, &timer);
	uv_timer_start(&timer, on_timer, 1000, 0); /* clean: fails only on programmer error */
	int rr = uv_read_start((uv_stream_t *)&client, on_alloc, on_read_good);
	if (rr)
		return rr;
	if (!uv_listen((uv_stream_t *)&server, 16, on_connection))
		fprintf(stderr, "listening\n");
	return uv_getaddrinfo(loop, &gai_req, on_resolved, "localhost", "80", NULL);
}

int main(void)
{
	struct sockaddr_in sa;
	loop = uv_default_loop();
	uv_ip4_addr("127.0.0.1", 7000, &sa);
	uv_tcp_init(loop, &server);
	start_bad((const struct sockaddr *)&sa);
	if (start_good((const struct sockaddr *)&sa) < 0)
		return 1;
	uv_run(loop, UV_RUN_DEFAULT);
	return 0;
}
