/* framework-headers: a header named event.h that is the program's own
 * (src/event.h, found through the program's -I) does not make the file a
 * libevent user: a finding reached from an annotated root takes the posix
 * framework and its fix, not libevent's, and the program's own event_*
 * functions are followed, not taken for libevent's opaque ones. */
#include <unistd.h>
#include "src/event.h"

#define LOOP_CALLBACK __attribute__((annotate("loopscope::loop_callback")))

void event_post(struct event *ev)
{
	if (ev->data)
		sleep(1); /* expect: blocking-sleep */
}

LOOP_CALLBACK void on_queue_event(struct event *ev);
void on_queue_event(struct event *ev)
{
	if (ev->type)
		sleep(1); /* expect: blocking-sleep */
	event_post(ev);
}
