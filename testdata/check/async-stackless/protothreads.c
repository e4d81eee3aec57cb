/* async-stackless (protothreads): a protothread that calls a child
 * protothread as a plain statement runs it only to its first wait and
 * never resumes it (missing-await); beside it the look-alikes that are
 * fine (PT_SPAWN, PT_WAIT_THREAD, a PT_SCHEDULE loop, a child's result
 * tested inside PT_WAIT_UNTIL, plain helpers called from a protothread,
 * and a driver loop outside any protothread). Some protothreads are
 * declared with PT_THREAD, others spell its expansion out: both are common. */
#include "pt.h"

static struct pt child_pt, parent_pt;
static int ready, ticks;

static PT_THREAD(wait_ready(struct pt *pt))
{
	PT_BEGIN(pt);
	PT_WAIT_UNTIL(pt, ready);
	ready = 0;
	PT_END(pt);
}

static void count_tick(void)
{
	ticks++;
}

static PT_THREAD(parent_bad(struct pt *pt))
{
	PT_BEGIN(pt);
	wait_ready(&child_pt); /* expect: missing-await */
	count_tick();          /* clean: a plain function */
	PT_END(pt);
}

static char parent_bad_branch(struct pt *pt)
{
	PT_BEGIN(pt);
	if (ticks > 2)
		wait_ready(&child_pt); /* expect: missing-await */
	PT_END(pt);
}

static PT_THREAD(parent_spawn(struct pt *pt))
{
	PT_BEGIN(pt);
	PT_SPAWN(pt, &child_pt, wait_ready(&child_pt));
	PT_END(pt);
}

static char parent_wait(struct pt *pt)
{
	PT_BEGIN(pt);
	PT_INIT(&child_pt);
	PT_WAIT_THREAD(pt, wait_ready(&child_pt));
	PT_END(pt);
}

static char parent_poll(struct pt *pt)
{
	PT_BEGIN(pt);
	PT_INIT(&child_pt);
	while (PT_SCHEDULE(wait_ready(&child_pt)))
		PT_YIELD(pt);
	PT_END(pt);
}

static char parent_until(struct pt *pt)
{
	PT_BEGIN(pt);
	PT_INIT(&child_pt);
	PT_WAIT_UNTIL(pt, wait_ready(&child_pt) == PT_ENDED);
	PT_END(pt);
}

int run_protothreads(void)
{
	PT_INIT(&parent_pt);
	for (int i = 0; i < 4; i++) {
		parent_bad(&parent_pt); /* clean: the scheduler loop drives it */
		parent_bad_branch(&parent_pt);
		parent_spawn(&parent_pt);
		parent_wait(&parent_pt);
		parent_poll(&parent_pt);
		parent_until(&parent_pt);
		ready = 1;
	}
	return ticks;
}
