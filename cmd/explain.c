/*
 * explain.c — `loopscope explain [--framework NAME] RULE...`: everything
 * the catalog says about a rule (common/ruledoc.h). A misspelt rule is a
 * one-line error with the closest id as a suggestion (exit 2), so
 * `explain` also serves as a rule lookup.
 */
#include <stdio.h>

#include "cmd.h"
#include "common/opts.h"
#include "common/ruledoc.h"

int cmd_explain(int argc, char **argv)
{
	const char *framework = NULL;
	const struct ls_opt opts[] = {
		LS_OPT_STRING(0, "framework", &framework, "NAME",
			      "only this framework's fix and examples (libuv, libevent, libev, glib, sd-event, pcl, ucontext, posix, ...)"),
		LS_OPT_END(),
	};
	const struct ls_cmd_usage usage = {
		"explain", "[--framework NAME] RULE...",
		"Describe a rule: what it finds and why, the fix per framework, and a\n"
		"reported and a fixed example for each framework that has one.",
	};
	struct ls_args args;
	int rc = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (rc)
		return rc > 0 ? 0 : 2;
	if (args.pos.n == 0) {
		fputs("loopscope explain: which rule? (see 'loopscope rules' for the list)\n", stderr);
		ls_args_free(&args);
		return 2;
	}
	rc = ls_explain((const char *const *)args.pos.v, args.pos.n, framework);
	ls_args_free(&args);
	return rc;
}
