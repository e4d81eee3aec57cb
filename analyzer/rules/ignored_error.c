/*
 * ignored_error.c — the ignored-error rule: the return value of a call
 * that starts I/O is discarded.
 *
 * A libuv/libevent/sd-event call that starts a request or registers a
 * watcher reports failure only through its return value; when that fails
 * the callback never runs, so dropping the value turns an error into a
 * silent hang. The models list such calls under `must_check` (with an
 * optional `unless` condition, e.g. a uv_fs_* request without callback is
 * synchronous and covered by other rules) and the calls that can only fail
 * on programmer error under `programmer_error_only`, which are never
 * reported even when a `must_check` glob matches them.
 *
 * Discarded means the call is an expression statement, the unbraced body
 * of if/else/while/do/case/label, or the left operand of a comma. A cast
 * to void is a deliberate discard and is not reported. Reported at the
 * call.
 */
#include <stdlib.h>

#include "analyzer/rules/async_scan.h"
#include "common/util.h"

void ls_rule_ignored_error(struct ls_intra *in, CXCursor fn, const char *name, const char *usr)
{
	const struct ls_async_fn *f = ls_async_scan(in->tu, fn);
	for (int i = 0; i < f->ncalls; i++) {
		const struct ls_async_call *k = &f->calls[i];
		if (!*k->name)
			continue;
		const char *model = NULL;
		const json_t *e = ls_async_model_find(in->cat, "must_check", k->name, &model);
		if (!e || ls_async_use(f, k->node)->use != LS_USE_DISCARDED ||
		    ls_async_model_lists(in->cat, "programmer_error_only", k->name) ||
		    ls_async_unless(e, k))
			continue;
		char *msg = ls_xasprintf("the return value of %s() is discarded: if the call "
					 "fails, the error is lost and its callback never runs",
					 k->name);
		ls_async_report(in, "ignored-error", k->call, name, model, msg);
		free(msg);
	}
}
