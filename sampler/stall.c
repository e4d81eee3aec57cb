/*
 * stall.c — see stall.h.
 */
#include "sampler/stall.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

/* Busy stretches kept for the timeline; beyond this the oldest matter
 * less than bounded memory on a long run against a busy server. */
#define MAX_SPANS 200000

void ls_stall_seg_init(struct ls_stall_seg *g, double threshold_ms, ls_stall_emit_fn *emit,
		       void *ctx)
{
	memset(g, 0, sizeof *g);
	g->threshold = threshold_ms / 1e3;
	g->emit = emit;
	g->ctx = ctx;
	g->open_gap = -1;
}

/* The reading of this observation, used up by it. */
static struct ls_stall_sched take_now(struct ls_stall_seg *g)
{
	struct ls_stall_sched r = g->now;
	g->now.known = 0;
	return r;
}

void ls_stall_sched(struct ls_stall_seg *g, double on_cpu, double runq_wait)
{
	g->now = (struct ls_stall_sched){on_cpu, runq_wait, 1};
}

/* close_slack: the gap before at_end when read at a round (stall.h's slack) */
static void close_run(struct ls_stall_seg *g, double end, int ongoing, double end_gap,
		      struct ls_stall_sched at_end, double close_slack)
{
	if (!g->nrun && !g->run_start_known)
		return;
	double start_gap = g->run_start_known ? g->run_start_gap
			   : g->have_idle     ? (g->run[0].t - g->last_idle) / 2
					      : 0;
	double start = g->run_start_known ? g->run_start
		       : g->have_idle     ? (g->last_idle + g->run[0].t) / 2
					  : g->run[0].t;
	/* Exact iterations too short to have been sampled stay off the
	 * timeline: a saturated loop has a hundred thousand a second. */
	if (g->nbusy < MAX_SPANS && (g->nrun || end - start >= g->threshold / 4)) {
		if (g->nbusy == g->capbusy) {
			g->capbusy = g->capbusy ? g->capbusy * 2 : 256;
			g->busy = ls_xrealloc(g->busy, g->capbusy * sizeof *g->busy);
		}
		g->busy[g->nbusy++] = (struct ls_stall_span){start, end};
	}
	if (end - start >= g->threshold && g->emit) {
		struct ls_stall s = {start, end, ongoing, g->run_before, 0, 0, 0, 0, -1,
				     start_gap + end_gap, g->run, g->nrun};
		if (g->open.known && at_end.known) {
			s.on_cpu = at_end.on_cpu - g->open.on_cpu;
			s.runq_wait = at_end.runq_wait - g->open.runq_wait;
			s.sched_known = 1;
			s.open_idle = g->open_idle;
			s.slack = g->open_idle ? close_slack : g->open_gap >= 0 ? g->open_gap + close_slack : -1;
		}
		g->emit(g->ctx, &s);
	}
	g->nrun = 0;
	g->run_start_known = 0;
	g->run_before = 0;
	g->open = at_end;
	g->open_idle = 0;
	g->open_gap = -1;
}

/* When the run's last sample was last seen so: a block seen on later
 * ticks, or followed to its end, was busy until then. */
static double last_seen(const struct ls_stall_seg *g)
{
	const struct ls_stall_sample *s = &g->run[g->nrun - 1];
	return s->t + s->span;
}

void ls_stall_boundary(struct ls_stall_seg *g, double t)
{
	if (!g->nrun || g->exact)
		return;
	double prev_t = last_seen(g);
	double mid = (prev_t + t) / 2;
	/* Closed by the reading at t when there is one (left for the busy
	 * observation at t): a wait for a CPU is credited when it ends, so
	 * the wait of a thread starved until just before t is only in that
	 * reading, not in the last busy one before. */
	int at_t = g->now.known;
	close_run(g, mid, 0, (t - prev_t) / 2, at_t ? g->now : g->last, at_t ? t - prev_t : 0);
	g->open_gap = at_t ? t - prev_t : -1;
	g->run_start = mid;
	g->run_start_gap = (t - prev_t) / 2;
	g->run_start_known = 1;
}

/* The thread was seen in its wait at t, with reading now: the next run
 * opens on it. */
static void seen_idle(struct ls_stall_seg *g, struct ls_stall_sched now, double t)
{
	g->open = now;
	g->open_idle = 1;
	g->open_gap = -1;
	g->have_idle = 1;
	g->last_idle = t;
}

void ls_stall_iter_begin(struct ls_stall_seg *g, double t)
{
	g->nrun = 0;
	g->open = take_now(g);
	g->open_gap = -1;
	g->exact = 1;
	g->iter_start = t;
	g->run_start = t;
	g->run_start_gap = 0;
	g->run_start_known = 1;
	if (!g->have_first) {
		g->have_first = 1;
		g->first_t = t;
	}
}

void ls_stall_wait_enter(struct ls_stall_seg *g, double t, double since, double paused)
{
	if (g->exact)
		return;
	struct ls_stall_sched now = take_now(g);
	if (g->nrun || g->run_start_known || g->run_before) {
		/* the earliest the stretch can have begun */
		double lo = g->run_start_known	   ? g->run_start - g->run_start_gap
			    : g->have_idle && g->nrun ? g->last_idle
			    : g->nrun		   ? g->run[0].t
						   : t;
		if (g->run_before) {
			/* under way at attach: only what was traced is known
			 * to be one iteration (a lower bound, as before) */
			if (since > g->run_start)
				g->run_start = since < t ? since : t;
			g->run_start_gap = 0;
			g->run_start_known = 1;
		} else if (since > lo) {
			if (since > t)
				since = t;
			/* Traced late (more unseen than half the threshold) and
			 * little traced (the iteration seen to run under half
			 * the threshold): a loop that never blocks most likely
			 * went round unseen; only what was traced is known. */
			double seen = (paused >= since ? paused : t) - since;
			int late = since - lo > g->threshold / 2 && seen < g->threshold / 2;
			g->run_start = late ? since : (lo + since) / 2;
			g->run_start_gap = late ? 0 : (since - lo) / 2;
			g->run_start_known = 1;
		}
		double end_gap = paused >= 0 && paused < t ? (t - paused) / 2 : 0;
		close_run(g, t - end_gap, 0, end_gap, now.known ? now : g->last, 0);
	}
	seen_idle(g, now, t);
}

void ls_stall_wait_return(struct ls_stall_seg *g, double t)
{
	if (g->exact || g->nrun || g->run_before)
		return;
	g->run_start = t;
	g->run_start_gap = 0;
	g->run_start_known = 1;
}

void ls_stall_iter_end(struct ls_stall_seg *g, double t)
{
	if (!g->exact)
		return;
	g->busy_s += t - g->iter_start;
	g->exact = 0;
	close_run(g, t, 0, 0, take_now(g), 0);
	g->nrun = 0;
	g->run_start_known = 0;
	g->have_idle = 1;
	g->last_idle = t;
}

void ls_stall_iter_abort(struct ls_stall_seg *g)
{
	g->exact = 0;
	g->nrun = 0;
	g->run_start_known = 0;
	g->run_before = 0;
}

double ls_stall_busy_ratio(const struct ls_stall_seg *g, double now)
{
	if (g->have_first) {
		double busy = g->busy_s + (g->exact ? now - g->iter_start : 0);
		return now > g->first_t ? busy / (now - g->first_t) : 0;
	}
	size_t n = g->idle_obs + g->busy_obs;
	return n ? (double)g->busy_obs / (double)n : 0;
}

void ls_stall_before(struct ls_stall_seg *g, double t)
{
	g->run_before = 1;
	g->run_start = t;
	g->run_start_gap = 0;
	g->run_start_known = 1;
	g->open = take_now(g);
	g->open_idle = 0;
	g->open_gap = -1;
}

void ls_stall_idle(struct ls_stall_seg *g, double t)
{
	g->idle_obs++;
	struct ls_stall_sched now = take_now(g);
	if (g->nrun)
		close_run(g, (last_seen(g) + t) / 2, 0, (t - last_seen(g)) / 2, now, 0);
	else if (g->run_before)
		close_run(g, t, 0, 0, now, 0);
	seen_idle(g, now, t);
	/* a next stretch starts after this, not at an edge known before it */
	g->run_start_known = 0;
}

void ls_stall_busy(struct ls_stall_seg *g, const struct ls_stall_sample *s)
{
	g->busy_obs++;
	g->last = take_now(g);
	if (!g->nrun && !g->run_start_known && !g->open.known)
		g->open = g->last, g->open_idle = 0, g->open_gap = -1; /* nothing observed before it */
	if (g->nrun == g->caprun) {
		g->caprun = g->caprun ? g->caprun * 2 : 64;
		g->run = ls_xrealloc(g->run, g->caprun * sizeof *g->run);
	}
	g->run[g->nrun++] = *s;
}

void ls_stall_finish(struct ls_stall_seg *g, double t)
{
	if (g->exact)
		g->busy_s += t - g->iter_start;
	struct ls_stall_sched now = take_now(g);
	if (g->nrun || g->exact || g->run_before)
		close_run(g, t, 1, 0, now.known ? now : g->last, 0);
	g->exact = 0;
}

void ls_stall_seg_free(struct ls_stall_seg *g)
{
	free(g->run);
	free(g->busy);
	memset(g, 0, sizeof *g);
}
