/* A hand-written loop that drives several event loops, one iteration of
 * each per pass: every such run is the driver's own wait, none is a run
 * nested in another loop's callback. A run that does not return after one
 * iteration, in that body, and a driver inside a loop callback, still are.
 */
#include <stdlib.h>
#include <uv.h>

static void on_tick(uv_timer_t *t)
{
	(void)t;
}

static uv_loop_t *new_loop(void)
{
	uv_loop_t *l = malloc(sizeof *l);
	if (l && uv_loop_init(l) != 0) {
		free(l);
		return NULL;
	}
	return l;
}

static void start_tick(uv_loop_t *l, uv_timer_t *t)
{
	uv_timer_init(l, t);
	uv_timer_start(t, on_tick, 100, 100);
}

/* Two loops of its own, polled in turn in the loop's condition. */
static void two_in_condition(void *arg)
{
	(void)arg;
	uv_loop_t *a = new_loop(), *b = new_loop();
	static uv_timer_t ta, tb;
	start_tick(a, &ta);
	start_tick(b, &tb);
	while (uv_run(a, UV_RUN_NOWAIT) || uv_run(b, UV_RUN_NOWAIT)) { /* clean: both the driver's own */
	}
}

/* The same in the loop's body, the second waiting for its next event. */
static void two_in_body(void *arg)
{
	(void)arg;
	uv_loop_t *a = new_loop(), *b = new_loop();
	static uv_timer_t ta, tb;
	start_tick(a, &ta);
	start_tick(b, &tb);
	for (;;) {
		uv_run(a, UV_RUN_NOWAIT); /* clean: the driver's own */
		uv_run(b, UV_RUN_ONCE);   /* clean: the driver's own */
	}
}

/* A pass that runs the second loop until it has nothing left to do: the
 * first loop's events wait that long. */
static void one_then_whole(void *arg)
{
	(void)arg;
	uv_loop_t *a = new_loop(), *b = new_loop();
	static uv_timer_t ta, tb;
	start_tick(a, &ta);
	start_tick(b, &tb);
	for (;;) {
		uv_run(a, UV_RUN_NOWAIT);
		uv_run(b, UV_RUN_DEFAULT); /* expect: nested-loop-run */
	}
}

static uv_loop_t *main_loop;
static int answered;

/* A callback that spins the loop it runs on until an answer comes. */
static void on_request(uv_timer_t *t)
{
	(void)t;
	while (!answered)
		uv_run(main_loop, UV_RUN_ONCE); /* expect: nested-loop-run */
}

int main(void)
{
	uv_thread_t t1, t2, t3;
	uv_thread_create(&t1, two_in_condition, NULL);
	uv_thread_create(&t2, two_in_body, NULL);
	uv_thread_create(&t3, one_then_whole, NULL);
	main_loop = uv_default_loop();
	static uv_timer_t req;
	uv_timer_init(main_loop, &req);
	uv_timer_start(&req, on_request, 10, 0);
	return uv_run(main_loop, UV_RUN_DEFAULT);
}
