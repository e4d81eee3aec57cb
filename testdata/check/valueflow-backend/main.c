/* Callbacks watched through io_loop_watch run on the loop; a function of
 * the same type that is never watched does not. */
#include <stdio.h>
#include <unistd.h>

#include "backend.h"

static void on_timer(struct io_loop *loop, int slot)
{
	(void)loop;
	(void)slot;
	usleep(200000); /* expect: blocking-sleep */
}

/* Same type as on_timer, handed to no one. */
static void on_unused(struct io_loop *loop, int slot)
{
	(void)loop;
	(void)slot;
	sleep(1); /* clean: never stored where the loop calls */
}

/* Same type as the backend's poll, never installed in a table. */
static int fake_poll(struct io_loop *loop, int timeout_ms)
{
	(void)loop;
	(void)timeout_ms;
	sleep(5); /* clean: never installed as a backend */
	return 0;
}

int main(void)
{
	static struct io_loop loop;
	FILE *f = fopen("/etc/app.conf", "r"); /* clean: startup, before the loop */
	if (f)
		fclose(f); /* clean: startup, before the loop */
	io_loop_init(&loop, &epoll_backend);
	io_loop_watch(&loop, 1, on_timer);
	printf("%p %p\n", (void *)on_unused, (void *)fake_poll);
	io_loop_run(&loop);
	return 0;
}
