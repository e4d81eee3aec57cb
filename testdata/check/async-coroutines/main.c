/* async-coroutines: missing-await with PCL coroutines and with functions a
 * program annotates loopscope::async / loopscope::await — handles that are
 * discarded, only tested, or kept in a local that some path forgets; beside
 * them the look-alikes that are fine (handle stored in a struct and joined
 * elsewhere, stored in a global, returned, handed to a scheduler, deleted
 * on every path, NULL paths where nothing was created, (void) discards). */
#include <stddef.h>
#include <pcl.h>

#define LS_ASYNC __attribute__((annotate("loopscope::async")))
#define LS_AWAIT __attribute__((annotate("loopscope::await")))

struct fetch;
LS_ASYNC struct fetch *fetch_async(const char *url);
LS_AWAIT int fetch_await(struct fetch *f);
void fetch_log(struct fetch *f);

struct session {
	coroutine_t reader;
	int ready;
};

static coroutine_t background;
void sched_add(coroutine_t co);

static void body(void *arg)
{
	struct session *s = arg;
	s->ready = 1;
	co_exit();
}

/* ---- missing-await ----------------------------------------------------------- */

void spawn_and_forget(struct session *s)
{
	co_create(body, s, NULL, 65536); /* expect: missing-await */
}

int spawn_tested(struct session *s)
{
	if (!co_create(body, s, NULL, 65536)) /* expect: missing-await */
		return -1;
	return 0;
}

int spawn_compared(struct session *s)
{
	if (co_create(body, s, NULL, 65536) == NULL) /* expect: missing-await */
		return -1;
	return 0;
}

int spawn_assigned_in_test(struct session *s)
{
	coroutine_t co;
	if ((co = co_create(body, s, NULL, 65536)) == NULL) /* clean: kept, then run */
		return -1;
	co_call(co);
	return 0;
}

int spawn_lost_on_error(struct session *s, int fail)
{
	coroutine_t co = co_create(body, s, NULL, 65536); /* expect: missing-await */
	if (co == NULL)
		return -1;
	if (fail)
		return -2; /* leaks co: neither run nor deleted */
	co_call(co);
	return 0;
}

int fetch_forget(void)
{
	fetch_async("http://a/"); /* expect: missing-await */
	return 0;
}

void fetch_not_awaited(void)
{
	struct fetch *f = fetch_async("http://b/"); /* expect: missing-await */
	fetch_log(f); /* logging is not awaiting */
}

/* ---- clean look-alikes ------------------------------------------------------- */

/* stored in a struct, joined in session_run */
void session_start(struct session *s)
{
	s->reader = co_create(body, s, NULL, 65536);
}

void session_run(struct session *s)
{
	co_call(s->reader);
}

void start_background(void)
{
	background = co_create(body, NULL, NULL, 65536); /* a global: handed on */
}

coroutine_t make_reader(struct session *s)
{
	return co_create(body, s, NULL, 65536);
}

void spawn_scheduled(struct session *s)
{
	coroutine_t co = co_create(body, s, NULL, 65536);
	if (co)
		sched_add(co);
}

int spawn_run_delete(struct session *s)
{
	coroutine_t co = co_create(body, s, NULL, 65536);
	if (co == NULL)
		return -1; /* nothing was created on this path */
	co_call(co);
	co_delete(co);
	return 0;
}

int fetch_awaited(void)
{
	struct fetch *f = fetch_async("http://c/");
	if (!f)
		return -1;
	return fetch_await(f);
}

int fetch_direct(void)
{
	return fetch_await(fetch_async("http://d/"));
}

void fetch_fire_and_forget(void)
{
	(void)fetch_async("http://e/"); /* deliberate */
}

struct fetch *fetch_start(void)
{
	return fetch_async("http://f/");
}

/* ---- ucontext --------------------------------------------------------------- */

#include <ucontext.h>

static ucontext_t main_ctx, worker_ctx;
static char stack_a[65536], stack_b[65536];

static void worker(void)
{
}

void switch_never(int go)
{
	ucontext_t uc;
	getcontext(&uc);
	uc.uc_stack.ss_sp = stack_a;
	uc.uc_stack.ss_size = sizeof stack_a;
	uc.uc_link = &main_ctx;
	makecontext(&uc, worker, 0); /* expect: missing-await */
	if (go)
		return; /* made, never switched to */
	swapcontext(&main_ctx, &uc);
}

void switch_always(void)
{
	ucontext_t uc;
	getcontext(&uc);
	uc.uc_stack.ss_sp = stack_b;
	uc.uc_stack.ss_size = sizeof stack_b;
	uc.uc_link = &main_ctx;
	makecontext(&uc, worker, 0);
	swapcontext(&main_ctx, &uc); /* clean: run before returning */
}

void prepare_global(void)
{
	getcontext(&worker_ctx);
	worker_ctx.uc_stack.ss_sp = stack_b;
	worker_ctx.uc_stack.ss_size = sizeof stack_b;
	makecontext(&worker_ctx, worker, 0); /* clean: a global, switched to elsewhere */
}
