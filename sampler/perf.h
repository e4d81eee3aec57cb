/*
 * perf.h — loop iterations from the kernel, without stopping the target.
 * Per thread, perf_event_open(2) tracepoints on raw_syscalls:sys_enter and
 * sys_exit, filtered in the kernel to the wait syscalls the caller names,
 * give the exact time every wait was entered and returned (the edges of
 * every loop iteration); and restart_syscall's, as a wait a stop signal
 * interrupted is resumed (the caller tells it from any other syscall's
 * restart). A second ring buffer per loop thread carries
 * user registers plus a copy of the user stack from a task-clock sampler,
 * so on-CPU time is sampled and nothing else (what a blocked thread sits
 * in is the caller's to read from /proc), and, until the caller has one,
 * the stack at a wait's entry (the loop idling). The kernel's records of
 * the thread being switched out and in, and whether it was preempted
 * (left runnable) or blocked, tell its time on a CPU from its time
 * waiting for one within an iteration.
 *
 * The caller keeps the thread list and drains the buffers once per tick;
 * records come out per thread in time order. x86-64 only; elsewhere, or
 * when the kernel refuses (perf_event_paranoid, no tracefs), ls_perf_open
 * fails with the reason and the caller falls back to ptrace.
 */
#ifndef LS_SAMPLER_PERF_H
#define LS_SAMPLER_PERF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

enum ls_perf_kind {
	LS_PERF_WAIT_ENTER, /* a wait syscall entered: nr, args, sp */
	LS_PERF_WAIT_EXIT,  /* a wait syscall returned: nr, ret */
	LS_PERF_IDLE_STACK, /* stack at a wait's entry: regs, stack */
	LS_PERF_CPU_STACK,  /* task-clock sample, on CPU: regs, stack */
	LS_PERF_LOST,       /* records were lost: edges are unknown until the next exit */
	LS_PERF_SWITCH_OUT, /* taken off its CPU: preempt set when still runnable */
	LS_PERF_SWITCH_IN,  /* given a CPU */
};

struct ls_perf_rec {
	enum ls_perf_kind kind;
	pid_t tid;
	double t;            /* CLOCK_MONOTONIC, seconds */
	long nr;
	long ret;            /* exit: the syscall's return value */
	int preempt;
	uint64_t args[6];
	uint64_t sp;
	struct user_regs_struct regs;
	uint64_t stack_addr; /* == regs.rsp */
	const unsigned char *stack;
	size_t stack_len;
};

/* Which stack-carrying events of a thread are on. */
enum {
	LS_PERF_IDLE = 1,    /* wait-entry stacks */
	LS_PERF_SAMPLE = 2,  /* task-clock stacks */
};

struct ls_perf_thread;

struct ls_perf {
	struct ls_perf_thread *t;
	size_t n;
	uint32_t tp_enter, tp_exit;           /* tracepoint ids */
	char *filter;                         /* "id == N || ..." */
	char *edge_filter;                    /* ... || id == restart_syscall */
	uint64_t period_ns;                   /* task-clock sampling period */
	int exclude_kernel;
};

/* Probe: tracefs (mounted when missing and allowed, as perf does), the
 * tracepoints and the kernel's consent. nrs are the wait syscalls. 0, or
 * -1 with the reason in err. */
int ls_perf_open(struct ls_perf *p, const long *nrs, size_t n, double rate_hz, char *err,
		 size_t errlen);
/* Trace tid's waits. -1 with errno when refused or gone. */
int ls_perf_add(struct ls_perf *p, pid_t tid);
void ls_perf_remove(struct ls_perf *p, pid_t tid);
/* The i-th traced thread (i < p->n). */
pid_t ls_perf_tid(const struct ls_perf *p, size_t i);
/* Switch the stack events of tid (LS_PERF_IDLE | LS_PERF_SAMPLE) on or
 * off; their buffer is created on first use. */
void ls_perf_set(struct ls_perf *p, pid_t tid, int which);
int ls_perf_get(const struct ls_perf *p, pid_t tid);

typedef void ls_perf_fn(void *ctx, const struct ls_perf_rec *r);
/* Every record written since the last drain, per thread in time order.
 * Stack bytes are valid during the call only. */
void ls_perf_drain(struct ls_perf *p, ls_perf_fn *fn, void *ctx);
void ls_perf_close(struct ls_perf *p);

#endif
