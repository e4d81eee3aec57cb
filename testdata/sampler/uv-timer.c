/* uv-timer.c — a libuv program whose timer callback on_timer stalls on
 * purpose (see fixture.h); the main thread runs the loop. */
#include <uv.h>

#include "fixture.h"

static void on_timer(uv_timer_t *t)
{
	if (fx_tick())
		uv_stop(t->loop);
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	uv_loop_t *loop = uv_default_loop();
	uv_timer_t timer;
	uv_timer_init(loop, &timer);
	uv_timer_start(&timer, on_timer, FX_TICK_MS, FX_TICK_MS);
	uv_run(loop, UV_RUN_DEFAULT);
	return FX_EXIT_STATUS;
}
