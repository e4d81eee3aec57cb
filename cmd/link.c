/*
 * link.c — `loopscope link DIR...`: the last step of a sharded analysis.
 *
 * `loopscope check --shard K/N --summaries-out DIR` writes one file per
 * translation unit of its shard (cmd/check.c): the TU's place in the
 * compile database, the number of files in it, the models digest, and its
 * summary or why it has none. link gathers them from every directory (or
 * file) named, puts the summaries back in compile-database order, and
 * runs the same pipeline as an unsharded `check` (analyzer/pipeline.h), so the
 * findings are identical. Files no shard covered are reported and make
 * the run fail, as files that could not be analyzed do.
 */
#include "cmd/check.h"

#include "cmd/cmd.h"

int cmd_link(int argc, char **argv)
{
	struct ls_check_opts o = {0};
	struct ls_opt opts[] = {
		LS_CHECK_REPORT_OPTIONS(o),
		LS_OPT_END(),
	};
	static const struct ls_cmd_usage usage = {
		"link", "[options] DIR...",
		"Merge the summaries that 'loopscope check --shard K/N --summaries-out DIR' wrote\n"
		"and report as one 'loopscope check' of the whole compile database would."};
	struct ls_args args;
	int pr = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (pr) {
		ls_strlist_free(&o.models);
		ls_strlist_free(&o.exclude);
		return pr > 0 ? 0 : 2;
	}
	int rc = ls_link_run(&o, &args);
	ls_args_free(&args);
	ls_strlist_free(&o.models);
	ls_strlist_free(&o.exclude);
	return rc;
}
