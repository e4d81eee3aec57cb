/*
 * pipeline.h — the analyzer's one pipeline, run by `loopscope check` and
 * by `loopscope link` (cmd/check.c, cmd/link.c hold only their options):
 *
 *   check: jobs (compile database or files and flags) ─► exclude ─► shard
 *          ─► cache hits ─► worker processes (analyzer/extract.c, pool.c)
 *          ─► summaries, written with --summaries-out, else reported below
 *   link:  summaries written by the shards ─► compile-database order
 *          ─► reported below
 *   report: link ─► fingerprints ─► exclude ─► suppressions (+ unused ones)
 *          ─► --rules ─► --write-baseline ─► --baseline ─► group sites
 *          ─► hide notes ─► report, exit status
 *
 * Everything before grouping acts on sites, so suppressions and baselines
 * mean the same with --each-site and without (analyzer/group.h). Both
 * commands feed the same summaries in the same order (the compile
 * database's), so a sharded run reports exactly what one run would. A TU
 * that fails costs that TU only: it is reported, and the run goes on.
 */
#ifndef LS_ANALYZER_PIPELINE_H
#define LS_ANALYZER_PIPELINE_H

#include "common/opts.h"

/* What was given on the command line; NULL/0 when not given. */
struct ls_check_opts {
	const char *config, *format, *output, *rules, *fail_on, *color;
	const char *baseline, *write_baseline, *why;
	struct ls_strlist models, exclude;
	int no_config, report_unused, quiet, show_notes;
	int each_site, each_site_seen; /* --each-site / --no-each-site */
};

/* What only `check` takes: where the jobs come from and how they run. */
struct ls_check_jobs {
	const char *compdb, *shard, *summaries_out, *cache_dir;
	int jobs, no_cache;
};

/* `loopscope check`: analyze the files (args: positional files, and
 * compiler flags after "--"), then report, or write the summaries with
 * --summaries-out. Returns the exit status: 0, 1 (findings at --fail-on
 * or files not analyzed), 2 (an error, printed). */
int ls_check_run(struct ls_check_opts *o, const struct ls_check_jobs *r, const struct ls_args *args);

/* `loopscope link`: merge the summaries in the files and directories
 * args names and report as one `check` of them all would. Returns the
 * exit status, as ls_check_run. */
int ls_link_run(struct ls_check_opts *o, const struct ls_args *args);

#endif
