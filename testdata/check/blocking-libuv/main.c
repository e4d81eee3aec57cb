/* A libuv server whose callbacks reach blocking calls through helpers in
 * another file (config.c). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include <uv.h>

#include "server.h"

static uv_loop_t *loop;

static void alloc_cb(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	(void)h;
	buf->base = malloc(size);
	buf->len = size;
}

static void on_read(uv_stream_t *client, ssize_t nread, const uv_buf_t *buf)
{
	if (nread > 0)
		render_page(client);
	free(buf->base);
}

static void on_connection(uv_stream_t *server, int status)
{
	if (status < 0)
		return;
	uv_tcp_t *client = malloc(sizeof *client);
	uv_tcp_init(loop, client); /* expect: handle-leak */
	if (uv_accept(server, (uv_stream_t *)client) == 0)
		uv_read_start((uv_stream_t *)client, alloc_cb, on_read); /* expect: ignored-error */
}

static void on_tick(uv_timer_t *t)
{
	(void)t;
	usleep(200000); /* expect: blocking-sleep */
	int st;
	waitpid(-1, &st, WNOHANG); /* clean: WNOHANG never blocks */
	waitpid(-1, &st, 0); /* expect: blocking-subprocess */
	compute_stats();
}

static void on_open(uv_fs_t *req) /* expect: unchecked-status */
{
	uv_fs_req_cleanup(req);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	(void)req;
	if (status == 0)
		uv_freeaddrinfo(res);
}

static void on_idle(uv_idle_t *h)
{
	static uv_getaddrinfo_t gai;
	if (uv_getaddrinfo(loop, &gai, on_resolved, "localhost", NULL, NULL) != 0) /* clean: asynchronous */
		return;
	static uv_fs_t open_req, sync_req;
	uv_fs_open(loop, &open_req, "/etc/hosts", 0, 0, on_open); /* clean: asynchronous */ /* expect: ignored-error */
	uv_fs_open(loop, &sync_req, "/etc/hosts", 0, 0, NULL); /* expect: uv-sync-fs */
	uv_run(h->loop, UV_RUN_NOWAIT); /* expect: nested-loop-run */
}

static void work_cb(uv_work_t *req)
{
	(void)req;
	sleep(1);                  /* clean: runs on the thread pool */
	load_config("/etc/app.conf"); /* clean: helpers called from work are fine too */
}

static void after_work(uv_work_t *req, int status)
{
	(void)status;
	free(req);
}

int main(void)
{
	loop = uv_default_loop();
	load_config("/etc/app.conf"); /* clean: before the loop runs */
	sleep(0);                     /* clean: main is not a callback */
	uv_fs_t st;
	if (uv_fs_stat(loop, &st, "/etc", NULL) == 0) /* clean: synchronous, but in main */
		uv_fs_req_cleanup(&st);
	uv_tcp_t server;
	uv_tcp_init(loop, &server);
	struct sockaddr_in addr;
	uv_ip4_addr("0.0.0.0", 7000, &addr);
	uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0); /* expect: ignored-error */
	uv_listen((uv_stream_t *)&server, 128, on_connection); /* expect: ignored-error */
	uv_timer_t timer;
	uv_timer_init(loop, &timer);
	uv_timer_start(&timer, on_tick, 100, 100);
	uv_idle_t idle;
	uv_idle_init(loop, &idle);
	uv_idle_start(&idle, on_idle);
	uv_work_t *w = malloc(sizeof *w);
	uv_queue_work(loop, w, work_cb, after_work); /* expect: ignored-error */
	return uv_run(loop, UV_RUN_DEFAULT);
}
