/*
 * stall.h — turning one loop thread's stream of observations into stalls.
 * An observation is either "idle" (the thread sat in its loop's own poll)
 * or "busy" (anywhere else, with what the sample saw). A stall is a busy
 * stretch longer than the threshold; its edges are put halfway between
 * the last idle and first busy observation (and the reverse at the end),
 * so with a sampling period P a stall is sized within ±P. A change of
 * blamed callback between two busy samples means the loop went round in
 * between, so it splits the stretch. Pure logic, fed by the session and
 * by unit tests alike.
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
};

struct ls_stall {
	double start, end;
	int ongoing; /* still busy when the session ended */
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
};

void ls_stall_seg_init(struct ls_stall_seg *g, double threshold_ms, ls_stall_emit_fn *emit,
		       void *ctx);
void ls_stall_idle(struct ls_stall_seg *g, double t);
void ls_stall_busy(struct ls_stall_seg *g, const struct ls_stall_sample *s);
/* End of the session at time t: a busy stretch still open is reported
 * (ongoing) when it already exceeds the threshold. */
void ls_stall_finish(struct ls_stall_seg *g, double t);
void ls_stall_seg_free(struct ls_stall_seg *g);

#endif
