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
 * A call whose failure comes only from running out of memory is held at
 * `note` (the report hides notes by default): `oom_only: true` on the
 * entry says so of every call (bufferevent_write appends to a buffer in
 * memory); `oom_only: {arg: N, made: [KIND...]}` says so when the object
 * at argument N is, everywhere the program makes it, one of these kinds
 * (the models' `objects`: a libevent event on no fd is a pure timer). An
 * object made in the argument itself is known by that call, decided here;
 * any other by the variable or field holding it, which the link step
 * decides once it has seen every TU's objmarks (analyzer/link.c).
 *
 * The program's own belief decides too (deviance, as in Engler et al.,
 * "Bugs as deviant behavior"): every call site of a must_check callee is
 * recorded in the TU's facts, "ignored-error": [{call, file, line,
 * column, checked}], and the link step counts them over the whole
 * program. A program that checks a callee at no more than one in ten of
 * at least ten sites holds that its failure is not one to handle: its
 * unchecked calls are notes. One that checks it at most other sites
 * keeps the finding a warning and says so ("checked at 9 of 10 other
 * sites"). Checked means the value is used at all (tested, stored,
 * returned, passed on), as in the count of a CHECKED_RETURN-style check.
 *
 * Discarded means the call is an expression statement, the unbraced body
 * of if/else/while/do/case/label, or the left operand of a comma. A cast
 * to void is a deliberate discard and is not reported. Reported at the
 * call.
 */
#include <fnmatch.h>
#include <stdlib.h>

#include "analyzer/cfg.h"
#include "analyzer/model.h"
#include "analyzer/rules/async_scan.h"
#include "common/util.h"

/* The variable, parameter or field an argument names once '&', '*',
 * parentheses and casts are stripped (the key extract.c gives objects);
 * NULL for anything else. Caller frees. */
static char *object_key(CXCursor a)
{
	for (int guard = 0; guard < 8 && !clang_Cursor_isNull(a); guard++) {
		a = ls_cfg_strip(a, 1);
		enum CXCursorKind k = clang_getCursorKind(a);
		if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
			CXCursor r = clang_getCursorReferenced(a);
			enum CXCursorKind rk = clang_getCursorKind(r);
			if (rk != CXCursor_VarDecl && rk != CXCursor_ParmDecl && rk != CXCursor_FieldDecl)
				return NULL;
			CXString u = clang_getCursorUSR(r);
			char *key = ls_xstrdup(clang_getCString(u));
			clang_disposeString(u);
			return key;
		}
		if (k != CXCursor_UnaryOperator)
			return NULL;
		unsigned n;
		CXCursor *kids = ls_cfg_children(a, &n);
		a = n == 1 ? kids[0] : clang_getNullCursor();
		free(kids);
	}
	return NULL;
}

/* The kind of the object made by a call that is itself the argument
 * (evsignal_add(evsignal_new(base, SIGTERM, cb, arg), NULL)): no variable
 * holds it, so this one place is every place making it. The kind is that
 * of the first `objects` entry for the callee's result (no `arg`) whose
 * conditions hold on the call's constant integer arguments; NULL when
 * none does. */
static const char *inline_kind(const struct ls_catalog *cat, CXCursor a)
{
	a = ls_cfg_strip(a, 1);
	if (clang_getCursorKind(a) != CXCursor_CallExpr)
		return NULL;
	char *name = ls_async_fn_name(clang_getCursorReferenced(a));
	int nargs = clang_Cursor_getNumArguments(a);
	json_t *args = json_array();
	for (int i = 0; i < nargs; i++) {
		CXCursor x = clang_Cursor_getArgument(a, (unsigned)i);
		CXType ty = clang_getCanonicalType(clang_getCursorType(x));
		json_t *o = json_object();
		long long v;
		if (ty.kind >= CXType_Bool && ty.kind <= CXType_Int128 && ls_cfg_eval_int(x, &v))
			json_object_set_new(o, "value", json_integer(v));
		json_array_append_new(args, o);
	}
	json_t *call = json_pack("{s:i, s:o}", "nargs", nargs, "args", args);
	const char *kind = NULL;
	size_t i, j;
	json_t *m, *e;
	json_array_foreach(name && *name ? cat->models : NULL, i, m) {
		json_array_foreach(json_object_get(m, "objects"), j, e) {
			const char *c = json_string_value(json_object_get(e, "call"));
			if (!kind && c && !json_object_get(e, "arg") && fnmatch(c, name, 0) == 0 &&
			    ls_model_conditions_hold(e, call, NULL))
				kind = json_string_value(json_object_get(e, "kind"));
		}
	}
	json_decref(call);
	free(name);
	return kind;
}

/* Mark a finding whose call fails only on out-of-memory, per the entry's
 * `oom_only` (see above). */
static void oom_only(json_t *finding, const json_t *entry, const struct ls_async_call *k,
		     const struct ls_catalog *cat)
{
	const json_t *oom = json_object_get(entry, "oom_only");
	if (json_is_true(oom)) {
		json_object_set_new(finding, "demoted",
				    json_string("the call fails only when memory runs out"));
		return;
	}
	const json_t *arg = json_object_get(oom, "arg"), *made = json_object_get(oom, "made");
	if (!json_is_integer(arg) || !json_is_array(made))
		return;
	CXCursor a = ls_async_call_arg(k->call, k->nargs, (int)json_integer_value(arg));
	const char *kind = inline_kind(cat, a);
	size_t i;
	json_t *want;
	json_array_foreach(kind ? made : NULL, i, want)
		if (ls_streq(json_string_value(want), kind)) {
			json_object_set_new(finding, "demoted",
					    json_string("the call fails only when memory runs out, given "
							"how the object it is passed is made"));
			return;
		}
	char *key = object_key(a);
	if (key)
		json_object_set_new(finding, "oom_only",
				    json_pack("{s:s, s:O}", "key", key, "made", made));
	free(key);
}

/* One call site of a must_check callee, checked or not, for the
 * program's belief about the callee (facts "ignored-error", see the top
 * of this file); a (void) cast is not a check. */
static void record_site(struct ls_intra *in, const struct ls_async_call *k, int checked)
{
	json_t *sites = json_object_get(in->facts, "ignored-error");
	if (!sites)
		json_object_set_new(in->facts, "ignored-error", sites = json_array());
	unsigned line, col;
	char *file = ls_cursor_location(k->call, &line, &col);
	json_array_append_new(sites, json_pack("{s:s, s:s, s:i, s:i, s:b}", "call", k->name,
					       "file", file, "line", (json_int_t)line,
					       "column", (json_int_t)col, "checked", checked));
	free(file);
}

/* Does the call pass a function (a callback it would run)? */
static int passes_callback(const struct ls_async_call *k)
{
	for (int i = 0; i < k->nargs; i++) {
		CXType t = clang_getCanonicalType(
			clang_getCursorType(clang_Cursor_getArgument(k->call, (unsigned)i)));
		if (t.kind == CXType_Pointer)
			t = clang_getCanonicalType(clang_getPointeeType(t));
		if (t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto)
			return 1;
	}
	return 0;
}

void ls_rule_ignored_error(struct ls_intra *in, CXCursor fn, const char *name, const char *usr)
{
	const struct ls_async_fn *f = ls_async_scan(in->tu, fn);
	for (int i = 0; i < f->ncalls; i++) {
		const struct ls_async_call *k = &f->calls[i];
		if (!*k->name)
			continue;
		const char *model = NULL;
		const json_t *e = ls_async_model_find(in->cat, "must_check", k->name, &model);
		if (!e || ls_async_model_lists(in->cat, "programmer_error_only", k->name) ||
		    ls_async_unless(e, k))
			continue;
		enum ls_use use = ls_async_use(f, k->node)->use;
		record_site(in, k, use != LS_USE_DISCARDED && use != LS_USE_VOID);
		if (use != LS_USE_DISCARDED)
			continue;
		char *msg = ls_xasprintf("the return value of %s() is discarded: if the call "
					 "fails, the error is lost%s",
					 k->name, passes_callback(k) ? " and its callback never runs" : "");
		json_t *finding = ls_async_report(in, "ignored-error", k->call, name, model, msg);
		json_object_set_new(finding, "callee", json_string(k->name));
		oom_only(finding, e, k, in->cat);
		free(msg);
	}
}
