/*
 * attach.c — `loopscope attach PID`: sample a running process until the
 * duration ends, Ctrl-C, or the target exits, then report its loop
 * stalls. The target is detached on every way out (sampler/session.c).
 */
#include <limits.h>

#include "cmd.h"
#include "common/opts.h"
#include "common/util.h"
#include "sampler/cli.h"
#include "sampler/proc.h"

int cmd_attach(int argc, char **argv)
{
	struct ls_cli_opts o = {0};
	const struct ls_opt opts[] = {LS_CLI_SAMPLER_OPTS(&o), LS_OPT_END()};
	const struct ls_cmd_usage usage = {"attach", "[options] PID",
					   "sample a running process and report loop stalls"};
	struct ls_args args;
	int rc = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (rc) {
		ls_strlist_free(&o.models);
		return rc > 0 ? 0 : 2;
	}
	/* The PID may follow "--" (as "-5" has to, to be refused as a PID). */
	const struct ls_strlist *pos = args.rest.n ? &args.rest : &args.pos;
	pid_t pid = 0;
	if (pos->n != 1 || (args.rest.n && args.pos.n)) {
		ls_error("attach needs one PID (see 'loopscope attach --help')");
		rc = 2;
	} else if (ls_proc_parse_pid(pos->v[0], &pid) < 0) {
		ls_error("attach: '%s' is not a PID (1 to %d)", pos->v[0], INT_MAX);
		rc = 2;
	} else if (ls_cli_check(&o) < 0) {
		rc = 2;
	} else {
		int status;
		rc = ls_cli_sample(pid, -1, &o, &status);
	}
	ls_args_free(&args);
	ls_strlist_free(&o.models);
	return rc;
}
