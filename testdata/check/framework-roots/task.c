/* A ucontext scheduler: makecontext's function runs as a coroutine, and
 * its findings are "ucontext" (swapcontext back to the scheduler). */
#include <ucontext.h>
#include <signal.h>
#include <unistd.h>

static ucontext_t sched_ctx, task_ctx;
static char task_stack[65536];

static void task_main(void)
{
	sleep(1); /* expect: blocking-sleep */
	swapcontext(&task_ctx, &sched_ctx);
}

void start_task(void)
{
	getcontext(&task_ctx);
	task_ctx.uc_stack.ss_sp = task_stack;
	task_ctx.uc_stack.ss_size = sizeof task_stack;
	task_ctx.uc_link = &sched_ctx;
	makecontext(&task_ctx, task_main, 0);
	swapcontext(&sched_ctx, &task_ctx);
}
