/*
 * unchecked_status.c — the unchecked-status rule: a callback whose
 * framework signature carries a status or error never reads it.
 *
 * Two model sections drive it:
 *
 *   status_callbacks: {call, arg, param}  the function passed as argument
 *     `arg` of `call` receives a status in parameter `param` (uv_connect_cb
 *     status, uv_read_cb nread, a bufferevent event callback's `what`).
 *     With `field: NAME` the status is a member of that parameter instead
 *     (uv_fs_cb: req->result); `via` lists accessor calls that read it
 *     (uv_fs_get_result) and `not_reading` calls that take the parameter
 *     without reading the status (uv_fs_req_cleanup, free).
 *   status_out_params: {call, arg, type}   argument `arg` of `call` is an
 *     error out-parameter (GError **) of that type; passing NULL and
 *     discarding the call's result loses the error.
 *
 * "Reads" is any use other than a cast to void or an assignment to it: a
 * status passed to a log call or to uv_strerror() counts as checked, and
 * so does the parameter handed to any other function in field mode, or a
 * mention inside a macro compiled to nothing (assert under NDEBUG). A
 * callback that never returns normally (a "must not be called" trap that
 * aborts) is not reported. The
 * callback is analyzed where it is registered (in whichever function makes
 * the call), once per TU; a callback defined in another TU or reached only
 * through a function pointer is not analyzed. Reported at the callback's
 * name in its definition, with a note at the registration.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/cfg.h"
#include "analyzer/rules/async_scan.h"
#include "common/util.h"

static int name_listed(const json_t *list, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (ls_streq(json_string_value(v), name))
			return 1;
	return 0;
}

/* Does the callback body read parameter p (or, with field, p's status
 * member)? */
static int status_read(const struct ls_async_fn *cb, CXCursor p, const json_t *e)
{
	const char *field = json_string_value(json_object_get(e, "field"));
	for (int i = 0; i < cb->nrefs; i++) {
		const struct ls_async_ref *r = &cb->refs[i];
		int mine = !r->member && ls_async_same(r->decl, p);
		if (!field && !mine)
			continue;
		if (field && r->member) {
			CXString s = clang_getCursorSpelling(r->decl);
			int hit = ls_streq(clang_getCString(s), field);
			clang_disposeString(s);
			if (!hit)
				continue;
		} else if (field && !mine) {
			continue;
		}
		const struct ls_use_info *u = ls_async_use(cb, r->node);
		if (u->use == LS_USE_VOID || u->use == LS_USE_WRITE)
			continue;
		if (!field || r->member)
			return 1;
		/* field mode, the parameter itself: handed to a helper or accessor */
		if (u->use == LS_USE_ARG &&
		    !name_listed(json_object_get(e, "not_reading"), cb->calls[u->call].name))
			return 1;
	}
	return 0;
}

/*
 * Is the parameter named in the body more often than the AST shows? A
 * mention inside a macro that expands to nothing in this build — assert()
 * under NDEBUG, a compiled-out log macro — is a check the author wrote;
 * the tokens still hold it. Called only before reporting.
 */
static int mentioned_in_vanished_macro(CXTranslationUnit tu, const struct ls_async_fn *cb,
				       CXCursor p)
{
	CXString ps = clang_getCursorSpelling(p);
	const char *pn = clang_getCString(ps);
	int ast = 0, toks = 0;
	if (pn && *pn) {
		for (int i = 0; i < cb->nrefs; i++)
			if (!cb->refs[i].member && ls_async_same(cb->refs[i].decl, p))
				ast++;
		CXToken *tv = NULL;
		unsigned n = 0;
		clang_tokenize(tu, clang_getCursorExtent(cb->fn), &tv, &n);
		for (unsigned i = 0; i < n; i++) {
			if (clang_getTokenKind(tv[i]) != CXToken_Identifier)
				continue;
			CXString ts = clang_getTokenSpelling(tu, tv[i]);
			toks += ls_streq(clang_getCString(ts), pn);
			clang_disposeString(ts);
		}
		clang_disposeTokens(tu, tv, n);
	}
	clang_disposeString(ps);
	/* one token is the declaration of the parameter itself */
	return toks - 1 > ast;
}

/* Is a TRUE/FALSE edge impossible because its condition is a constant? */
static int edge_impossible(const struct ls_cfg_edge *ed)
{
	if (ed->kind != LS_CFG_EDGE_TRUE && ed->kind != LS_CFG_EDGE_FALSE)
		return 0;
	CXEvalResult r = clang_Cursor_Evaluate(ed->cond);
	if (!r)
		return 0;
	int impossible = 0;
	if (clang_EvalResult_getKind(r) == CXEval_Int)
		impossible = (clang_EvalResult_getAsLongLong(r) != 0) != (ed->kind == LS_CFG_EDGE_TRUE);
	clang_EvalResult_dispose(r);
	return impossible;
}

/*
 * Does the function never return normally — every path ends in abort()
 * or the like, once constant conditions are folded? Such a callback is a
 * "must not be called" trap (ASSERT(0 && "unreachable")): its status
 * does not matter.
 */
static int never_returns(CXTranslationUnit tu, CXCursor fn)
{
	struct ls_cfg *g = ls_cfg_build(tu, fn);
	if (!g)
		return 0;
	char *seen = ls_xcalloc(g->nblocks, 1);
	unsigned *work = ls_xmalloc((g->nblocks + 1) * sizeof *work);
	unsigned n = 0;
	int reaches_exit = 0;
	work[n++] = g->entry;
	seen[g->entry] = 1;
	while (n && !reaches_exit) {
		const struct ls_cfg_block *b = &g->blocks[work[--n]];
		for (unsigned e = 0; e < b->nsucc; e++) {
			const struct ls_cfg_edge *ed = &b->succ[e];
			if (seen[ed->to] || edge_impossible(ed))
				continue;
			if (ed->to == g->exit)
				reaches_exit = 1;
			seen[ed->to] = 1;
			work[n++] = ed->to;
		}
	}
	free(work);
	free(seen);
	ls_cfg_free(g);
	return !reaches_exit;
}

static void check_callback(struct ls_intra *in, const struct ls_async_call *k,
			   const json_t *e, const char *model)
{
	json_t *argv = json_object_get(e, "arg"), *paramv = json_object_get(e, "param");
	if (!json_is_integer(argv) || !json_is_integer(paramv))
		return;
	CXCursor cb = ls_async_function_named(
		ls_async_call_arg(k->call, k->nargs, (int)json_integer_value(argv)));
	if (ls_async_null(cb))
		return;
	int pi = (int)json_integer_value(paramv);
	CXCursor p = ls_async_param(cb, pi);
	if (ls_async_null(p))
		return;
	CXString usr = clang_getCursorUSR(cb);
	char *key = ls_xasprintf("unchecked-status\x1f%s\x1f%d", clang_getCString(usr), pi);
	clang_disposeString(usr);
	int first = ls_async_once(in->tu, key);
	free(key);
	if (!first)
		return;
	struct ls_async_fn *body = ls_async_scan_fresh(in->tu, cb);
	if (!status_read(body, p, e) &&
	    (json_object_get(e, "field") || !mentioned_in_vanished_macro(in->tu, body, p)) &&
	    !never_returns(in->tu, cb)) {
		char *cbname = ls_async_fn_name(cb);
		CXString ps = clang_getCursorSpelling(p);
		const char *pn = clang_getCString(ps);
		const char *field = json_string_value(json_object_get(e, "field"));
		char *what = field ? ls_xasprintf("%s->%s", *pn ? pn : "its request", field)
				   : *pn ? ls_xasprintf("'%s'", pn)
					 : ls_xasprintf("its status (parameter %d)", pi + 1);
		char *msg = ls_xasprintf("%s never reads %s, the status %s() reports to it: a "
					 "failure is handled as if it were a success",
					 cbname, what, k->name);
		json_t *f = ls_async_report(in, "unchecked-status", cb, cbname, model, msg);
		char *note = ls_xasprintf("%s is the callback of %s() here", cbname, k->name);
		ls_finding_note_at(f, k->call, note);
		free(note);
		free(msg);
		free(what);
		clang_disposeString(ps);
		free(cbname);
	}
	ls_async_fn_free(body);
}

/* A *_finish(..., NULL) whose result is dropped: the error cannot be seen. */
static void check_out_param(struct ls_intra *in, CXCursor fn, const char *name,
			    const char *usr, const struct ls_async_fn *f,
			    const struct ls_async_call *k, const json_t *e, const char *model)
{
	json_t *argv = json_object_get(e, "arg");
	if (!json_is_integer(argv) || ls_async_use(f, k->node)->use != LS_USE_DISCARDED)
		return;
	int ai = (int)json_integer_value(argv);
	if (ai < 0)
		ai += k->nargs;
	CXCursor a = ls_async_call_arg(k->call, k->nargs, ai);
	if (ls_async_null(a) || !ls_async_is_null(a))
		return;
	const char *type = json_string_value(json_object_get(e, "type"));
	if (type && !ls_async_null(k->callee)) {
		CXType pt = clang_getArgType(clang_getCursorType(k->callee), (unsigned)ai);
		CXString ts = clang_getTypeSpelling(pt);
		int ok = strstr(clang_getCString(ts), type) != NULL;
		clang_disposeString(ts);
		if (!ok)
			return;
	}
	char *key = ls_xasprintf("unchecked-status-out\x1f%s", usr ? usr : name);
	int first = ls_async_once(in->tu, key);
	free(key);
	if (!first)
		return;
	char *msg = ls_xasprintf("%s calls %s() with a NULL error argument and drops its "
				 "result: a failed operation goes unnoticed",
				 name, k->name);
	json_t *fd = ls_async_report(in, "unchecked-status", fn, name, model, msg);
	ls_finding_note_at(fd, k->call, "the error is discarded here");
	free(msg);
}

void ls_rule_unchecked_status(struct ls_intra *in, CXCursor fn, const char *name,
			      const char *usr)
{
	const struct ls_async_fn *f = ls_async_scan(in->tu, fn);
	for (int i = 0; i < f->ncalls; i++) {
		const struct ls_async_call *k = &f->calls[i];
		if (!*k->name)
			continue;
		const char *model = NULL;
		const json_t *e = ls_async_model_find(in->cat, "status_callbacks", k->name, &model);
		if (e)
			check_callback(in, k, e, model);
		e = ls_async_model_find(in->cat, "status_out_params", k->name, &model);
		if (e)
			check_out_param(in, fn, name, usr, f, k, e, model);
	}
}
