/*
 * async.h — a small stackless-coroutine header for loopscope's fixtures,
 * in the style of Sandro Magi's async.h: an async function takes a state
 * struct that opens with ASYNC_STATE, begins with async_begin(state) and
 * closes with async_end; await(cond) returns ASYNC_CONT until cond holds, and
 * async_call(f, state) runs a child until it is done.
 */
#ifndef LOOPSCOPE_FIXTURE_ASYNC_H
#define LOOPSCOPE_FIXTURE_ASYNC_H

typedef enum { ASYNC_CONT = 0, ASYNC_DONE = 1 } async;

#define ASYNC_STATE unsigned async_k

#define ASYNC_DONE_K 0xffffu

#define async_init(state) ((state)->async_k = 0)
#define async_done(state) ((state)->async_k == ASYNC_DONE_K)

#define async_begin(state)                                                               \
	unsigned *async_kp = &(state)->async_k;                                          \
	switch (*async_kp) {                                                             \
	case 0:

#define async_end                                                                        \
	*async_kp = ASYNC_DONE_K;                                                        \
	case ASYNC_DONE_K:                                                               \
		return ASYNC_DONE;                                                       \
	}                                                                                \
	return ASYNC_DONE

#define await_while(cond)                                                                \
	*async_kp = __LINE__;                                                            \
	case __LINE__:                                                                   \
		if (cond)                                                                \
			return ASYNC_CONT
#define await(cond) await_while(!(cond))

/* Run child f(state) to completion: true once it is done. */
#define async_call(f, state) (async_done(state) || (f)(state) == ASYNC_DONE)

#endif
