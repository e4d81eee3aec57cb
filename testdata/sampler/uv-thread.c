/* uv-thread.c — the main thread waits while a second thread runs its own
 * libuv loop, whose timer callback on_worker_timer stalls on purpose (see
 * fixture.h). loopscope must find the loop on the second thread. */
#include <pthread.h>
#include <uv.h>

#include "fixture.h"

static void on_worker_timer(uv_timer_t *t)
{
	if (fx_tick())
		uv_stop(t->loop);
}

static void *loop_thread(void *arg)
{
	uv_loop_t loop;
	uv_loop_init(&loop);
	uv_timer_t timer;
	uv_timer_init(&loop, &timer);
	uv_timer_start(&timer, on_worker_timer, FX_TICK_MS, FX_TICK_MS);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_close((uv_handle_t *)&timer, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return NULL;
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	pthread_t th;
	pthread_create(&th, NULL, loop_thread, NULL);
	pthread_setname_np(th, "uv-worker");
	pthread_join(th, NULL);
	return FX_EXIT_STATUS;
}
