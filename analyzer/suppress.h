/*
 * suppress.h — suppressions where the finding stands.
 *
 *   x = sleep(1);  // loopscope: ignore[blocking-sleep] the reason
 *   // loopscope: ignore-next-line[blocking-*, nested-loop-run] reviewed
 *   uv_run(loop, UV_RUN_NOWAIT);
 *
 * "ignore[...]" silences findings on its own line, "ignore-next-line[...]"
 * findings on the line below; the list holds rule ids or fnmatch globs,
 * and the text after ']' is the reason, for readers. The marker must sit
 * in a comment: a line comment, or a block comment (slash-star) opened
 * earlier on its line.
 *
 * Sources are scanned lazily and cheaply: a file is read only when a
 * finding lies in it (or when unused suppressions are wanted), and only
 * lines around a memmem() hit of the marker are parsed.
 */
#ifndef LS_SUPPRESS_H
#define LS_SUPPRESS_H

#include <jansson.h>
#include <stddef.h>

#include "common/strmap.h"

struct ls_sup {
	int line;      /* where the comment is */
	int column;
	int target;    /* the line it silences */
	char **rules;  /* globs */
	int nrules;
	int used;
};

struct ls_sup_set {
	struct ls_strmap files; /* absolute path -> struct ls_sup_file */
};

struct ls_sup_file {
	struct ls_sup *v;
	int n;
};

/* Parse the suppressions of a file's text (idempotent per path). */
const struct ls_sup_file *ls_sup_scan_text(struct ls_sup_set *s, const char *path,
					   const char *text, size_t len);
/* The same, reading the file (an unreadable file has none). */
const struct ls_sup_file *ls_sup_scan_file(struct ls_sup_set *s, const char *path);

/* Findings not silenced (a new array; each kept finding is shared with
 * the input). Suppressions that silence something are marked used.
 * *nsuppressed gets the number dropped. */
json_t *ls_sup_apply(struct ls_sup_set *s, json_t *findings, int *nsuppressed);

/* Findings of the pseudo-rule "unused-suppression" for every suppression
 * of the scanned files that silenced nothing, sorted by file and line. */
json_t *ls_sup_unused(const struct ls_sup_set *s);

void ls_sup_free(struct ls_sup_set *s);

#endif
