/*
 * check.h — the report options `loopscope check` and `loopscope link`
 * share, declared once so both commands spell and document them alike.
 * What they do is analyzer/pipeline.h's.
 */
#ifndef LS_CMD_CHECK_H
#define LS_CMD_CHECK_H

#include "analyzer/pipeline.h"
#include "common/opts.h"

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

#endif
