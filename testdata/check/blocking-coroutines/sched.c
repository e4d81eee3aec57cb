/* A ucontext scheduler: makecontext's function runs as a coroutine. */
#include <ucontext.h>
#include <stdio.h>
#include <unistd.h>
#include <netdb.h>

static ucontext_t sched_ctx, task_ctx;
static char task_stack[65536];

static void resolve(const char *host)
{
	struct addrinfo *ai;
	if (getaddrinfo(host, NULL, NULL, &ai) == 0) /* expect: blocking-dns */
		freeaddrinfo(ai);
}

static void task_main(void)
{
	resolve("example.org");
	swapcontext(&task_ctx, &sched_ctx);
}

void start_fetch(void);

int main(void)
{
	getcontext(&task_ctx);
	task_ctx.uc_stack.ss_sp = task_stack;
	task_ctx.uc_stack.ss_size = sizeof task_stack;
	task_ctx.uc_link = &sched_ctx;
	makecontext(&task_ctx, task_main, 0);
	resolve("localhost"); /* clean (the call): main */
	swapcontext(&sched_ctx, &task_ctx);
	start_fetch();
	return 0;
}
