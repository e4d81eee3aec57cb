/*
 * missing_await.c — the missing-await rule: an async call whose result is
 * never awaited, joined, run or deleted.
 *
 * Three sources say a call is async:
 *
 *   - the model section `async`: {call, result, await, any_call_hands_on}.
 *     `result: return` (the default) means the handle is the return value,
 *     `result: {arg: N}` that it is written through argument N (&h);
 *     `await` lists the counterparts (co_call, co_delete for PCL's
 *     co_create). With `any_call_hands_on: true`, passing the handle to any
 *     function hands it on (a scheduler queue), not only to `await` ones.
 *   - __attribute__((annotate("loopscope::async"))) on the callee; its
 *     result must reach a function annotated loopscope::await.
 *   - protothreads / async.h: a function whose body expands a macro the
 *     models list under `coroutine_macros` is a stackless coroutine; one
 *     such function calling another as a plain statement, outside any
 *     macro listed under `await_macros` (PT_SPAWN, PT_WAIT_THREAD, await,
 *     ...), runs the child only to its first wait and drops it.
 *
 * A handle is handed on when it is passed to an await function, returned,
 * or stored into a struct field, array, *p, global or static. A result
 * that is discarded or only tested is reported; one kept in a local
 * variable is followed over the CFG (analyzer/cfg.h) and reported when
 * some path reaches the function's exit without handing it on — paths on
 * which a test shows the handle is NULL (creation failed) are pruned.
 * Reported at the call, with a note where the handle is lost.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer/cfg.h"
#include "analyzer/rules/async_scan.h"
#include "common/util.h"

/* What makes a call async, and what awaits it. */
struct spec {
	const json_t *entry; /* model entry, or NULL for an annotation */
	const char *model;
	int result_arg;      /* -1: the return value */
	int any_call;        /* any call hands the handle on */
	char *awaits;        /* "co_call() or co_delete()" for messages */
};

static int is_await_call(struct ls_intra *in, const struct spec *s,
			 const struct ls_async_call *k)
{
	if (s->any_call)
		return 1;
	if (s->entry) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(s->entry, "await"), i, v)
			if (ls_streq(json_string_value(v), k->name))
				return 1;
	}
	return ls_async_annotated(in->tu, k->callee, k->name, "loopscope::await");
}

/* Does ref r hand the handle on? */
static int hands_on(struct ls_intra *in, const struct spec *s, const struct ls_async_fn *f,
		    const struct ls_async_ref *r)
{
	const struct ls_use_info *u = ls_async_use(f, r->node);
	switch (u->use) {
	case LS_USE_RETURN:
		return 1;
	case LS_USE_STORE:
	case LS_USE_INIT:
		/* into a field/global, or an alias we do not follow */
		return 1;
	case LS_USE_ARG:
		return is_await_call(in, s, &f->calls[u->call]);
	default:
		return 0;
	}
}

static int refs_var(const struct ls_async_ref *r, CXCursor v)
{
	return !r->member && ls_async_same(r->decl, v);
}

static void extent_offsets(CXCursor c, unsigned *s, unsigned *e)
{
	CXSourceRange r = clang_getCursorExtent(c);
	clang_getExpansionLocation(clang_getRangeStart(r), NULL, NULL, NULL, s);
	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, e);
}

/* Is e (stripped) the variable v, or an assignment to it? */
static int is_var(CXTranslationUnit tu, CXCursor e, CXCursor v)
{
	e = ls_cfg_strip(e, 1);
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
		return ls_async_same(clang_getCursorReferenced(e), v);
	char buf[16];
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		const char *op = ls_cfg_operator(tu, e, buf);
		unsigned n;
		CXCursor *kids = ls_cfg_children(e, &n);
		int hit = op && !strcmp(op, "=") && n == 2 && is_var(tu, kids[0], v);
		free(kids);
		return hit;
	}
	return 0;
}

/* Is v known to be NULL when the edge is taken? */
static int null_on_edge(CXTranslationUnit tu, const struct ls_cfg_edge *ed, CXCursor v)
{
	if (ed->kind != LS_CFG_EDGE_TRUE && ed->kind != LS_CFG_EDGE_FALSE)
		return 0;
	int taken = ed->kind == LS_CFG_EDGE_TRUE;
	CXCursor c = ls_cfg_strip(ed->cond, 1);
	char buf[16];
	const char *op = NULL;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_UnaryOperator || k == CXCursor_BinaryOperator)
		op = ls_cfg_operator(tu, c, buf);
	if (!op)
		return !taken && is_var(tu, c, v);
	unsigned n;
	CXCursor *kids = ls_cfg_children(c, &n);
	int res = 0;
	if (!strcmp(op, "!") && n == 1)
		res = taken && is_var(tu, kids[0], v);
	else if ((!strcmp(op, "==") || !strcmp(op, "!=")) && n == 2) {
		int tested = (is_var(tu, kids[0], v) && ls_async_is_null(kids[1])) ||
			     (is_var(tu, kids[1], v) && ls_async_is_null(kids[0]));
		res = tested && taken == !strcmp(op, "==");
	} else if (!strcmp(op, "=")) {
		res = !taken && is_var(tu, c, v);
	}
	free(kids);
	return res;
}

/* Is e (stripped) the call itself, or the local its status was kept in? */
static int is_status(CXTranslationUnit tu, CXCursor e, CXCursor call, CXCursor status)
{
	CXCursor s = ls_cfg_strip(e, 1);
	/* the same expression reached another way: cursors of one statement
	 * can differ in their parent-declaration slot, so compare extents */
	if (clang_getCursorKind(s) == CXCursor_CallExpr &&
	    clang_equalRanges(clang_getCursorExtent(s), clang_getCursorExtent(call)))
		return 1;
	return !ls_async_null(status) && is_var(tu, s, status);
}

/*
 * For a handle written through an out-parameter: did the creating call
 * fail when the edge is taken? C convention: the call returns 0 on
 * success, so `if (spawn(&h))`, `if (rc)`, `rc != 0` and `rc < 0` are
 * true on failure, `!rc` and `rc == 0` false on failure.
 */
static int fails_on_edge(CXTranslationUnit tu, const struct ls_cfg_edge *ed, CXCursor call,
			 CXCursor status)
{
	if (ed->kind != LS_CFG_EDGE_TRUE && ed->kind != LS_CFG_EDGE_FALSE)
		return 0;
	int taken = ed->kind == LS_CFG_EDGE_TRUE;
	CXCursor c = ls_cfg_strip(ed->cond, 1);
	if (is_status(tu, c, call, status))
		return taken;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k != CXCursor_UnaryOperator && k != CXCursor_BinaryOperator)
		return 0;
	char buf[16];
	const char *op = ls_cfg_operator(tu, c, buf);
	unsigned n;
	CXCursor *kids = ls_cfg_children(c, &n);
	int res = 0;
	if (op && !strcmp(op, "!") && n == 1 && is_status(tu, kids[0], call, status))
		res = !taken;
	else if (op && n == 2 && is_status(tu, kids[0], call, status) &&
		 ls_async_is_null(kids[1])) {
		if (!strcmp(op, "!=") || !strcmp(op, "<"))
			res = taken;
		else if (!strcmp(op, "=="))
			res = !taken;
	}
	free(kids);
	return res;
}

/* Does element el hand on v (a ref inside its extent, at or after
 * skip_before, that is not an argument of the creating call `creator`)? */
static int elem_hands_on(struct ls_intra *in, const struct spec *s, const struct ls_async_fn *f,
			 CXCursor el, CXCursor v, unsigned skip_before, int creator)
{
	unsigned es, ee;
	extent_offsets(el, &es, &ee);
	for (int i = 0; i < f->nrefs; i++) {
		const struct ls_async_ref *r = &f->refs[i];
		if (!refs_var(r, v))
			continue;
		unsigned off;
		clang_getExpansionLocation(clang_getCursorLocation(r->ref), NULL, NULL, NULL, &off);
		if (off < es || off >= ee || off < skip_before)
			continue;
		const struct ls_use_info *u = ls_async_use(f, r->node);
		if (u->use == LS_USE_ARG && u->call == creator)
			continue; /* makecontext(&uc, ...): the handle being made */
		if (hands_on(in, s, f, r))
			return 1;
	}
	return 0;
}

/*
 * Follow handle v from the call at offset `at` over the CFG. Returns 1 if
 * some path reaches the exit without handing it on; *lost gets the
 * ReturnStmt of that path (null when it falls off the end).
 */
static int lost_on_some_path(struct ls_intra *in, const struct spec *s,
			     const struct ls_async_fn *f, CXCursor fn,
			     const struct ls_async_call *k, CXCursor v, CXCursor *lost)
{
	unsigned at = ls_async_offset(k->call);
	/* out-parameter handles: the call's own result says whether it failed */
	CXCursor status = clang_getNullCursor();
	const struct ls_use_info *ku = ls_async_use(f, k->node);
	if (s->result_arg >= 0 && ku->store == LS_STORE_LOCAL)
		status = ku->target;
	struct ls_cfg *g = ls_cfg_build(in->tu, fn);
	if (!g)
		return 0;
	unsigned sb = 0, si = 0;
	int found = 0;
	for (unsigned b = 0; b < g->nblocks && !found; b++)
		for (unsigned i = 0; i < g->blocks[b].nelems && !found; i++) {
			unsigned es, ee;
			extent_offsets(g->blocks[b].elems[i], &es, &ee);
			if (at >= es && at < ee) {
				sb = b;
				si = i;
				found = 1;
			}
		}
	int leak = 0;
	if (!found) {
		ls_cfg_free(g);
		return 0;
	}
	/* the creating element itself may hand it on: co_call(co = co_create()) */
	int creator = (int)(k - f->calls);
	if (elem_hands_on(in, s, f, g->blocks[sb].elems[si], v, at, creator)) {
		ls_cfg_free(g);
		return 0;
	}
	char *seen = ls_xcalloc(g->nblocks, 1);
	unsigned *work = ls_xmalloc((g->nblocks + 1) * sizeof *work);
	unsigned nwork = 0;
	/* the rest of the creating block, then its successors */
	unsigned b = sb, from = si + 1;
	for (;;) {
		const struct ls_cfg_block *blk = &g->blocks[b];
		int cleared = 0;
		for (unsigned i = from; i < blk->nelems && !cleared; i++) {
			if (b == sb && i == si)
				cleared = 1; /* around a loop to the creation again */
			else if (elem_hands_on(in, s, f, blk->elems[i], v, 0, creator))
				cleared = 1;
		}
		if (!cleared) {
			if (b == g->exit) {
				leak = 1;
				break;
			}
			for (unsigned e = 0; e < blk->nsucc; e++) {
				const struct ls_cfg_edge *ed = &blk->succ[e];
				if (null_on_edge(in->tu, ed, v) ||
				    (s->result_arg >= 0 && fails_on_edge(in->tu, ed, k->call, status)))
					continue;
				if (ed->to == g->exit) {
					leak = 1;
					*lost = blk->flags & LS_CFG_RETURN ? blk->term
									   : clang_getNullCursor();
					break;
				}
				if (!seen[ed->to]) {
					seen[ed->to] = 1;
					work[nwork++] = ed->to;
				}
			}
			if (leak)
				break;
		}
		if (!nwork)
			break;
		b = work[--nwork];
		from = 0;
	}
	free(work);
	free(seen);
	ls_cfg_free(g);
	return leak;
}

static char *join_awaits(const json_t *entry)
{
	struct ls_buf b = {0};
	size_t i, n = json_array_size(json_object_get(entry, "await"));
	json_t *v;
	json_array_foreach(json_object_get(entry, "await"), i, v) {
		if (i)
			ls_buf_puts(&b, i + 1 == n ? " or " : ", ");
		ls_buf_addf(&b, "%s()", json_string_value(v));
	}
	if (!b.s)
		ls_buf_puts(&b, "its await function");
	return ls_buf_steal(&b);
}

/* Is this call async? Fills s (caller frees s->awaits). */
static int async_spec(struct ls_intra *in, const struct ls_async_call *k, struct spec *s)
{
	memset(s, 0, sizeof *s);
	s->result_arg = -1;
	if (!*k->name)
		return 0;
	s->entry = ls_async_model_find(in->cat, "async", k->name, &s->model);
	if (s->entry) {
		json_t *r = json_object_get(s->entry, "result");
		if (json_is_object(r) && json_is_integer(json_object_get(r, "arg"))) {
			int a = (int)json_integer_value(json_object_get(r, "arg"));
			s->result_arg = a < 0 ? a + k->nargs : a;
			if (s->result_arg < 0)
				return 0;
		}
		s->any_call = json_is_true(json_object_get(s->entry, "any_call_hands_on"));
		s->awaits = join_awaits(s->entry);
		return 1;
	}
	if (ls_async_annotated(in->tu, k->callee, k->name, "loopscope::async")) {
		s->awaits = ls_xstrdup("a loopscope::await function");
		s->model = "annotations"; /* no framework: the catalog's default fix */
		return 1;
	}
	return 0;
}

static void report(struct ls_intra *in, const struct ls_async_call *k, const char *fname,
		   const struct spec *s, const char *how)
{
	char *msg = ls_xasprintf("the result of %s() %s: it is never passed to %s", k->name, how,
				 s->awaits);
	ls_async_report(in, "missing-await", k->call, fname, s->model, msg);
	free(msg);
}

static void check_async_call(struct ls_intra *in, CXCursor fn, const char *fname,
			     const struct ls_async_fn *f, const struct ls_async_call *k,
			     const struct spec *s)
{
	CXCursor v = clang_getNullCursor();
	if (s->result_arg >= 0) {
		int ki = (int)(k - f->calls);
		for (int i = 0; i < f->nrefs && ls_async_null(v); i++) {
			const struct ls_async_ref *r = &f->refs[i];
			if (r->member)
				continue;
			const struct ls_use_info *u = ls_async_use(f, r->node);
			if (u->use == LS_USE_ARG && u->call == ki && u->arg == s->result_arg &&
			    clang_getCursorKind(r->decl) == CXCursor_VarDecl &&
			    clang_getCursorKind(clang_getCursorSemanticParent(r->decl)) ==
				    CXCursor_FunctionDecl)
				v = r->decl; /* &h of a local */
		}
		if (ls_async_null(v))
			return; /* written into a field or through a pointer: handed on */
	} else {
		const struct ls_use_info *u = ls_async_use(f, k->node);
		switch (u->use) {
		case LS_USE_DISCARDED:
			report(in, k, fname, s, "is discarded");
			return;
		case LS_USE_COND:
		case LS_USE_COMPARE: /* compared, never kept: (h = f()) == NULL is a store */
			report(in, k, fname, s, "is only tested, then dropped");
			return;
		case LS_USE_ARG:
			if (is_await_call(in, s, &f->calls[u->call]))
				return;
			/* passed to a function that is not its await: lost there */
			if (s->entry && !json_object_get(s->entry, "await"))
				return;
			report(in, k, fname, s, "is passed to a function that does not await it");
			return;
		case LS_USE_INIT:
		case LS_USE_STORE:
			if (u->store != LS_STORE_LOCAL)
				return;
			v = u->target;
			break;
		default:
			return;
		}
	}
	CXCursor lost = clang_getNullCursor();
	if (!lost_on_some_path(in, s, f, fn, k, v, &lost))
		return;
	CXString vs = clang_getCursorSpelling(v);
	char *how = ls_xasprintf("is kept in '%s' but lost on some path", clang_getCString(vs));
	clang_disposeString(vs);
	char *msg = ls_xasprintf("the result of %s() %s: it is never passed to %s", k->name, how,
				 s->awaits);
	json_t *fd = ls_async_report(in, "missing-await", k->call, fname, s->model, msg);
	if (!ls_async_null(lost))
		ls_finding_note_at(fd, lost, "returns here without awaiting or handing it on");
	else
		ls_finding_note_at(fd, fn, "falls off the end of the function without awaiting it");
	free(msg);
	free(how);
}

/* Protothreads: a coroutine calling a child coroutine as a plain statement. */
static void check_stackless(struct ls_intra *in, const char *fname, const struct ls_async_fn *f)
{
	if (!ls_async_macro_in(in->tu, in->cat, LS_MACRO_BODY, f->start, f->end))
		return;
	for (int i = 0; i < f->ncalls; i++) {
		const struct ls_async_call *k = &f->calls[i];
		if (ls_async_null(k->callee) || ls_async_use(f, k->node)->use != LS_USE_DISCARDED)
			continue;
		CXCursor def = clang_getCursorDefinition(k->callee);
		if (ls_async_null(def) || clang_equalCursors(def, f->fn) ||
		    !ls_async_in_main_file(def))
			continue;
		unsigned ds, de;
		extent_offsets(def, &ds, &de);
		const struct ls_async_macro *body =
			ls_async_macro_in(in->tu, in->cat, LS_MACRO_BODY, ds, de);
		if (!body || ls_async_macro_covering(in->tu, in->cat, LS_MACRO_AWAIT,
						   ls_async_offset(k->call)))
			continue;
		char *msg = ls_xasprintf("coroutine %s() (it expands %s) is called as a plain "
					 "statement: it runs only to its first wait and is never "
					 "resumed; spawn or await it",
					 k->name, body->name);
		ls_async_report(in, "missing-await", k->call, fname, "protothreads", msg);
		free(msg);
	}
}

void ls_rule_missing_await(struct ls_intra *in, CXCursor fn, const char *name, const char *usr)
{
	const struct ls_async_fn *f = ls_async_scan(in->tu, fn);
	for (int i = 0; i < f->ncalls; i++) {
		struct spec s;
		if (async_spec(in, &f->calls[i], &s))
			check_async_call(in, fn, name, f, &f->calls[i], &s);
		free(s.awaits);
	}
	check_stackless(in, name, f);
}
