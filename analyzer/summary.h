/*
 * summary.h — reading TU summaries (analyzer/extract.h's format) back from
 * files loopscope did not just make itself: cache entries and the inputs
 * of `loopscope link`. Such a file may be truncated, edited or written by
 * another version, so it is checked against the format before the link
 * step trusts a single member (a missing usr must never reach a lookup).
 * Both entry points work on memory, for callers and fuzzing harnesses
 * alike; ls_sum_read reads the file (regular files only) first.
 */
#ifndef LS_SUMMARY_H
#define LS_SUMMARY_H

#include <jansson.h>
#include <stddef.h>

/* 0 if sum is a well-formed summary of this summary version; else -1 with
 * the first problem in err ("functions[3].usr: expected a string, not
 * nothing"). */
int ls_sum_check(const json_t *sum, char *err, size_t errlen);

/* Parse a JSON document from text (len bytes). NULL with "LINE:COL:
 * problem" in err when it is not JSON. */
json_t *ls_sum_parse(const char *text, size_t len, char *err, size_t errlen);

/* Read and parse the JSON file at path: NULL with the reason in err (a
 * FIFO or device is refused without blocking). */
json_t *ls_sum_read(const char *path, char *err, size_t errlen);

#endif
