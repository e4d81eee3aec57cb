/*
 * ptrace.h — holding a process with PTRACE_SEIZE without disturbing it.
 * Every thread is seized (and threads born later are picked up through
 * PTRACE_O_TRACECLONE); a sample interrupts one thread, copies its
 * registers and stack, and resumes it at once. Every stop the target
 * would have seen anyway (signals, group-stops) is passed on untouched.
 * A thread may also be resumed with PTRACE_SYSCALL for a while
 * (ls_pt_trace_syscalls): each of its syscall entries and exits then
 * stops it and is handed to the caller's on_sys, which says whether to
 * go on; the stop is resumed at once either way.
 * ls_pt_detach() leaves every thread running and untraced; it is called on
 * every exit path, and the kernel's own detach on tracer exit backs it up
 * (no PTRACE_O_EXITKILL, so a killed loopscope leaves the target running).
 */
#ifndef LS_SAMPLER_PTRACE_H
#define LS_SAMPLER_PTRACE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "sampler/maps.h"

struct ls_pt_thread {
	pid_t tid;
	int group_stopped;     /* in a group-stop we listen through */
	int interrupt_pending; /* an interrupt whose stop has not arrived yet */
	int is_new;            /* born since the caller last looked (cleared by caller) */
	int sys;               /* resumed with PTRACE_SYSCALL: stops at every syscall entry and exit */
};

/* One syscall-stop of a thread traced so (PTRACE_GET_SYSCALL_INFO). */
struct ls_pt_sys {
	int exit;      /* 0 entry, 1 exit */
	long nr;       /* entry: the syscall */
	long arg0;     /* entry: its first argument */
	uint64_t args[6]; /* entry: all six */
	long ret;      /* exit: its return value */
	uint64_t sp;   /* user stack pointer */
};
/* Called at the stop, the thread held in it; returns 1 to stop it at its
 * next syscall entry or exit too, 0 to let it run untraced by syscall.
 * It must not stop, resume or wait for any thread. */
typedef int ls_pt_sys_fn(void *ctx, pid_t tid, const struct ls_pt_sys *e);

struct ls_pt {
	pid_t pid;
	struct ls_pt_thread *t;
	size_t n;
	int exited;      /* the whole process is gone */
	int status;      /* its wait status when exited */
	int execd;       /* it called exec since the caller last cleared this */
	int own_child;   /* we forked it (run): its exit status is ours to reap */
	ls_pt_sys_fn *on_sys; /* NULL: syscall-stops are only resumed */
	void *sys_ctx;
	size_t sys_stops;     /* syscall-stops handled, all threads */
};

/* Seize every thread of pid. On failure prints one error line naming the
 * PID and the reason, leaves nothing traced, returns -1. */
int ls_pt_seize(struct ls_pt *p, pid_t pid, int own_child);
/* Handle every pending stop/exit without blocking; 0, or -1 when the
 * process has exited (p->exited set). */
int ls_pt_poll(struct ls_pt *p);
/* Wait up to timeout_ms for any event of the process; then as ls_pt_poll. */
int ls_pt_wait(struct ls_pt *p, int timeout_ms);

/* A sample of one thread: registers plus up to max bytes of stack. */
struct ls_pt_sample {
	struct user_regs_struct regs;
	uint64_t stack_addr;
	size_t stack_len;
};
/* Interrupt tid, capture, resume. 0 on success; -1 when the thread is
 * gone or did not stop within 20 ms (it then carries on undisturbed; a
 * sampler must not wait longer on one thread than a period or two). */
int ls_pt_sample(struct ls_pt *p, pid_t tid, const struct ls_maps *maps, unsigned char *stack,
		 size_t max, struct ls_pt_sample *out);
/* The same, waiting up to timeout_ms for the stop: for a one-off capture
 * (dump), where a thread woken from a sleep may wait for a CPU for longer
 * than 20 ms on a loaded machine, and dropping it would lose its stack. */
int ls_pt_sample_within(struct ls_pt *p, pid_t tid, const struct ls_maps *maps,
			unsigned char *stack, size_t max, struct ls_pt_sample *out,
			double timeout_ms);
/* The thread tid as held, or NULL when it is not (gone, never seized). */
struct ls_pt_thread *ls_pt_thread(struct ls_pt *p, pid_t tid);
/* Stop tid at its syscalls (on) from its next resume on, or no longer;
 * -1 when it is not a thread held. */
int ls_pt_trace_syscalls(struct ls_pt *p, pid_t tid, int on);
/* Registers and up to max bytes of stack of tid, which is in a stop the
 * caller is handling (on_sys); 0, or -1. */
int ls_pt_capture(pid_t tid, const struct ls_maps *maps, unsigned char *stack, size_t max,
		  struct ls_pt_sample *out);
/* Leave every thread running and untraced; idempotent. */
void ls_pt_detach(struct ls_pt *p);
void ls_pt_free(struct ls_pt *p);

#endif
