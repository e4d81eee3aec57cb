/* framework-headers: a header named async.h that is the program's own job
 * queue (src/async.h, no async_begin) does not make the file a stackless
 * coroutine user: a finding reached from an annotated root takes the posix
 * framework, not protothreads. */
#include <unistd.h>
#include "src/async.h"

#define LOOP_CALLBACK __attribute__((annotate("loopscope::loop_callback")))

LOOP_CALLBACK void on_job_queued(void *arg);
void on_job_queued(void *arg)
{
	if (arg)
		sleep(1); /* expect: blocking-sleep */
	async_submit(0, arg);
}
