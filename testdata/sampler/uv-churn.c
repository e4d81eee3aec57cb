/* uv-churn.c — thread churn around a stalling libuv loop: the main
 * thread runs the loop of uv-timer.c (on_timer stalls, see fixture.h)
 * while a spawner keeps creating short-lived threads that poll briefly
 * (so loopscope takes them for loop candidates and stops them) and exit,
 * often in the middle of being sampled. loopscope must pick them up, cope
 * with their exits, and leave the process untraced. */
#include <poll.h>
#include <pthread.h>
#include <uv.h>

#include "fixture.h"

static void *short_lived(void *arg)
{
	for (int i = 0; i < 3; i++)
		poll(NULL, 0, 2);
	return NULL;
}

static void *spawner(void *arg)
{
	while (!fx_stop) {
		pthread_t t[4];
		for (int i = 0; i < 4; i++)
			pthread_create(&t[i], NULL, short_lived, NULL);
		for (int i = 0; i < 4; i++)
			pthread_join(t[i], NULL);
	}
	return NULL;
}

static void on_timer(uv_timer_t *t)
{
	if (fx_tick())
		uv_stop(t->loop);
}

int main(int argc, char **argv)
{
	fx_init(argc, argv);
	pthread_t sp;
	pthread_create(&sp, NULL, spawner, NULL);
	uv_loop_t *loop = uv_default_loop();
	uv_timer_t timer;
	uv_timer_init(loop, &timer);
	uv_timer_start(&timer, on_timer, FX_TICK_MS, FX_TICK_MS);
	uv_run(loop, UV_RUN_DEFAULT);
	fx_stop = 1;
	pthread_join(sp, NULL);
	return FX_EXIT_STATUS;
}
