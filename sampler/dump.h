/*
 * dump.h — every thread's stack of a running process, printed on stdout
 * (sampler/dump.c, `loopscope dump`).
 */
#ifndef LS_SAMPLER_DUMP_H
#define LS_SAMPLER_DUMP_H

#include <sys/types.h>

/* Seize pid, copy each thread's stack, detach, then print every thread
 * with its syscall and frames (file:line too unless no_lines). Returns
 * the exit status: 0, or 2 when no stack could be taken (the reason is
 * printed). */
int ls_dump(pid_t pid, int no_lines);

#endif
