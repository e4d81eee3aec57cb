/*
 * breakdown.h — which callbacks one stall's time went to. A loop
 * iteration may run several callbacks (two timers due together, a batch
 * of ready fds), and the perf path knows the iteration's edges exactly
 * but not where one callback ends and the next begins; the samples show
 * which callback was on the stack at their time. The wall time between
 * two samples of the same callback is that callback's; between samples
 * of two callbacks the switch happened somewhere in the gap, so the gap
 * is split at its middle and each side is uncertain by half of it; the
 * stretch before the first sample and after the last, which no sample
 * saw, go to the first and last callback and are uncertain by their
 * whole length (with one callback seen, the stall is all its own, as
 * far as a sample saw: another callback may have run in what none saw,
 * e.g. a block no stop caught while the sampler waited for a CPU).
 * Samples without a callback (no stack, not unwound to the
 * loop, the loop's own code) say nothing about callbacks; each belongs
 * to the part whose time it falls in. Pure logic, unit-tested.
 */
#ifndef LS_SAMPLER_BREAKDOWN_H
#define LS_SAMPLER_BREAKDOWN_H

#include <stddef.h>

#include "sampler/stall.h"

struct ls_bd_part {
	int callback;      /* the samples' callback id */
	size_t samples;    /* samples it owns */
	double weight;     /* their weight (w, or one period when w is 0) */
	double off;        /* weight of those off-CPU */
	double time;       /* seconds of the stall attributed to it */
	double precision;  /* +- seconds on time */
};

struct ls_bd {
	struct ls_bd_part *parts; /* largest time first; none when no sample names a callback */
	size_t n;
	int *owner;               /* per sample of the stall, in its order: index into parts, -1 none */
};

/* Break stall s down by callback; period is the weight of a sample whose
 * w is 0. Linear in the samples but for one sort by time. */
void ls_bd_compute(const struct ls_stall *s, double period, struct ls_bd *out);
void ls_bd_free(struct ls_bd *b);

#endif
