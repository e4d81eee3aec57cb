/*
 * missing_finish.c — the missing-finish rule: a GAsyncReadyCallback that
 * never calls the matching *_finish and never hands its GAsyncResult on.
 *
 * In GIO every g_*_async call must be completed by its g_*_finish in the
 * callback: that is where the result and any GError are delivered, and
 * where the task is released. The model section `finish_pairs` lists the
 * async calls ({call, arg: the callback argument, param: the callback's
 * GAsyncResult parameter, finish: NAME}); without `finish` the finish
 * function is the call's name with `_async` replaced by `_finish`, and an
 * explicit entry is written where names do not pair. `arg` may name a
 * type instead of an index (arg: GAsyncReadyCallback): the parameter of
 * that type, which covers a program's own foo_async/foo_finish pairs.
 *
 * The callback counts as finishing when it calls the finish function, or
 * hands its GAsyncResult on: passes it to a function defined in another
 * TU, stores it, returns it, or passes it to a helper in this TU that
 * itself finishes or hands it on (followed three calls deep). A NULL
 * callback (fire and forget) is allowed by GIO and is not reported; a
 * callback defined in another TU is not analyzed. Reported at the
 * callback's name in its definition, with a note at the async call.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/rules/async_scan.h"
#include "common/util.h"

enum { MAX_HELPER_DEPTH = 3 };

/* Does function fn finish (call `finish`) or hand on its parameter pi? */
static int result_consumed(CXTranslationUnit tu, CXCursor fn, int pi, const char *finish,
			   int depth)
{
	CXCursor p = ls_async_param(fn, pi);
	if (ls_async_null(p))
		return 1; /* variadic or mismatched: assume it is used */
	struct ls_async_fn *b = ls_async_scan_fresh(tu, fn);
	int done = 0;
	for (int i = 0; i < b->ncalls && !done; i++)
		if (ls_streq(b->calls[i].name, finish))
			done = 1;
	for (int i = 0; i < b->nrefs && !done; i++) {
		const struct ls_async_ref *r = &b->refs[i];
		if (r->member || !ls_async_same(r->decl, p))
			continue;
		const struct ls_use_info *u = ls_async_use(b, r->node);
		switch (u->use) {
		case LS_USE_STORE:
		case LS_USE_INIT:
		case LS_USE_RETURN:
			done = 1;
			break;
		case LS_USE_ARG: {
			const struct ls_async_call *k = &b->calls[u->call];
			CXCursor def = ls_async_null(k->callee) ? clang_getNullCursor()
								: clang_getCursorDefinition(k->callee);
			if (!*k->name || ls_async_null(def) ||
			    !ls_async_in_main_file(def))
				done = 1; /* unknown function or pointer: handed on */
			else if (depth < MAX_HELPER_DEPTH && !clang_equalCursors(def, fn))
				done = result_consumed(tu, def, u->arg, finish, depth + 1);
			break;
		}
		default:
			break;
		}
	}
	ls_async_fn_free(b);
	return done;
}

/* The finish function paired with an async call (caller frees). */
static char *finish_name(const json_t *e, const char *call)
{
	const char *explicit = json_string_value(json_object_get(e, "finish"));
	if (explicit)
		return ls_xstrdup(explicit);
	size_t n = strlen(call);
	if (n > 6 && !strcmp(call + n - 6, "_async"))
		return ls_xasprintf("%.*s_finish", (int)(n - 6), call);
	return ls_xasprintf("%s_finish", call);
}

/* The index of the callee's parameter whose type is spelled type (a
 * callback typedef such as GAsyncReadyCallback), or INT_MIN. */
static int arg_of_type(const struct ls_async_call *k, const char *type)
{
	if (ls_async_null(k->callee))
		return INT_MIN;
	CXType ft = clang_getCursorType(k->callee);
	int n = clang_getNumArgTypes(ft);
	for (int i = 0; i < n; i++) {
		CXString ts = clang_getTypeSpelling(clang_getArgType(ft, (unsigned)i));
		int hit = ls_streq(clang_getCString(ts), type);
		clang_disposeString(ts);
		if (hit)
			return i;
	}
	return INT_MIN;
}

static int is_result_param(CXCursor p)
{
	CXString ts = clang_getTypeSpelling(clang_getCursorType(p));
	int ok = strstr(clang_getCString(ts), "GAsyncResult") != NULL;
	clang_disposeString(ts);
	return ok;
}

void ls_rule_missing_finish(struct ls_intra *in, CXCursor fn, const char *name, const char *usr)
{
	const struct ls_async_fn *f = ls_async_scan(in->tu, fn);
	for (int i = 0; i < f->ncalls; i++) {
		const struct ls_async_call *k = &f->calls[i];
		const char *model = NULL;
		const json_t *e = *k->name ? ls_async_model_find(in->cat, "finish_pairs", k->name,
								 &model)
					   : NULL;
		if (!e)
			continue;
		json_t *argv = json_object_get(e, "arg"), *paramv = json_object_get(e, "param");
		int pi = json_is_integer(paramv) ? (int)json_integer_value(paramv) : 1;
		int ai = json_is_integer(argv)  ? (int)json_integer_value(argv)
			 : json_is_string(argv) ? arg_of_type(k, json_string_value(argv))
						: INT_MIN;
		if (ai == INT_MIN)
			continue;
		CXCursor cb = ls_async_function_named(ls_async_call_arg(k->call, k->nargs, ai));
		if (ls_async_null(cb) || !is_result_param(ls_async_param(cb, pi)))
			continue;
		char *finish = finish_name(e, k->name);
		CXString cusr = clang_getCursorUSR(cb);
		char *key = ls_xasprintf("missing-finish\x1f%s\x1f%s", clang_getCString(cusr), finish);
		clang_disposeString(cusr);
		if (ls_async_once(in->tu, key) && !result_consumed(in->tu, cb, pi, finish, 0)) {
			char *cbname = ls_async_fn_name(cb);
			char *msg = ls_xasprintf("%s, the callback of %s(), never calls %s() nor hands "
						 "its GAsyncResult on: the result and any error "
						 "are lost",
						 cbname, k->name, finish);
			json_t *fd = ls_async_report(in, "missing-finish", cb, cbname, model, msg);
			char *note = ls_xasprintf("%s() is started here", k->name);
			ls_finding_note_at(fd, k->call, note);
			free(note);
			free(msg);
			free(cbname);
		}
		free(key);
		free(finish);
	}
}
