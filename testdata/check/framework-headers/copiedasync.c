/* framework-headers: a copy of the stackless-coroutine async.h in the
 * program's tree (found through -I, not a system directory) is that
 * framework's header because it defines async_begin: a finding reached
 * from an annotated root takes the protothreads framework. */
#include <unistd.h>
#include <async.h>

#define LOOP_CALLBACK __attribute__((annotate("loopscope::loop_callback")))

LOOP_CALLBACK void on_job_done(int status);
void on_job_done(int status)
{
	if (status)
		sleep(1); /* expect: blocking-sleep */
}
