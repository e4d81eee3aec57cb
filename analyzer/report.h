/*
 * report.h — findings out: compiler-style text, JSON, SARIF 2.1.0.
 *
 * Text is what a C programmer's editor and eyes already parse:
 *   file:line:col: warning: message [rule]
 *    LINE | source line
 *         |     ^
 *   file:line:col: note: ...       (the chain that makes the finding true)
 *     fix: ...
 * Paths are shown relative to the current directory when below it.
 */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "common/catalog.h"

enum ls_format { LS_FORMAT_TEXT, LS_FORMAT_JSON, LS_FORMAT_SARIF };

struct ls_report_opts {
	enum ls_format format;
	int color;
	const char *version;
};

/* Severity rank: error 3, warning 2, note 1, unknown/none 0. */
int ls_severity_rank(const char *sev);

/* A stable fingerprint of a finding: rule, file, function and the
 * normalised text of the source line (not its number), so inserting lines
 * above it does not change it. Sets "fingerprint" on every finding. */
void ls_report_fingerprint(json_t *findings);

/* Write the findings. stats is an object merged into the JSON "stats". */
int ls_report_write(FILE *out, json_t *findings, json_t *stats, const struct ls_catalog *cat,
		    const struct ls_report_opts *opts);

/* Write the answers of ls_link_why: per definition, "file:line: message"
 * and the notes that show it (text), or {"tool", "version", "why": [...]}
 * (json; sarif is written as json: it has no place for them). */
int ls_report_why(FILE *out, json_t *verdicts, const struct ls_report_opts *opts);

/* Parse "text"/"json"/"sarif"; -1 if unknown. */
int ls_format_parse(const char *s);

#endif
