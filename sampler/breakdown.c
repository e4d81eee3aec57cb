/*
 * breakdown.c — see breakdown.h.
 */
#include "sampler/breakdown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

struct at {
	double t;
	size_t i;
};

static int cmp_at(const void *a, const void *b)
{
	const struct at *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* Part index of callback id cb, added when new: an open-addressing table
 * (cap a power of two, over twice the samples) so a stall of thousands
 * of samples stays linear. */
static size_t part_of(struct ls_bd *b, int *slots, size_t cap, int cb)
{
	size_t k = (size_t)(((uint64_t)(unsigned)cb * 0x9e3779b97f4a7c15ULL) >> 32) & (cap - 1);
	while (slots[k] >= 0 && b->parts[slots[k]].callback != cb)
		k = (k + 1) & (cap - 1);
	if (slots[k] < 0) {
		slots[k] = (int)b->n;
		b->parts[b->n++] = (struct ls_bd_part){.callback = cb};
	}
	return (size_t)slots[k];
}

struct ranked {
	struct ls_bd_part p;
	size_t orig;
};

/* Largest time first; then heavier; then first seen. */
static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->p.time != y->p.time)
		return x->p.time > y->p.time ? -1 : 1;
	if (x->p.weight != y->p.weight)
		return x->p.weight > y->p.weight ? -1 : 1;
	return (x->orig > y->orig) - (x->orig < y->orig);
}

void ls_bd_compute(const struct ls_stall *s, double period, struct ls_bd *out)
{
	memset(out, 0, sizeof *out);
	size_t n = s->n;
	out->owner = ls_xmalloc((n ? n : 1) * sizeof *out->owner);
	for (size_t i = 0; i < n; i++)
		out->owner[i] = -1;
	/* Samples in time order; those naming a callback mark what ran. */
	struct at *order = ls_xmalloc((n ? n : 1) * sizeof *order);
	size_t ninf = 0;
	for (size_t i = 0; i < n; i++)
		order[i] = (struct at){s->samples[i].t, i};
	qsort(order, n, sizeof *order, cmp_at);
	size_t *inf = ls_xmalloc((n ? n : 1) * sizeof *inf); /* positions in order */
	for (size_t k = 0; k < n; k++)
		if (s->samples[order[k].i].callback >= 0)
			inf[ninf++] = k;
	if (!ninf) {
		free(order);
		free(inf);
		return;
	}
	size_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	int *slots = ls_xmalloc(cap * sizeof *slots);
	memset(slots, 0xff, cap * sizeof *slots);
	out->parts = ls_xcalloc(ninf, sizeof *out->parts);
	size_t *pidx = ls_xmalloc(ninf * sizeof *pidx); /* part of each informative sample */
	double *seen_to = ls_xmalloc(ninf * sizeof *seen_to);
	/* Wall time: each informative sample's own span, then the gap to the
	 * next by the rule in breakdown.h. */
	double prev_end = s->start;
	for (size_t j = 0; j < ninf; j++) {
		const struct ls_stall_sample *x = &s->samples[order[inf[j]].i];
		pidx[j] = part_of(out, slots, cap, x->callback);
		struct ls_bd_part *p = &out->parts[pidx[j]];
		double a = x->t < prev_end ? prev_end : x->t > s->end ? s->end : x->t;
		double b = x->t + x->span < a ? a : x->t + x->span > s->end ? s->end : x->t + x->span;
		double gap = a - prev_end;
		if (j == 0) {
			p->time += gap;
			p->precision += gap;
		} else if (pidx[j] == pidx[j - 1]) {
			p->time += gap;
		} else {
			struct ls_bd_part *q = &out->parts[pidx[j - 1]];
			q->time += gap / 2;
			q->precision += gap / 2;
			p->time += gap / 2;
			p->precision += gap / 2;
		}
		p->time += b - a;
		seen_to[j] = prev_end = b;
	}
	struct ls_bd_part *last = &out->parts[pidx[ninf - 1]];
	if (s->end > prev_end) {
		last->time += s->end - prev_end;
		last->precision += s->end - prev_end;
	}
	/* Every sample to the part whose time it falls in. */
	size_t j = 0;
	for (size_t k = 0; k < n; k++) {
		while (j + 1 < ninf && inf[j + 1] <= k)
			j++;
		size_t owner = pidx[j];
		if (k > inf[j] && j + 1 < ninf && pidx[j + 1] != pidx[j]) {
			double next_t = s->samples[order[inf[j + 1]].i].t;
			if (order[k].t >= (seen_to[j] + next_t) / 2)
				owner = pidx[j + 1];
		}
		const struct ls_stall_sample *x = &s->samples[order[k].i];
		double w = x->w > 0 ? x->w : period;
		struct ls_bd_part *p = &out->parts[owner];
		p->samples++;
		p->weight += w;
		p->off += x->offcpu ? w : 0;
		out->owner[order[k].i] = (int)owner;
	}
	/* Largest first; owners follow the parts to their new places. */
	struct ranked *by = ls_xmalloc(out->n * sizeof *by);
	for (size_t i = 0; i < out->n; i++)
		by[i] = (struct ranked){out->parts[i], i};
	qsort(by, out->n, sizeof *by, cmp_ranked);
	size_t *rank = ls_xmalloc(out->n * sizeof *rank);
	for (size_t r = 0; r < out->n; r++) {
		rank[by[r].orig] = r;
		out->parts[r] = by[r].p;
	}
	for (size_t i = 0; i < n; i++)
		if (out->owner[i] >= 0)
			out->owner[i] = (int)rank[out->owner[i]];
	free(by);
	free(rank);
	free(seen_to);
	free(pidx);
	free(slots);
	free(inf);
	free(order);
}

void ls_bd_free(struct ls_bd *b)
{
	free(b->parts);
	free(b->owner);
	memset(b, 0, sizeof *b);
}
