/* The program's own event queue: a header named event.h that is not
 * libevent's (it defines none of the names libevent's model declares). */
#ifndef FIXTURE_OWN_EVENT_H
#define FIXTURE_OWN_EVENT_H

struct event {
	int type;
	void *data;
};

void event_post(struct event *ev);
int event_pending_count(void);

#endif
