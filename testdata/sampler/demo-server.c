/* demo-server.c — the stalling program `make demo` attaches to: a libuv
 * loop with two periodic jobs that each stall it two calls deep, one
 * off-CPU (on_request -> render_page -> load_template sleeps 180 ms, like
 * a template read from a slow disk) and one on-CPU (on_flush ->
 * flush_logs -> compress_log spins 130 ms). Runs for argv[1] seconds. */
#include <uv.h>

#include "fixture.h"

__attribute__((noinline)) static void render_page(void)
{
	load_template(180);
}

__attribute__((noinline)) static void flush_logs(void)
{
	compress_log(130);
}

static void on_request(uv_timer_t *t)
{
	render_page();
}

static void on_flush(uv_timer_t *t)
{
	flush_logs();
}

static void on_end(uv_timer_t *t)
{
	uv_stop(t->loop);
}

int main(int argc, char **argv)
{
	uv_loop_t *loop = uv_default_loop();
	uv_timer_t req, flush, end;
	uv_timer_init(loop, &req);
	uv_timer_init(loop, &flush);
	uv_timer_init(loop, &end);
	uv_timer_start(&req, on_request, 300, 700);
	uv_timer_start(&flush, on_flush, 500, 1100);
	uv_timer_start(&end, on_end, (uint64_t)(argc > 1 ? atoi(argv[1]) : 10) * 1000, 0);
	uv_run(loop, UV_RUN_DEFAULT);
	return 0;
}
