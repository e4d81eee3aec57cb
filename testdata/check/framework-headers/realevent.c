/* framework-headers: the real look-alike of src/event.h. <event.h> found
 * in the system include directory is libevent's: a finding reached from an
 * annotated root takes the libevent framework (and its fix). */
#include <unistd.h>
#include <event.h>

#define LOOP_CALLBACK __attribute__((annotate("loopscope::loop_callback")))

LOOP_CALLBACK void on_base_event(int fd);
void on_base_event(int fd)
{
	if (fd < 0)
		sleep(1); /* expect: blocking-sleep */
}
