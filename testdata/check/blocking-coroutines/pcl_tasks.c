/* PCL coroutines: the bodies run on the scheduler's (loop) thread. */
#include <pcl.h>
#include <stdio.h>
#include <unistd.h>

static void fetch_body(void *arg)
{
	(void)arg;
	sleep(1); /* expect: blocking-sleep */
	co_resume();
}

void start_fetch(void)
{
	coroutine_t co = co_create(fetch_body, NULL, NULL, 32768);
	co_call(co);
	co_delete(co);
}
