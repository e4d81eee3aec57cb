/*
 * pool.h — crash-isolated parallel work: each job runs in its own forked
 * process, at most `workers` at a time. A job that crashes or exits
 * non-zero costs that job only; the parent learns how it ended.
 */
#ifndef LS_POOL_H
#define LS_POOL_H

/* Runs in the child; its return value is the child's exit status. */
typedef int (*ls_pool_work)(int job, void *ud);
/* Runs in the parent when a job ends: status as from waitpid. */
typedef void (*ls_pool_done)(int job, int status, void *ud);

/* Returns 0, or -1 if processes could not be created at all. */
int ls_pool_run(int njobs, int workers, ls_pool_work work, ls_pool_done done, void *ud);

#endif
