/*
 * config.h — `.loopscope.yml`, the project's checked-in settings for
 * `loopscope check` and `loopscope link`.
 *
 * The file is found in the current directory or its parents (or named
 * with --config) and holds, all optional:
 *
 *   rules: "blocking-*,-blocking-network"   (or a list of patterns)
 *   severity: {RULE-GLOB: error|warning|note, ...}
 *   models: [FILE...]            extra framework models, relative to the file
 *   loop_callbacks: [GLOB...]    functions that run on the loop thread
 *   worker_functions: [GLOB...]  functions that run on worker threads
 *   programs: [PATH-GLOB...]     the main files of the programs that matter
 *                                (relative to the file); findings only in
 *                                other programs (tests, benchmarks) are notes.
 *                                Without it, the programs that serve (link.c,
 *                                "programs of findings") matter when any does
 *   exclude: [PATH-GLOB...]      files neither analyzed nor reported
 *   fail_on: error|warning|note|none
 *   each_site: true|false        one finding per call site (default false:
 *                                a rule's sites in a function are one)
 *   baseline: FILE               relative to the file
 *
 * Command-line options win over the file; the caller does the merging. A
 * malformed file or a bad value is an error naming file, line and key; an
 * unknown key is a warning naming it.
 */
#ifndef LS_CONFIG_H
#define LS_CONFIG_H

#include "common/catalog.h"

#define LS_CONF_NAME ".loopscope.yml"

struct ls_conf_list {
	char **v;
	int n;
};

/* Path globs with the directory they are relative to. */
struct ls_conf_exclude {
	char **pat;
	char **base;
	int n;
};

struct ls_conf {
	char *path;     /* the file read, or NULL when there is none */
	char *dir;      /* its directory, absolute */
	char *rules;    /* selection, list items joined with ',' */
	char *fail_on;
	char *baseline; /* absolute */
	json_t *severity; /* {glob: level} or NULL */
	int severity_line, rules_line; /* where those keys are, for messages */
	int each_site;  /* one finding per site, not per function (group.h) */
	struct ls_conf_list models; /* absolute paths */
	struct ls_conf_list loop_callbacks, worker_functions, programs;
	struct ls_conf_exclude exclude;
};

/* The nearest .loopscope.yml in start or one of its parents (caller
 * frees), or NULL. */
char *ls_conf_find(const char *start);

/* Read path into c (zeroed first). 0, or -1 after printing an error that
 * names the file, the line and the key. */
int ls_conf_load(struct ls_conf *c, const char *path);
/* The same from text in memory (NUL-terminated at len, as ls_read_file
 * leaves a file); name is used in messages and to resolve relative paths. */
int ls_conf_load_string(struct ls_conf *c, const char *name, const char *text, size_t len);
void ls_conf_free(struct ls_conf *c);

/* Apply the severity overrides to the catalog's rules. -1 (error printed)
 * when a pattern names no rule. */
int ls_conf_apply_severity(const struct ls_conf *c, struct ls_catalog *cat);

/* Exclusion globs. A pattern is matched with fnmatch (a '*' also crosses
 * '/') against the path relative to its base directory, and against every
 * leading directory of it, so "vendor" excludes all of vendor/ and
 * "*.gen.c" generated files at any depth. A leading '/' anchors the
 * pattern at the base directory. */
void ls_conf_exclude_add(struct ls_conf_exclude *e, const char *pattern, const char *base);
int ls_conf_excluded(const struct ls_conf_exclude *e, const char *abspath);
void ls_conf_exclude_free(struct ls_conf_exclude *e);

#endif
