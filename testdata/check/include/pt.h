/*
 * pt.h — a small protothreads header for loopscope's fixtures, written in
 * the style of Adam Dunkels' protothreads: a protothread is a function
 * returning char whose body sits between PT_BEGIN and PT_END; local
 * continuations are switch/case labels on __LINE__, so a wait returns to
 * the caller and the next call resumes at the same line. Its locals do not
 * survive a wait (use statics or the state struct).
 */
#ifndef LOOPSCOPE_FIXTURE_PT_H
#define LOOPSCOPE_FIXTURE_PT_H

typedef unsigned short lc_t;
struct pt {
	lc_t lc;
};

#define PT_WAITING 0
#define PT_YIELDED 1
#define PT_EXITED 2
#define PT_ENDED 3

#define PT_INIT(pt) ((pt)->lc = 0)
#define PT_THREAD(name_args) char name_args

#define PT_BEGIN(pt)                                                                     \
	{                                                                                \
		char pt_yielded = 1;                                                     \
		(void)pt_yielded;                                                        \
		switch ((pt)->lc) {                                                      \
		case 0:

#define PT_END(pt)                                                                       \
	}                                                                                \
	PT_INIT(pt);                                                                     \
	return PT_ENDED;                                                                 \
	}

/* Wait until a condition holds; the function returns PT_WAITING meanwhile. */
#define PT_WAIT_UNTIL(pt, cond)                                                          \
	do {                                                                             \
		(pt)->lc = __LINE__;                                                     \
	case __LINE__:                                                                   \
		if (!(cond))                                                             \
			return PT_WAITING;                                               \
	} while (0)
#define PT_WAIT_WHILE(pt, cond) PT_WAIT_UNTIL((pt), !(cond))

/* Run a child protothread until it exits or ends. */
#define PT_SCHEDULE(f) ((f) < PT_EXITED)
#define PT_WAIT_THREAD(pt, thread) PT_WAIT_WHILE((pt), PT_SCHEDULE(thread))
#define PT_SPAWN(pt, child, thread)                                                      \
	do {                                                                             \
		PT_INIT((child));                                                        \
		PT_WAIT_THREAD((pt), (thread));                                          \
	} while (0)

#define PT_YIELD(pt)                                                                     \
	do {                                                                             \
		pt_yielded = 0;                                                          \
		(pt)->lc = __LINE__;                                                     \
	case __LINE__:                                                                   \
		if (pt_yielded == 0)                                                     \
			return PT_YIELDED;                                               \
	} while (0)

#define PT_EXIT(pt)                                                                      \
	do {                                                                             \
		PT_INIT(pt);                                                             \
		return PT_EXITED;                                                        \
	} while (0)

#endif
