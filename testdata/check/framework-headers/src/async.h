/* The program's own asynchronous job queue: a header named async.h that is
 * not the stackless-coroutine async.h (it defines no async_begin). */
#ifndef FIXTURE_OWN_ASYNC_H
#define FIXTURE_OWN_ASYNC_H

typedef void (*async_fn)(void *arg);

int async_submit(async_fn fn, void *arg);
void async_drain(void);

#endif
