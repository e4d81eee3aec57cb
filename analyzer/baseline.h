/*
 * baseline.h — adopt loopscope on a tree with findings: record them once
 * (--write-baseline FILE), then report only findings that are not in the
 * record (--baseline FILE).
 *
 * The file is JSON: {"tool", "version", "baseline_version": 1,
 * "findings": [{rule, file, function, fingerprint, line, message}]}.
 * Entries are matched by rule, file, function and fingerprint (a hash of
 * the finding's source line text, see ls_report_fingerprint), never by
 * line number, so code inserted above a finding does not bring it back;
 * line and message are there for people reading the file. Matching counts:
 * two recorded findings with the same key absorb two current ones, and a
 * third is new.
 */
#ifndef LS_BASELINE_H
#define LS_BASELINE_H

#include <jansson.h>

#include "common/strmap.h"

struct ls_base {
	struct ls_strmap counts; /* key -> remaining count (intptr_t) */
	int n;                   /* entries read */
};

/* Write findings (which carry "fingerprint") to path, atomically. 0, or
 * -1 after printing an error. */
int ls_base_write(const char *path, const json_t *findings, const char *version);

/* Read a baseline. 0, or -1 after printing an error naming the file. */
int ls_base_load(struct ls_base *b, const char *path);

/* Findings not in the baseline (a new array sharing the kept findings);
 * *nmatched gets the number absorbed by it. */
json_t *ls_base_filter(struct ls_base *b, const json_t *findings, int *nmatched);

void ls_base_free(struct ls_base *b);

#endif
