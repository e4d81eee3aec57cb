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
}

static void close_run(struct ls_stall_seg *g, double end, int ongoing, double end_gap)
{
	if (!g->nrun)
		return;
	double start_gap = g->run_start_known ? g->run_start_gap
			   : g->have_idle     ? (g->run[0].t - g->last_idle) / 2
					      : 0;
	double start = g->run_start_known ? g->run_start
		       : g->have_idle     ? (g->last_idle + g->run[0].t) / 2
					  : g->run[0].t;
	if (g->nbusy < MAX_SPANS) {
		if (g->nbusy == g->capbusy) {
			g->capbusy = g->capbusy ? g->capbusy * 2 : 256;
			g->busy = ls_xrealloc(g->busy, g->capbusy * sizeof *g->busy);
		}
		g->busy[g->nbusy++] = (struct ls_stall_span){start, end};
	}
	if (end - start >= g->threshold && g->emit) {
		struct ls_stall s = {start, end, ongoing, start_gap + end_gap, g->run, g->nrun};
		g->emit(g->ctx, &s);
	}
	g->nrun = 0;
	g->run_start_known = 0;
}

void ls_stall_idle(struct ls_stall_seg *g, double t)
{
	g->idle_obs++;
	if (g->nrun)
		close_run(g, (g->run[g->nrun - 1].t + t) / 2, 0, (t - g->run[g->nrun - 1].t) / 2);
	g->have_idle = 1;
	g->last_idle = t;
}

void ls_stall_busy(struct ls_stall_seg *g, const struct ls_stall_sample *s)
{
	g->busy_obs++;
	if (g->nrun) {
		const struct ls_stall_sample *prev = &g->run[g->nrun - 1];
		if (prev->callback >= 0 && s->callback >= 0 && prev->callback != s->callback) {
			/* Another callback: the loop went round in between. */
			double mid = (prev->t + s->t) / 2;
			close_run(g, mid, 0, (s->t - prev->t) / 2);
			g->run_start = mid;
			g->run_start_gap = (s->t - prev->t) / 2;
			g->run_start_known = 1;
		}
	}
	if (g->nrun == g->caprun) {
		g->caprun = g->caprun ? g->caprun * 2 : 64;
		g->run = ls_xrealloc(g->run, g->caprun * sizeof *g->run);
	}
	g->run[g->nrun++] = *s;
}

void ls_stall_finish(struct ls_stall_seg *g, double t)
{
	if (g->nrun)
		close_run(g, t, 1, 0);
}

void ls_stall_seg_free(struct ls_stall_seg *g)
{
	free(g->run);
	free(g->busy);
	memset(g, 0, sizeof *g);
}
