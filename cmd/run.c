/*
 * run.c — `loopscope run [options] -- PROGRAM ARGS...`: start the program
 * and sample it from its first instruction. The child waits on a pipe
 * until it is seized, so no stall is missed at startup; loopscope then
 * exits with the program's own status (128 + signal if it was killed).
 */
#include "cmd.h"
#include "common/opts.h"
#include "common/util.h"
#include "sampler/cli.h"

int cmd_run(int argc, char **argv)
{
	struct ls_cli_opts o = {0};
	const struct ls_opt opts[] = {LS_CLI_SAMPLER_OPTS(&o), LS_OPT_END()};
	const struct ls_cmd_usage usage = {"run", "[options] -- PROGRAM [ARGS...]",
					   "start a program and report its loop stalls"};
	struct ls_args args;
	int rc = ls_opts_parse(argc, argv, opts, &usage, &args, 1);
	if (rc) {
		ls_strlist_free(&o.models);
		return rc > 0 ? 0 : 2;
	}
	/* The program is what follows "--", or the first positional. */
	struct ls_strlist *prog = args.rest.n ? &args.rest : &args.pos;
	if (!prog->n) {
		ls_error("run needs a program: loopscope run [options] -- PROGRAM [ARGS...]");
		rc = 2;
		goto out;
	}
	rc = ls_cli_run(&o, prog);
out:
	ls_args_free(&args);
	ls_strlist_free(&o.models);
	return rc;
}
