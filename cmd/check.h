/*
 * check.h — what `loopscope check` and `loopscope link` share: the
 * report options (declared once, so both commands spell and document them
 * alike), the configuration file merged under them, and the pipeline
 * from linked summaries to the report and the exit status:
 *
 *   link ─► fingerprints ─► exclude ─► suppressions (+ unused ones)
 *        ─► --rules ─► --write-baseline ─► --baseline ─► group sites
 *        ─► hide notes ─► report, exit status
 *
 * Everything before grouping acts on sites, so suppressions and baselines
 * mean the same with --each-site and without (analyzer/group.h).
 *
 * Both commands feed the same summaries in the same order (the compile
 * database's), so a sharded run reports exactly what one run would.
 */
#ifndef LS_CMD_CHECK_H
#define LS_CMD_CHECK_H

#include <jansson.h>

#include "analyzer/config.h"
#include "analyzer/link.h"
#include "analyzer/model.h"
#include "common/catalog.h"
#include "common/opts.h"

/* What was given on the command line; NULL/0 when not given. */
struct ls_check_opts {
	const char *config, *format, *output, *rules, *fail_on, *color;
	const char *baseline, *write_baseline, *why;
	struct ls_strlist models, exclude;
	int no_config, report_unused, quiet, show_notes;
	int each_site, each_site_seen; /* --each-site / --no-each-site */
};

#define LS_CHECK_REPORT_OPTIONS(o)                                                            \
	LS_OPT_STRING(0, "format", &(o).format, "FMT", "text, json or sarif (default: text)"), \
	LS_OPT_STRING('o', "output", &(o).output, "FILE", "write the report to FILE"),        \
	LS_OPT_STRING(0, "rules", &(o).rules, "SEL",                                           \
		      "rules to run, e.g. 'blocking-*,-blocking-network' (default: all)"),    \
	LS_OPT_STRING(0, "fail-on", &(o).fail_on, "LEVEL",                                     \
		      "exit 1 on findings at or above error, warning (default),\n" \
		      "                              note, or none"),        \
	LS_OPT_BOOL(0, "show-notes", &(o).show_notes,                                         \
		    "list notes in the text report too (JSON and SARIF always\n"            \
		    "                              carry them)"),                                   \
	LS_OPT_BOOL_SEEN(0, "each-site", &(o).each_site,                                      \
			 "one finding per call site, not one per function for the\n"           \
			 "                              rules that group their sites",                \
			 &(o).each_site_seen),                                                        \
	LS_OPT_LIST(0, "model", &(o).models, "FILE", "load an extra framework model (repeatable)"), \
	LS_OPT_LIST(0, "exclude", &(o).exclude, "GLOB",                                        \
		    "neither analyze nor report files matching GLOB, relative to the current\n" \
		    "                              directory (repeatable)"),                      \
	LS_OPT_STRING(0, "config", &(o).config, "FILE",                                        \
		      "read settings from FILE (default: .loopscope.yml in . or a parent)"),  \
	LS_OPT_BOOL(0, "no-config", &(o).no_config, "do not read any .loopscope.yml"),         \
	LS_OPT_STRING(0, "baseline", &(o).baseline, "FILE",                                    \
		      "report only findings not recorded in FILE"),                           \
	LS_OPT_STRING(0, "write-baseline", &(o).write_baseline, "FILE",                        \
		      "record this run's findings in FILE (for --baseline)"),                 \
	LS_OPT_BOOL(0, "report-unused-suppressions", &(o).report_unused,                       \
		    "report 'loopscope: ignore[...]' comments that silence nothing, as\n"     \
		    "                              warnings (they count for --fail-on)"),         \
	LS_OPT_STRING(0, "color", &(o).color, "WHEN", "auto, always or never"),                \
	LS_OPT_STRING(0, "why", &(o).why, "FUNCTION",                                          \
		      "instead of findings, tell whether FUNCTION runs on a loop thread:\n"  \
		      "                              the chain that puts it there, or why not"),     \
	LS_OPT_BOOL('q', "quiet", &(o).quiet, "no warnings or progress on stderr")

/* Settings after merging: command line over configuration over defaults. */
struct ls_check_ctx {
	struct ls_conf cfg; /* zeroed when no file was read */
	struct ls_catalog cat;
	const char *rules, *baseline, *write_baseline, *output, *why;
	char *baseline_abs;
	int format, color, fail_rank, report_unused, show_notes, each_site;
	struct ls_link_opts link;
};

/* Parse the report options, find and read the configuration, load the
 * catalog with every model. Returns 0, or 2 after printing an error. */
int ls_check_setup(struct ls_check_ctx *x, struct ls_check_opts *o);

/* Is this file excluded by the configuration or --exclude? */
int ls_check_excluded(const struct ls_check_ctx *x, const char *abspath);

/* Link the summaries (array indexed like the job list; null for files
 * not analyzed), filter, report. stats holds files/analyzed/failed and
 * more; failed > 0 makes the run fail. Returns the exit status. */
int ls_check_report(struct ls_check_ctx *x, struct ls_models *m, json_t *summaries, json_t *stats,
		    int failed, double t0_ms);

void ls_check_ctx_free(struct ls_check_ctx *x);

double ls_check_now_ms(void);

#endif
