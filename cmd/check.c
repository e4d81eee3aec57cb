/*
 * check.c — `loopscope check`: the static analyzer's command line; its
 * options, then the analyzer's pipeline (analyzer/pipeline.h).
 */
#include "cmd/check.h"

#include "cmd/cmd.h"

int cmd_check(int argc, char **argv)
{
	const char *compdb = NULL, *shard = NULL, *summaries_out = NULL, *cache_dir = NULL;
	int jobs = 0, no_cache = 0;
	struct ls_check_opts o = {0};
	struct ls_opt opts[] = {
		LS_OPT_STRING('p', "compile-commands", &compdb, "DIR",
			      "read DIR/compile_commands.json (default: search . and its parents)"),
		LS_OPT_INT('j', "jobs", &jobs, "N", "parse N files in parallel (default: number of CPUs)"),
		LS_CHECK_REPORT_OPTIONS(o),
		LS_OPT_STRING(0, "cache", &cache_dir, "DIR",
			      "keep summaries in DIR (default: $XDG_CACHE_HOME/loopscope,\n"
			      "                              else ~/.cache/loopscope)"),
		LS_OPT_BOOL(0, "no-cache", &no_cache, "neither read nor write the summary cache"),
		LS_OPT_STRING(0, "shard", &shard, "K/N",
			      "analyze only shard K of N of the files (with --summaries-out)"),
		LS_OPT_STRING(0, "summaries-out", &summaries_out, "DIR",
			      "write the summaries to DIR for 'loopscope link' instead of reporting"),
		LS_OPT_END(),
	};
	static const struct ls_cmd_usage usage = {
		"check", "[options] [FILE...] [-- COMPILER-FLAGS...]",
		"Analyze C sources for event-loop pitfalls: blocking calls reachable from loop\n"
		"callbacks and coroutines, leaked handles, missing awaits, nested loop runs,\n"
		"ignored errors and loop APIs called from worker threads."};
	struct ls_args args;
	int pr = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (pr) {
		ls_strlist_free(&o.models);
		ls_strlist_free(&o.exclude);
		return pr > 0 ? 0 : 2;
	}
	struct ls_check_jobs r = {compdb, shard, summaries_out, cache_dir, jobs, no_cache};
	int rc = ls_check_run(&o, &r, &args);
	ls_args_free(&args);
	ls_strlist_free(&o.models);
	ls_strlist_free(&o.exclude);
	return rc;
}
