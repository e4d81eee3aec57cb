/*
 * belief.h — what a program believes about a callee's failure, read from
 * how it treats the callee's result across all its call sites (deviance,
 * as in Engler et al., "Bugs as deviant behavior"). The ignored-error rule
 * records every call site of a must_check callee in its TU's facts
 * (analyzer/rules/ignored_error.c); the link step counts them over the
 * whole program, once per site however many TUs compile it, and each
 * ignored-error finding is weighed against the count for its callee.
 */
#ifndef LS_BELIEF_H
#define LS_BELIEF_H

#include <jansson.h>

/* Fewest call sites in the program that show a habit, not a few choices. */
#define LS_BELIEF_MIN_SITES 10
/* A callee checked at no more than this share (percent) of at least
 * LS_BELIEF_MIN_SITES sites is one the program never checks: its
 * unchecked calls are notes. One site in ten may check a rare failure
 * locally without changing what the program holds. */
#define LS_BELIEF_NEVER_PCT 10
/* A callee checked at least at this share of at least
 * LS_BELIEF_USUAL_OTHERS other sites is one the program checks: the
 * finding says so, as the strongest reason to act on it. */
#define LS_BELIEF_USUALLY_PCT 80
#define LS_BELIEF_USUAL_OTHERS 3

/* Count the call sites in the summaries' facts: callee -> {sites,
 * checked}. The caller owns the result. */
json_t *ls_belief_count(const json_t *summaries);

/* Weigh an ignored-error finding (one with "callee") against the counts:
 * demote it (a "demoted" reason) when the program never checks the
 * callee, or add the count to its message when it usually does. */
void ls_belief_apply(const json_t *counts, json_t *finding);

#endif
