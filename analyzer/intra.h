/*
 * intra.h — the interface between the per-TU extractor and the
 * intraprocedural rules (handle-leak, close-then-free, missing-await, ...).
 *
 * The extractor parses a TU once and, for every function defined in the
 * main file, calls each rule registered in analyzer/rules/list.c. A rule
 * reacts by appending findings (ls_finding_new) to in->findings, and/or by
 * recording facts in in->facts for a link-time rule to combine across TUs
 * (a rule owns the keys it writes there, prefixed with its id). Both travel
 * in the TU summary, so intraprocedural rules run inside the parallel,
 * cached extraction — never in a second parse.
 */
#ifndef LS_INTRA_H
#define LS_INTRA_H

#include <clang-c/Index.h>
#include <jansson.h>

#include "common/catalog.h"

struct ls_intra {
	CXTranslationUnit tu;
	const struct ls_catalog *cat;
	json_t *findings; /* array: finding objects (see ls_finding_new) */
	json_t *facts;    /* object: rule-owned facts for link-time rules */
	const char *framework; /* model name of the framework the TU uses, or NULL */
};

/* One function definition: its cursor (CXCursor_FunctionDecl with body),
 * name and USR. */
typedef void (*ls_intra_rule_fn)(struct ls_intra *in, CXCursor fn,
				 const char *name, const char *usr);

struct ls_intra_rule {
	const char *name; /* for diagnostics; the rule ids it can emit */
	ls_intra_rule_fn fn;
};

/* Table in analyzer/rules/list.c, terminated by {NULL, NULL}. */
extern const struct ls_intra_rule ls_intra_rules[];

/*
 * A finding: {rule, file, line, column, function, message, notes:[...],
 * framework?}. file is absolute; the report makes it relative. Notes are
 * {file, line, column, message}, shown as "note:" lines in order.
 */
json_t *ls_finding_new(const char *rule, const char *file, unsigned line,
		       unsigned column, const char *function, const char *message);
json_t *ls_finding_at(const char *rule, CXCursor at, const char *function,
		      const char *message);
void ls_finding_note(json_t *finding, const char *file, unsigned line,
		     unsigned column, const char *message);
void ls_finding_note_at(json_t *finding, CXCursor at, const char *message);

/* Expansion location of a cursor (macro uses resolved to where they are
 * written): absolute file name (caller frees), line, column. */
char *ls_cursor_location(CXCursor c, unsigned *line, unsigned *column);

#endif
