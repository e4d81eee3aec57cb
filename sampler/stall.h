/*
 * stall.h — turning one loop thread's stream of observations into stalls.
 * An observation is either "idle" (the thread sat in its loop's own poll)
 * or "busy" (anywhere else, with what the sample saw). A stall is a busy
 * stretch longer than the threshold; its edges are put halfway between
 * the last idle and first busy observation (and the reverse at the end),
 * so with a sampling period P a stall is sized within ±P. A boundary seen
 * between two busy samples (the thread blocked in between) means the loop
 * went round, so it splits the stretch; another blamed callback does not:
 * one iteration may run several (breakdown.h tells them apart).
 * Where the kernel reports every wait (the perf path), iterations come
 * with exact edges instead (ls_stall_iter_*), and samples inside one only
 * describe it. Where the kernel's per-thread account is read at the
 * observations (ls_stall_sched), each stall also says how much of it the
 * thread spent on a CPU and how much waiting on a run queue for one.
 * Pure logic, fed by the session and by unit tests alike.
 */
#ifndef LS_SAMPLER_STALL_H
#define LS_SAMPLER_STALL_H

#include <stddef.h>

struct ls_stall_sample {
	double t;      /* seconds since the session started */
	int offcpu;    /* blocked in a syscall (else on CPU) */
	long nr;       /* that syscall, -1 when on CPU */
	long fd_arg;   /* its first argument */
	int stack;     /* stack id (the caller's table), -1 when none was taken */
	int callback;  /* blamed-callback id, -1 when unknown */
	double w;      /* seconds of the stall it stands for (0: one period) */
	int unknown;   /* its stack did not reach the loop's frames */
	double span;   /* seconds after t it was still seen so (a block seen on later ticks, or
			  followed by syscall-stops to its return); 0: an instant */
	int waiting;   /* runnable and given no CPU since the previous observation (w: that gap) */
};

/* The thread's cumulative scheduler account at one observation. */
struct ls_stall_sched {
	double on_cpu, runq_wait; /* seconds */
	int known;
};

struct ls_stall {
	double start, end;
	int ongoing; /* still busy when the session ended */
	int before;  /* already busy when first observed: began earlier, start unknown */
	/* On a CPU and waiting for one, between the observations around the
	 * stall (so over a little more than it); sched_known 0: not read. */
	double on_cpu, runq_wait;
	int sched_known;
	int open_idle;    /* read first where the thread sat in its wait: no run-queue wait straddles it */
	/* Seconds of runq_wait that may lie outside the stall: schedstat
	 * credits a wait when it ends, and a reading taken at a round (the
	 * thread blocked since the observation before) may hold a wait
	 * begun after that block, no earlier: so at most that gap at each
	 * edge closed or opened at a round, none at an edge read in the
	 * loop's wait; -1 when unbounded (opened with the thread busy). */
	double slack;
	double precision; /* +- on the duration: half the observation gaps at both edges */
	const struct ls_stall_sample *samples;
	size_t n;
};

struct ls_stall_span {
	double start, end;
};

typedef void ls_stall_emit_fn(void *ctx, const struct ls_stall *s);

struct ls_stall_seg {
	double threshold; /* seconds */
	ls_stall_emit_fn *emit;
	void *ctx;
	int have_idle;
	double last_idle;
	struct ls_stall_sample *run;
	size_t nrun, caprun;
	double run_start; /* edge of the current run when it began mid-stretch */
	double run_start_gap;
	int run_start_known;
	size_t idle_obs, busy_obs;
	struct ls_stall_span *busy; /* busy stretches for the timeline */
	size_t nbusy, capbusy;
	int exact;        /* edges from the kernel: an iteration is open */
	double iter_start;
	double busy_s;    /* busy time summed over exact iterations */
	double first_t;   /* first exact edge, for the busy ratio */
	int have_first;
	int run_before;   /* the open run was under way when observing began */
	struct ls_stall_sched now, open, last; /* at this observation, the run's opening one, the last busy one */
	int open_idle;    /* open was read at an idle observation */
	double open_gap;  /* open was read at a round this long after the observation before; -1 else */
};

void ls_stall_seg_init(struct ls_stall_seg *g, double threshold_ms, ls_stall_emit_fn *emit,
		       void *ctx);
/* The thread's scheduler account (cumulative seconds) at the observation
 * fed next; read once, by that observation. */
void ls_stall_sched(struct ls_stall_seg *g, double on_cpu, double runq_wait);
/* The thread was busy at t, its first observation: the run opening now
 * began before it (reported with before set, its start a lower bound). */
void ls_stall_before(struct ls_stall_seg *g, double t);
void ls_stall_idle(struct ls_stall_seg *g, double t);
void ls_stall_busy(struct ls_stall_seg *g, const struct ls_stall_sample *s);
/* The loop went round somewhere between the last busy sample and t. The
 * scheduler account given for the observation at t (ls_stall_sched
 * before this call) closes the run ended and opens the next; it is left
 * for that observation to use. */
void ls_stall_boundary(struct ls_stall_seg *g, double t);
/* Exact edges: the wait returned at t (an iteration begins), the wait
 * was entered at t (it ends: a stall when it lasted the threshold, with
 * or without samples inside), or edges were lost (forget the open one). */
void ls_stall_iter_begin(struct ls_stall_seg *g, double t);
/* Edges from syscall-stops (ptrace path): the loop entered its wait at t,
 * ending the busy stretch; every syscall of the thread has been seen from
 * `since` on, so the iteration that ended was under way then, and began
 * at or after the stretch's earliest edge: the start is put halfway
 * (exact when traced since before the stretch began; when tracing began
 * over half the threshold late and saw under half the threshold of it,
 * only what was traced is taken: no stall). When tracing was
 * paused in between (from `paused` until it resumed; -1: never), the
 * long iteration may have ended in the pause: the end is put halfway
 * between `paused` and t, else it is t, exact. The thread counts as idle
 * from t until the wait returned (ls_stall_wait_return), where the next
 * stretch begins, exactly. */
void ls_stall_wait_enter(struct ls_stall_seg *g, double t, double since, double paused);
void ls_stall_wait_return(struct ls_stall_seg *g, double t);
void ls_stall_iter_end(struct ls_stall_seg *g, double t);
void ls_stall_iter_abort(struct ls_stall_seg *g);
/* Fraction of time busy: exact where edges were known, else by samples. */
double ls_stall_busy_ratio(const struct ls_stall_seg *g, double now);
/* End of the session at time t: a busy stretch still open is reported
 * (ongoing) when it already exceeds the threshold. */
void ls_stall_finish(struct ls_stall_seg *g, double t);
void ls_stall_seg_free(struct ls_stall_seg *g);

#endif
