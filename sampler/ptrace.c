/*
 * ptrace.c — see ptrace.h. One rule governs the event handling: a stop
 * we did not ask for is resumed exactly as the kernel would have resumed
 * it without us (signal re-injected, group-stop kept with PTRACE_LISTEN),
 * so the target cannot tell it is traced except by the few microseconds a
 * sample costs.
 */
#include "sampler/ptrace.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>

#include "common/util.h"
#include "sampler/proc.h"
#include "sampler/unwind.h"

/* TRACESYSGOOD: a syscall-stop reports SIGTRAP | 0x80, never mistaken
 * for a signal to deliver. */
#define SEIZE_OPTIONS (PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD)
#define SYSCALL_STOP (SIGTRAP | 0x80)

static struct ls_pt_thread *find_thread(struct ls_pt *p, pid_t tid)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->t[i].tid == tid)
			return &p->t[i];
	return NULL;
}

struct ls_pt_thread *ls_pt_thread(struct ls_pt *p, pid_t tid)
{
	return find_thread(p, tid);
}

static struct ls_pt_thread *add_thread(struct ls_pt *p, pid_t tid)
{
	struct ls_pt_thread *t = find_thread(p, tid);
	if (t)
		return t;
	p->t = ls_xrealloc(p->t, (p->n + 1) * sizeof *p->t);
	t = &p->t[p->n++];
	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->is_new = 1;
	return t;
}

static void remove_thread(struct ls_pt *p, pid_t tid)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->t[i].tid == tid) {
			p->t[i] = p->t[--p->n];
			return;
		}
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int ls_pt_seize(struct ls_pt *p, pid_t pid, int own_child)
{
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->own_child = own_child;
	if (kill(pid, 0) < 0 && errno == ESRCH) {
		ls_error("cannot attach to PID %d: no such process", (int)pid);
		return -1;
	}
	/* A process that has exited but is not yet reaped refuses ptrace
	 * with EPERM, which no privilege would change. */
	char state = ls_proc_state(pid);
	if (state == 'Z' || state == 'X') {
		ls_error("cannot attach to PID %d: it has exited (a zombie its parent has not "
			 "reaped yet)", (int)pid);
		return -1;
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(long)SEIZE_OPTIONS) < 0) {
		int e = errno;
		int tracer = ls_proc_tracer(pid);
		char now = ls_proc_state(pid);
		if (e == ESRCH || now == 0)
			ls_error("cannot attach to PID %d: no such process (it has exited)", (int)pid);
		else if (now == 'Z' || now == 'X')
			ls_error("cannot attach to PID %d: it has exited (a zombie its parent has not "
				 "reaped yet)", (int)pid);
		else if (e == EPERM && tracer > 0)
			ls_error("cannot attach to PID %d: %s (already traced by PID %d)", (int)pid,
				 strerror(e), tracer);
		else if (e == EPERM)
			ls_error("cannot attach to PID %d: %s (ptrace refused: another user's "
				 "process, or kernel.yama.ptrace_scope; try as root)",
				 (int)pid, strerror(e));
		else
			ls_error("cannot attach to PID %d: %s", (int)pid, strerror(e));
		return -1;
	}
	add_thread(p, pid);
	/* Threads may be born while we seize; list again until a pass adds
	 * none. Once a thread is seized, its children arrive via TRACECLONE. */
	for (int added = 1; added;) {
		added = 0;
		pid_t *tids;
		int n = ls_proc_tids(pid, &tids);
		for (int i = 0; i < n; i++) {
			if (find_thread(p, tids[i]))
				continue;
			if (ptrace(PTRACE_SEIZE, tids[i], 0, (void *)(long)SEIZE_OPTIONS) == 0) {
				add_thread(p, tids[i]);
				added = 1;
			}
			/* ESRCH: the thread ended in between; nothing to hold. */
		}
		free(n >= 0 ? tids : NULL);
	}
	return 0;
}

/* Resume tid (stopped), at its syscalls too while it is traced so. */
static void resume(const struct ls_pt_thread *t, int sig)
{
	ptrace(t->sys ? PTRACE_SYSCALL : PTRACE_CONT, t->tid, 0, (void *)(long)sig);
}

/* A syscall-stop: handed to on_sys while the thread is traced so (a stop
 * left from before it was not is only resumed). Resumed unless held for
 * a sample (hold): a pending interrupt is satisfied by any ptrace stop,
 * so for a thread traced so the stop asked for may come as this one. */
static void syscall_stop(struct ls_pt *p, struct ls_pt_thread *t, int hold)
{
	pid_t tid = t->tid;
	struct __ptrace_syscall_info info;
	memset(&info, 0, sizeof info); /* filled by the kernel: tell Valgrind */
	p->sys_stops++;
	if (t->sys && p->on_sys &&
	    ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof info, &info) > 0 &&
	    (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_EXIT)) {
		struct ls_pt_sys e = {info.op == PTRACE_SYSCALL_INFO_EXIT,
				      info.op == PTRACE_SYSCALL_INFO_ENTRY ? (long)info.entry.nr : -1,
				      info.op == PTRACE_SYSCALL_INFO_ENTRY ? (long)info.entry.args[0] : -1,
				      {0},
				      info.op == PTRACE_SYSCALL_INFO_EXIT ? (long)info.exit.rval : 0,
				      info.stack_pointer};
		if (info.op == PTRACE_SYSCALL_INFO_ENTRY)
			memcpy(e.args, info.entry.args, sizeof e.args);
		int keep = p->on_sys(p->sys_ctx, tid, &e);
		if (!(t = find_thread(p, tid)))
			return;
		t->sys = keep;
	} else {
		t->sys = 0;
	}
	if (!hold)
		resume(t, 0);
}

int ls_pt_trace_syscalls(struct ls_pt *p, pid_t tid, int on)
{
	struct ls_pt_thread *t = find_thread(p, tid);
	if (!t)
		return -1;
	t->sys = on;
	return 0;
}

/* Resume a stop we did not ask for the way the kernel would have. */
static void handle_status(struct ls_pt *p, pid_t tid, int status)
{
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		remove_thread(p, tid);
		if (tid == p->pid) {
			p->exited = 1;
			p->status = status;
		}
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	struct ls_pt_thread *t = add_thread(p, tid);
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	/* Any ptrace stop satisfies an interrupt asked for before it (the
	 * kernel drops the pending trap): one still to come, if it was asked
	 * for during this stop, is only resumed when it comes. */
	t->interrupt_pending = 0;
	if (sig == SYSCALL_STOP && event == 0) {
		syscall_stop(p, t, 0);
		return;
	}
	switch (event) {
	case PTRACE_EVENT_CLONE: {
		unsigned long child;
		if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &child) == 0)
			add_thread(p, (pid_t)child);
		break;
	}
	case PTRACE_EVENT_EXEC:
		/* exec leaves one thread, now carrying the process id;
		 * what was traced of the old program is over. */
		p->execd = 1;
		t->sys = 0;
		for (size_t i = p->n; i-- > 0;)
			if (p->t[i].tid != p->pid && p->t[i].tid != tid)
				remove_thread(p, p->t[i].tid);
		break;
	case PTRACE_EVENT_STOP:
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
			/* group-stop: stay stopped, but let us hear SIGCONT */
			t->group_stopped = 1;
			ptrace(PTRACE_LISTEN, tid, 0, 0);
			return;
		}
		/* an interrupt (ours, late) or a new thread's first stop */
		t->group_stopped = 0;
		break;
	case 0:
		/* signal-delivery-stop: deliver the signal as if we were not here */
		t->group_stopped = 0;
		resume(t, sig);
		return;
	default:
		break;
	}
	/* by its id: adding or removing threads above moved the table */
	if ((t = find_thread(p, tid)))
		resume(t, 0);
}

int ls_pt_poll(struct ls_pt *p)
{
	/* Bounded: a process that spawns threads as fast as we resume them
	 * would otherwise keep us here forever; the rest waits a tick. */
	for (size_t budget = 64 + 4 * p->n; budget > 0; budget--) {
		int status;
		pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);
		if (tid <= 0)
			break;
		handle_status(p, tid, status);
	}
	if (!p->exited && p->n == 0)
		p->exited = 1; /* every thread gone (reaped by someone else) */
	return p->exited ? -1 : 0;
}

int ls_pt_wait(struct ls_pt *p, int timeout_ms)
{
	double end = now_ms() + timeout_ms;
	while (!p->exited) {
		int status;
		pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);
		if (tid > 0) {
			handle_status(p, tid, status);
			break;
		}
		if (now_ms() >= end)
			break;
		struct timespec ts = {0, 200000};
		nanosleep(&ts, NULL);
	}
	return ls_pt_poll(p);
}

/* Wait until tid reaches an interrupt stop, handling whatever else
 * arrives meanwhile. 1: stopped for us; 0: timed out; -1: thread gone
 * (or, without sigp, group-stopped: it stays so until continued).
 * With sigp (detaching), any stop will do: a group-stop, or a
 * signal-delivery-stop whose signal *sigp must then carry on. */
static int wait_interrupt_stop(struct ls_pt *p, pid_t tid, double timeout_ms, int *sigp)
{
	double end = now_ms() + timeout_ms;
	for (int spins = 0;; spins++) {
		int status;
		pid_t got = waitpid(tid, &status, __WALL | WNOHANG);
		if (got < 0)
			return -1;
		if (got == tid) {
			int event = (unsigned)status >> 16;
			if (WIFSTOPPED(status) && event == PTRACE_EVENT_STOP &&
			    (WSTOPSIG(status) == SIGTRAP || sigp))
				return 1;
			if (!sigp && WIFSTOPPED(status) && event == 0 && WSTOPSIG(status) == SYSCALL_STOP) {
				struct ls_pt_thread *t = find_thread(p, tid);
				if (!t)
					return -1;
				syscall_stop(p, t, 1);
				return find_thread(p, tid) ? 1 : -1;
			}
			if (sigp && WIFSTOPPED(status) && event == 0) {
				/* a syscall-stop carries no signal */
				*sigp = WSTOPSIG(status) == SYSCALL_STOP ? 0 : WSTOPSIG(status);
				return 1;
			}
			handle_status(p, tid, status);
			struct ls_pt_thread *t = find_thread(p, tid);
			/* gone, or now in a group-stop we listen through: no
			 * stop of ours will come until it is continued */
			if (!t || (!sigp && t->group_stopped))
				return -1;
		}
		if (now_ms() >= end)
			return 0;
		if (got == tid)
			continue;
		/* A running thread stops within microseconds; a thread in an
		 * uninterruptible sleep may not stop until it wakes. */
		if (spins > 50) {
			struct timespec ts = {0, 50000};
			nanosleep(&ts, NULL);
		}
	}
}

int ls_pt_sample(struct ls_pt *p, pid_t tid, const struct ls_maps *maps, unsigned char *stack,
		 size_t max, struct ls_pt_sample *out)
{
	return ls_pt_sample_within(p, tid, maps, stack, max, out, 20);
}

int ls_pt_sample_within(struct ls_pt *p, pid_t tid, const struct ls_maps *maps,
			unsigned char *stack, size_t max, struct ls_pt_sample *out,
			double timeout_ms)
{
	struct ls_pt_thread *t = find_thread(p, tid);
	if (!t || t->group_stopped || t->interrupt_pending)
		return -1;
	if (ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0)
		return -1;
	int r = wait_interrupt_stop(p, tid, timeout_ms, NULL);
	if (r <= 0) {
		if (r == 0 && (t = find_thread(p, tid)))
			t->interrupt_pending = 1; /* handle_status resumes it later */
		return -1;
	}
	int rc = ls_pt_capture(tid, maps, stack, max, out);
	if ((t = find_thread(p, tid)))
		resume(t, 0);
	return rc;
}

int ls_pt_capture(pid_t tid, const struct ls_maps *maps, unsigned char *stack, size_t max,
		  struct ls_pt_sample *out)
{
	if (ptrace(PTRACE_GETREGS, tid, 0, &out->regs) < 0)
		return -1;
	ssize_t n = ls_unw_read_stack(tid, maps, out->regs.rsp, stack, max);
	out->stack_addr = out->regs.rsp;
	out->stack_len = n > 0 ? (size_t)n : 0;
	return 0;
}

void ls_pt_detach(struct ls_pt *p)
{
	if (p->exited) {
		p->n = 0;
		return;
	}
	/* No more syscall tracing: a stop still to come is only resumed. */
	p->on_sys = NULL;
	for (size_t i = 0; i < p->n; i++)
		p->t[i].sys = 0;
	ls_pt_poll(p);
	/* PTRACE_DETACH needs a stopped tracee: interrupt each thread, wait
	 * for its stop (a syscall-stop will do: detaching also ends syscall
	 * tracing and drops the interrupt), detach — passing on a signal that arrived first, and
	 * leaving a group-stopped thread stopped, as it would be without us. */
	while (p->n > 0 && !p->exited) {
		pid_t tid = p->t[p->n - 1].tid;
		int sig = 0;
		ptrace(PTRACE_INTERRUPT, tid, 0, 0);
		int r = wait_interrupt_stop(p, tid, 2000, &sig);
		/* On a timeout the detach fails with ESRCH and the kernel
		 * releases the thread when loopscope exits; a thread that is
		 * gone (r < 0) has nothing left to release. */
		if (r >= 0 && find_thread(p, tid))
			ptrace(PTRACE_DETACH, tid, 0, (void *)(long)sig);
		remove_thread(p, tid);
	}
	p->n = 0;
}

void ls_pt_free(struct ls_pt *p)
{
	free(p->t);
	p->t = NULL;
	p->n = 0;
}
