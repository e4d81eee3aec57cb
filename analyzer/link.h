/*
 * link.h — merge TU summaries into one program and evaluate the rules
 * that need the whole program.
 *
 * Functions are joined by USR into a call graph whose edges are direct
 * calls and indirect calls resolved by value flow: the summaries' flows
 * (extract.h) are solved to a fixpoint, so a call through a slot (a field
 * of a record type, a variable or array, a parameter, a return value)
 * reaches the functions whose address is stored there — also through
 * registration wrappers that store a parameter, through parameters of
 * indirect calls, and through tables of operations. A call whose slot
 * receives no function address leads nowhere: a function is never a
 * target just because its type matches. A flow counts only in the
 * programs (one per main) that reach the code holding it, by calls,
 * taken addresses and variables named (rapid type analysis on function
 * addresses); a context follows an indirect call to a target only in a
 * program where both run (link.c, "programs"), and a finding lists the
 * programs in which a whole chain of its context reaches it.
 * Calls on the child side of a fork (a test "== 0" of the result of fork
 * or of a function returning it) and on paths that end the process are
 * no edges. Contexts flow from roots along those edges, breadth first
 * from all roots at once, so each function keeps its shortest chain:
 *
 *   loop      callbacks handed to a model's registration API (directly or
 *             through a wrapper that forwards its function-pointer
 *             parameter), functions stored into a model's callback field,
 *             coroutine bodies, what the body of a loop driver calls,
 *             functions annotated loopscope::loop_callback or
 *             loopscope::coroutine, and config globs (loop_callbacks)
 *
 * A loop driver is a loop statement whose body reaches a wait (the models'
 * loop_waits where their conditions hold and the call can block: not a
 * poll with timeout 0 nor a poll of one fd; or one iteration of a
 * framework loop, loop_iterations)
 * through direct calls and indirect calls resolved by value flow, at most
 * MAX_WAIT_DEPTH (4) calls down, each function on the way waiting once per
 * call (a function whose wait sits in a loop of its own that does more
 * than retry it runs a whole loop, not one iteration). Its body is loop context; the code around it in
 * the same function is not. The wait it reaches is the loop's own, not a
 * blocking call, unless the driver itself runs in loop context (a
 * blocking helper's poll loop called from a callback).
 *   worker    work callbacks and thread start routines, loopscope::worker,
 *             and config globs (worker_functions)
 *
 * Gates (see link.c): a call behind a flag only an operator's signal
 * handler sets, in a framework's callback for such a signal, behind a
 * once-only guard, or whose success ends the process is a gate. Loop
 * context flows through gates only after it has reached all it can
 * without them; what only a gate leads to is loop context whose findings
 * are notes, with the gate's reason.
 *
 * Context rules then look at every call in a function of each context:
 * blocking-*, nested-loop-run and uv-sync-fs in loop context,
 * thread-affinity in worker context. Findings of the intraprocedural rules
 * (carried in the summaries) are merged in, all get severity and fix.
 */
#ifndef LS_LINK_H
#define LS_LINK_H

#include <jansson.h>

#include "analyzer/model.h"

struct ls_link_opts {
	const char *const *loop_globs; /* extra loop roots by function name */
	int nloop_globs;
	const char *const *worker_globs;
	int nworker_globs;
	const char *const *program_globs; /* main files of the programs that matter */
	int nprogram_globs;
};

/*
 * Link summaries (an array of summary objects; failed TUs are skipped)
 * and return the findings array, sorted by file, line, column, rule and
 * free of duplicates. Each finding: {rule, severity, file, line, column,
 * function, message, notes[], chain[{function, file, line}], fix,
 * framework}.
 */
json_t *ls_link(json_t *summaries, struct ls_models *m, const struct ls_link_opts *opts,
		json_t *stats);

/*
 * Why does FUNCTION run (or not) on a loop thread? One object per
 * definition of that name (none: no such function): {function, file,
 * line, verdict, message, notes[], chain[]}, verdict one of
 *   loop       in loop context; chain and notes from its root
 *   driver     it runs an event loop; a note per driver loop
 *   child      reached only on the child side of a fork (chain from there)
 *   worker     reached only from a thread without a loop of its own
 *   startup    reached only from main, outside any event loop
 *   unreached  none of these
 */
json_t *ls_link_why(json_t *summaries, struct ls_models *m, const struct ls_link_opts *opts,
		    const char *function);

/* Sort findings in place in report order: file, line, column, rule. */
void ls_findings_sort(json_t *findings);

#endif
