/*
 * rules.c — `loopscope rules [--format text|json|man]`: the rule catalog
 * as a table, as data, or as the loopscope-rules(7) page
 * (common/ruledoc.h).
 */
#include <stdio.h>

#include "cmd.h"
#include "common/opts.h"
#include "common/ruledoc.h"
#include "common/util.h"

int cmd_rules(int argc, char **argv)
{
	const char *format = "text";
	const struct ls_opt opts[] = {
		LS_OPT_STRING(0, "format", &format, "FORMAT", "text, json or man (the loopscope-rules(7) page)"),
		LS_OPT_END(),
	};
	const struct ls_cmd_usage usage = {
		"rules", "[--format text|json|man]",
		"List every rule of the catalog: id, default severity and summary.",
	};
	struct ls_args args;
	int rc = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (rc)
		return rc > 0 ? 0 : 2;
	if (args.pos.n) {
		fprintf(stderr, "loopscope rules: unexpected argument '%s' (see 'loopscope explain RULE')\n",
			args.pos.v[0]);
		ls_args_free(&args);
		return 2;
	}
	ls_args_free(&args);
	if (!ls_streq(format, "text") && !ls_streq(format, "json") && !ls_streq(format, "man")) {
		fprintf(stderr, "loopscope rules: unknown format '%s' (text, json or man)\n", format);
		return 2;
	}
	return ls_rules_print(format);
}
