/* async-stackless (async.h): an async function that calls a child async
 * function as a plain statement (missing-await); beside it the look-alikes
 * that are fine (await(async_call(...)), a child's result tested in await,
 * and a driver outside any async function). */
#include "async.h"

struct fetch_state {
	ASYNC_STATE;
	int ready;
};

static struct fetch_state child;

static async fetch(struct fetch_state *s)
{
	async_begin(s);
	await(s->ready);
	async_end;
}

static async run_bad(struct fetch_state *s)
{
	async_begin(s);
	fetch(&child); /* expect: missing-await */
	async_end;
}

static async run_good(struct fetch_state *s)
{
	async_begin(s);
	async_init(&child);
	await(async_call(fetch, &child));
	async_end;
}

static async run_tested(struct fetch_state *s)
{
	async_begin(s);
	async_init(&child);
	await(fetch(&child) == ASYNC_DONE);
	async_end;
}

int run_async(void)
{
	struct fetch_state a = {0, 1}, b = {0, 1}, c = {0, 1};
	int n = 0;
	while (run_bad(&a) != ASYNC_DONE) /* clean: a driver, not an async function */
		n++;
	run_good(&b); /* clean: a driver */
	run_tested(&c);
	return n;
}
