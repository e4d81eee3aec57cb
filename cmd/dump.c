/*
 * dump.c — `loopscope dump PID`: every thread's stack, now, like eu-stack
 * (sampler/dump.h).
 */
#include <limits.h>

#include "cmd.h"
#include "common/opts.h"
#include "common/util.h"
#include "sampler/dump.h"
#include "sampler/proc.h"

int cmd_dump(int argc, char **argv)
{
	int no_lines = 0;
	const struct ls_opt opts[] = {
		LS_OPT_BOOL(0, "no-lines", &no_lines, "do not look up file:line (faster)"),
		LS_OPT_END(),
	};
	const struct ls_cmd_usage usage = {"dump", "[options] PID",
					   "print every thread's stack of a running process"};
	struct ls_args args;
	int rc = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (rc)
		return rc > 0 ? 0 : 2;
	pid_t pid = 0;
	if (args.pos.n != 1 || ls_proc_parse_pid(args.pos.v[0], &pid) < 0) {
		ls_error("dump needs one PID (1 to %d)", INT_MAX);
		ls_args_free(&args);
		return 2;
	}
	ls_args_free(&args);

	return ls_dump(pid, no_lines);
}
