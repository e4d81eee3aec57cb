/* Roots the models cannot know: annotations, and a wrapper that forwards
 * its function-pointer parameter to a registration API. */
#include <unistd.h>
#include <stdio.h>
#include <uv.h>

#define LOOP_CALLBACK __attribute__((annotate("loopscope::loop_callback")))
#define WORKER __attribute__((annotate("loopscope::worker")))

typedef void (*tick_fn)(uv_timer_t *);

/* An in-house helper: schedules fn every ms milliseconds. */
static void every(uv_loop_t *loop, uv_timer_t *t, unsigned ms, tick_fn fn)
{
	uv_timer_init(loop, t);
	uv_timer_start(t, fn, ms, ms);
}

static void heartbeat(uv_timer_t *t)
{
	(void)t;
	sleep(1); /* expect: blocking-sleep */
}

/* Called by a plugin host we do not see; annotated as a loop callback. */
LOOP_CALLBACK void plugin_on_event(int code);
void plugin_on_event(int code)
{
	if (code)
		usleep(200000); /* expect: blocking-sleep */
}

/* Runs on the plugin host's worker thread: blocking is fine. */
WORKER void plugin_background(void)
{
	sleep(5); /* clean: worker */
}

/* Never registered anywhere. */
void unused_helper(void)
{
	sleep(1); /* clean: not reachable from the loop */
}

int main(void)
{
	static uv_timer_t t;
	every(uv_default_loop(), &t, 1000, heartbeat);
	return uv_run(uv_default_loop(), UV_RUN_DEFAULT);
}
