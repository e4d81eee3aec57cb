/*
 * report.h — what a sampling session found, written out: the text summary
 * for a person on call, JSON for scripts (the contract in design.md:
 * pid, duration_s, rate_hz, threads, stalls, summary), and folded stacks
 * ("frame;frame;frame count" lines) for flame-graph tools.
 */
#ifndef LS_SAMPLER_REPORT_H
#define LS_SAMPLER_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "sampler/session.h"

void ls_report_text(struct ls_session *s, FILE *f);

/* Modules that left frames unnamed, in order of first appearance, for
 * the footer that says what names each had and how to get the rest. */
struct ls_report_missing_mod {
	const struct ls_sym_module *mod;
	const char *name; /* as frames show it (the name the program ran as) */
};
struct ls_report_missing {
	struct ls_report_missing_mod *v;
	size_t n;
	const char **unreadable; /* maps paths of files that could not be opened */
	size_t nunreadable;
};
/* Note f's module if f has no name. */
void ls_report_missing_add(struct ls_report_missing *r, const struct ls_unw_frame *f);
/* "missing symbols in MODULE (PATH): what it had" and "  to name every
 * frame: how", per module; "cannot read PATH: why" per unreadable file. */
void ls_report_missing_text(const struct ls_report_missing *r, const struct ls_sym_cache *c,
			    FILE *f);
void ls_report_missing_free(struct ls_report_missing *r);
/* The JSON report; caller decrefs. */
json_t *ls_report_json(struct ls_session *s);
/* Stall stacks in folded form, outermost frame first. -1 on write error. */
int ls_report_folded(struct ls_session *s, FILE *f);

/* Stall durations' p99 (nearest rank) in ms; 0 for none. Exposed for tests. */
double ls_report_p99(const double *ms, size_t n);

#endif
