/*
 * svg.h — a self-contained SVG of a session: per loop thread a timeline
 * of the loop's busy stretches (stalls in red), and below it a flame
 * graph of the stall stacks (outermost frame at the bottom, width =
 * samples). No script, no external resources: it opens in any browser.
 */
#ifndef LS_SAMPLER_SVG_H
#define LS_SAMPLER_SVG_H

#include <stdio.h>

#include "sampler/session.h"

/* 0, or -1 on a write error. */
int ls_svg_write(struct ls_session *s, FILE *f);

#endif
