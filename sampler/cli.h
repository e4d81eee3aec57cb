/*
 * cli.h — the options and the flow `attach` and `run` share: one option
 * table (so their --help cannot drift apart), loading the rule data,
 * running a session and writing the reports it asks for.
 */
#ifndef LS_SAMPLER_CLI_H
#define LS_SAMPLER_CLI_H

#include <sys/types.h>

#include "common/opts.h"

struct ls_cli_opts {
	double duration, threshold, rate;
	int thread, live;
	/* given on the command line: 0 is then an error, not "the default" */
	int duration_set, threshold_set, rate_set, thread_set;
	const char *format, *folded, *svg, *output, *fail_on, *method;
	struct ls_strlist models;
};

/* The shared option entries; o must outlive the table. */
#define LS_CLI_SAMPLER_OPTS(o)                                                                  \
	LS_OPT_DOUBLE_SEEN('d', "duration", &(o)->duration, "S",                                \
			   "stop after S seconds (default: at Ctrl-C or when the target exits)",  \
			   &(o)->duration_set),                                                   \
	LS_OPT_DOUBLE_SEEN('t', "threshold", &(o)->threshold, "MS",                             \
			   "a loop busy longer than MS is a stall (default 100)",                 \
			   &(o)->threshold_set),                                                  \
	LS_OPT_DOUBLE_SEEN('r', "rate", &(o)->rate, "HZ",                                       \
			   "samples per second and thread (default 200: +-5 ms on a stall)",      \
			   &(o)->rate_set),                                                       \
	LS_OPT_INT_SEEN(0, "thread", &(o)->thread, "TID", "treat thread TID as the loop thread", \
			&(o)->thread_set),                                                        \
	LS_OPT_STRING(0, "method", &(o)->method, "HOW",                                          \
		      "perf (kernel tracepoints) or ptrace; default perf where allowed"),        \
	LS_OPT_STRING('f', "format", &(o)->format, "FMT", "report as text (default) or json"),  \
	LS_OPT_STRING('o', "output", &(o)->output, "FILE", "write the report to FILE"),          \
	LS_OPT_STRING(0, "folded", &(o)->folded, "FILE", "write stall stacks, folded, to FILE"), \
	LS_OPT_STRING(0, "svg", &(o)->svg, "FILE",                                              \
		      "write a flame graph of stall stacks with a busy timeline to FILE"),       \
	LS_OPT_BOOL(0, "live", &(o)->live, "print each stall on stderr as it ends"),            \
	LS_OPT_STRING(0, "fail-on", &(o)->fail_on, "LEVEL",                                      \
		      "exit 1 (attach) if a stall's rule is at least note, warning or error"),  \
	LS_OPT_LIST(0, "model", &(o)->models, "FILE", "an extra framework model (repeatable)")

/* Check option values; -1 after a usage error message. */
int ls_cli_check(const struct ls_cli_opts *o);
/* Sample pid and report. With --fail-on, attach exits 1 when a stall's
 * rule (a stall without one counts as a warning) is at that level or above.
 * For run, release_fd is the pipe end that holds
 * the forked child before its exec: closed once the child is seized, or on failure (-1
 * for attach). Returns the exit status for attach: 0, or 2 when it could
 * not attach. *target_status gets the target's wait status when it
 * exited while sampled (-1 otherwise). */
int ls_cli_sample(pid_t pid, int release_fd, const struct ls_cli_opts *o, int *target_status);
/* `loopscope run`: start prog (argv, prog->n >= 1) held before its exec,
 * sample it from its first instruction, report. Returns the program's
 * own exit status (128 + signal when killed or left stopped), or 2 when
 * it could not be started or sampled, or the report not written. */
int ls_cli_run(const struct ls_cli_opts *o, const struct ls_strlist *prog);

#endif
