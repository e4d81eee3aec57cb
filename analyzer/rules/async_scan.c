/*
 * async_scan.c — the shared body walk and caches of the async-result and
 * error-status rules (see async_scan.h).
 *
 * The walk records every cursor of a body as a node with its parent and
 * its index among the parent's children (libclang has no parent links),
 * and every call and every reference to a variable, parameter or field.
 * What the surroundings do with a node's value (enum ls_use) is computed
 * on request by climbing the parent links; operators are read from tokens
 * (libclang 14 has no operator kind, see ls_cfg_operator) only for the
 * few that sit directly above a node a rule asks about. Implicit casts
 * (UnexposedExpr), parentheses and non-void casts are transparent.
 */
#include "analyzer/rules/async_scan.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/cfg.h"
#include "common/strmap.h"
#include "common/util.h"

/* ---- per-thread caches ------------------------------------------------ */

struct tu_cache {
	CXTranslationUnit tu;
	const char *contents; /* main file's buffer: a second key, since a
				 disposed TU's pointer can be reused */
	json_t *attrs;        /* "name\x1fwhat" -> true/false */
	json_t *once;         /* keys seen */
	struct ls_async_macro *macros;
	int nmacros;
	int macros_done;
};

static _Thread_local struct tu_cache tuc;
static _Thread_local const struct ls_catalog *model_cat;
/* Callee name -> struct hits: the entry each section has for it. The
 * sections are few and fixed (the ones these rules read). */
static const char *const sections[] = {"must_check", "status_callbacks", "status_out_params",
					"finish_pairs", "async"};
enum { NSECTIONS = LS_ARRAY_LEN(sections) };
struct hits {
	const json_t *entry[NSECTIONS];
	const char *model[NSECTIONS];
};
static _Thread_local struct ls_strmap model_cache;
static _Thread_local struct ls_async_fn *last_scan;
static _Thread_local struct tu_cache *last_scan_tu; /* identity of the TU scanned */
static _Thread_local CXTranslationUnit last_scan_key;

static void tu_cache_drop(void)
{
	json_decref(tuc.attrs);
	json_decref(tuc.once);
	free(tuc.macros);
	memset(&tuc, 0, sizeof tuc);
}

static const char *main_contents(CXTranslationUnit tu)
{
	CXString s = clang_getTranslationUnitSpelling(tu);
	CXFile f = clang_getFile(tu, clang_getCString(s));
	clang_disposeString(s);
	return f ? clang_getFileContents(tu, f, NULL) : NULL;
}

/* The cache of tu, emptied if it belonged to another TU. validate: also
 * compare the main file's buffer (a disposed TU's pointer can come back);
 * done once per scanned function, the lookups in between trust the
 * pointer. */
static struct tu_cache *tu_cache_get(CXTranslationUnit tu, int validate)
{
	if (!validate && tuc.tu == tu)
		return &tuc;
	const char *contents = main_contents(tu);
	if (tuc.tu != tu || tuc.contents != contents) {
		tu_cache_drop();
		tuc.tu = tu;
		tuc.contents = contents;
		tuc.attrs = json_object();
		tuc.once = json_object();
		last_scan_key = NULL; /* the last scan is stale; its arrays are kept */
	}
	return &tuc;
}

void ls_async_release(void)
{
	tu_cache_drop();
	ls_strmap_free(&model_cache, free);
	memset(&model_cache, 0, sizeof model_cache);
	model_cat = NULL;
	ls_async_fn_free(last_scan);
	last_scan = NULL;
	last_scan_tu = NULL;
	last_scan_key = NULL;
}

/* ---- small cursor helpers --------------------------------------------- */

int ls_async_null(CXCursor c)
{
	return clang_Cursor_isNull(c) || clang_isInvalid(clang_getCursorKind(c));
}

int ls_async_same(CXCursor a, CXCursor b)
{
	return clang_equalCursors(clang_getCanonicalCursor(a), clang_getCanonicalCursor(b));
}

static enum CXChildVisitResult first_expr_visit(CXCursor c, CXCursor p, CXClientData d)
{
	if (!clang_isExpression(clang_getCursorKind(c)))
		return CXChildVisit_Continue; /* a cast's TypeRef */
	*(CXCursor *)d = c;
	return CXChildVisit_Break;
}

/* Strip parentheses, implicit and explicit casts. */
static CXCursor strip(CXCursor c)
{
	for (int guard = 0; guard < 32 && !ls_async_null(c); guard++) {
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr &&
		    k != CXCursor_CStyleCastExpr)
			break;
		CXCursor ch = clang_getNullCursor();
		clang_visitChildren(c, first_expr_visit, &ch);
		if (ls_async_null(ch))
			break;
		c = ch;
	}
	return c;
}

static unsigned offset_of(CXSourceLocation loc)
{
	unsigned off = 0;
	clang_getExpansionLocation(loc, NULL, NULL, NULL, &off);
	return off;
}

unsigned ls_async_offset(CXCursor c)
{
	return offset_of(clang_getCursorLocation(c));
}

CXCursor ls_async_call_arg(CXCursor call, int nargs, int i)
{
	if (i < 0)
		i += nargs;
	if (i < 0 || i >= nargs)
		return clang_getNullCursor();
	return strip(clang_Cursor_getArgument(call, (unsigned)i));
}

int ls_async_is_null(CXCursor e)
{
	e = strip(e);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_GNUNullExpr)
		return 1;
	if (k != CXCursor_IntegerLiteral)
		return 0;
	CXEvalResult r = clang_Cursor_Evaluate(e);
	if (!r)
		return 0;
	int zero = clang_EvalResult_getKind(r) == CXEval_Int &&
		   clang_EvalResult_getAsLongLong(r) == 0;
	clang_EvalResult_dispose(r);
	return zero;
}

int ls_async_in_main_file(CXCursor c)
{
	/* clang_Location_isFromMainFile is false for a name written in a macro
	 * argument (static PT_THREAD(name(struct pt *pt))); ask about the
	 * place the macro is used instead */
	CXFile f;
	unsigned off;
	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, &off);
	if (!f)
		return 0;
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	return clang_Location_isFromMainFile(clang_getLocationForOffset(tu, f, off));
}

CXCursor ls_async_function_named(CXCursor e)
{
	for (int guard = 0; guard < 8; guard++) {
		e = strip(e);
		if (clang_getCursorKind(e) != CXCursor_UnaryOperator)
			break;
		e = ls_cfg_first_child(e); /* &fn */
	}
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	CXCursor ref = clang_getCursorReferenced(e);
	if (clang_getCursorKind(ref) != CXCursor_FunctionDecl)
		return clang_getNullCursor();
	CXCursor def = clang_getCursorDefinition(ref);
	if (ls_async_null(def) || !ls_async_in_main_file(def))
		return clang_getNullCursor();
	return def;
}

CXCursor ls_async_param(CXCursor fn, int i)
{
	int n = clang_Cursor_getNumArguments(fn);
	if (i < 0 || i >= n)
		return clang_getNullCursor();
	return clang_Cursor_getArgument(fn, (unsigned)i);
}

char *ls_async_fn_name(CXCursor fn)
{
	CXString s = clang_getCursorSpelling(fn);
	char *r = ls_xstrdup(clang_getCString(s));
	clang_disposeString(s);
	return r;
}

/* ---- the walk ---------------------------------------------------------- */

/* Every cursor of the body, in visiting order; the use of a call or a
 * reference is computed from its ancestors only when a rule asks. */
struct ls_async_node {
	CXCursor c;
	enum CXCursorKind k;
	int parent;    /* index of the parent node, -1 for the function */
	int idx;       /* index among the parent's children */
	int call;      /* CallExpr: its index in f->calls */
	int first;     /* index of the first child, -1 if none */
	int nkids;     /* children visited so far */
	char op[16];   /* BinaryOperator/UnaryOperator spelling, "" until read */
	int use_done;
	struct ls_use_info use;
};

struct walker {
	struct ls_async_fn *f;
	int *stack;    /* node indexes from the function down to the last visited */
	int depth, scap;
};

/* Spelling of the operator of node p (a BinaryOperator or UnaryOperator),
 * read once per node; "?" when it cannot be recovered. */
static const char *op_of(CXTranslationUnit tu, struct ls_async_node *p)
{
	if (!p->op[0]) {
		char buf[16];
		const char *op = ls_cfg_operator(tu, p->c, buf);
		snprintf(p->op, sizeof p->op, "%s", op && strlen(op) < sizeof p->op ? op : "?");
	}
	return p->op;
}

static int is_local_var(CXCursor v)
{
	if (clang_getCursorKind(v) == CXCursor_ParmDecl)
		return 1;
	if (clang_getCursorKind(v) != CXCursor_VarDecl)
		return 0;
	if (clang_Cursor_getStorageClass(v) == CX_SC_Static ||
	    clang_Cursor_getStorageClass(v) == CX_SC_Extern)
		return 0;
	enum CXCursorKind pk = clang_getCursorKind(clang_getCursorSemanticParent(v));
	return pk == CXCursor_FunctionDecl;
}

/* Where an assignment to lhs stores. */
static enum ls_store classify_target(CXCursor lhs, CXCursor *target)
{
	lhs = strip(lhs);
	if (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr) {
		CXCursor v = clang_getCursorReferenced(lhs);
		if (is_local_var(v)) {
			*target = clang_getCanonicalCursor(v);
			return LS_STORE_LOCAL;
		}
	}
	return LS_STORE_ESCAPE;
}

/* What the ancestors of node i do with its value. */
static void compute_use(const struct ls_async_fn *f, int i, struct ls_use_info *u)
{
	struct ls_async_node *nodes = f->nodes;
	memset(u, 0, sizeof *u);
	u->use = LS_USE_OTHER;
	u->call = u->arg = -1;
	u->target = clang_getNullCursor();
	int negated = 0, addr = 0;
	for (int j = i; nodes[j].parent >= 0; j = nodes[j].parent) {
		struct ls_async_node *p = &nodes[nodes[j].parent], *c = &nodes[j];
		switch (p->k) {
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
			continue;
		case CXCursor_CStyleCastExpr:
			if (clang_getCursorType(p->c).kind == CXType_Void) {
				u->use = LS_USE_VOID;
				return;
			}
			continue;
		case CXCursor_CompoundStmt:
			/* the last statement of ({ ... }) is its value */
			if (p->parent >= 0 && nodes[p->parent].k == CXCursor_StmtExpr &&
			    c->idx == p->nkids - 1) {
				j = nodes[j].parent; /* continue from the StmtExpr */
				continue;
			}
			/* fall through */
		case CXCursor_DefaultStmt:
		case CXCursor_LabelStmt:
			u->use = negated ? LS_USE_OTHER : LS_USE_DISCARDED;
			return;
		case CXCursor_IfStmt:
		case CXCursor_WhileStmt:
		case CXCursor_SwitchStmt:
			u->use = c->idx == 0 ? LS_USE_COND : negated ? LS_USE_OTHER : LS_USE_DISCARDED;
			return;
		case CXCursor_DoStmt:
			u->use = c->idx == 1 ? LS_USE_COND : negated ? LS_USE_OTHER : LS_USE_DISCARDED;
			return;
		case CXCursor_ForStmt:
			/* absent init/cond/inc leave no child, so only the body (always
			 * the last child) is known for sure; the rest count as used */
			if (c->idx == p->nkids - 1 && !negated)
				u->use = LS_USE_DISCARDED;
			return;
		case CXCursor_CaseStmt:
			u->use = c->idx == 0 ? LS_USE_OTHER : LS_USE_DISCARDED;
			return;
		case CXCursor_CallExpr:
			if (c->idx == 0 || negated)
				return;
			u->use = LS_USE_ARG;
			u->call = p->call;
			u->arg = c->idx - 1;
			return;
		case CXCursor_ReturnStmt:
			u->use = negated ? LS_USE_OTHER : LS_USE_RETURN;
			return;
		case CXCursor_VarDecl:
			if (negated)
				return;
			u->use = LS_USE_INIT;
			if (is_local_var(p->c)) {
				u->store = LS_STORE_LOCAL;
				u->target = clang_getCanonicalCursor(p->c);
			} else {
				u->store = LS_STORE_ESCAPE;
			}
			return;
		case CXCursor_InitListExpr:
			u->use = LS_USE_STORE;
			u->store = LS_STORE_ESCAPE;
			return;
		case CXCursor_ConditionalOperator:
			if (c->idx == 0) {
				u->use = LS_USE_COND;
				return;
			}
			continue;
		case CXCursor_UnaryOperator: {
			const char *op = op_of(f->tu, p);
			if (!strcmp(op, "!")) {
				negated = 1;
				continue;
			}
			if (!strcmp(op, "&") && !negated) {
				addr = 1;
				continue;
			}
			return;
		}
		case CXCursor_BinaryOperator: {
			const char *op = op_of(f->tu, p);
			if (!strcmp(op, "=")) {
				if (c->idx == 0) {
					u->use = addr ? LS_USE_OTHER : LS_USE_WRITE;
					return;
				}
				if (negated)
					return;
				u->use = LS_USE_STORE;
				u->store = p->first >= 0 ? classify_target(nodes[p->first].c, &u->target)
							 : LS_STORE_ESCAPE;
				return;
			}
			if (!strcmp(op, ",")) {
				if (c->idx == 0) {
					u->use = LS_USE_DISCARDED;
					return;
				}
				continue;
			}
			if (!strcmp(op, "==") || !strcmp(op, "!=")) {
				u->use = LS_USE_COMPARE;
				return;
			}
			if (!strcmp(op, "&&") || !strcmp(op, "||")) {
				u->use = LS_USE_COND;
				return;
			}
			return;
		}
		default:
			if (negated && (p->k == CXCursor_IfStmt))
				u->use = LS_USE_COND;
			return;
		}
	}
	(void)addr;
}

static void add_call(struct walker *w, CXCursor c, int node)
{
	struct ls_async_fn *f = w->f;
	if (f->ncalls == w->f->cap_calls) {
		w->f->cap_calls = w->f->cap_calls ? 2 * w->f->cap_calls : 16;
		f->calls = ls_xrealloc(f->calls, (size_t)w->f->cap_calls * sizeof *f->calls);
	}
	struct ls_async_call *k = &f->calls[f->ncalls];
	f->nodes[node].call = f->ncalls++;
	k->call = c;
	k->node = node;
	k->callee = clang_getCursorReferenced(c);
	if (clang_getCursorKind(k->callee) == CXCursor_FunctionDecl) {
		k->name = ls_async_fn_name(k->callee);
	} else {
		k->callee = clang_getNullCursor();
		k->name = ls_xstrdup("");
	}
	k->nargs = clang_Cursor_getNumArguments(c);
}

static void add_ref(struct walker *w, CXCursor c, CXCursor decl, int member, int node)
{
	struct ls_async_fn *f = w->f;
	if (f->nrefs == w->f->cap_refs) {
		w->f->cap_refs = w->f->cap_refs ? 2 * w->f->cap_refs : 32;
		f->refs = ls_xrealloc(f->refs, (size_t)w->f->cap_refs * sizeof *f->refs);
	}
	struct ls_async_ref *r = &f->refs[f->nrefs++];
	r->ref = c;
	r->decl = decl; /* compare with ls_async_same() */
	r->member = member;
	r->node = node;
}

static int add_node(struct walker *w, CXCursor c, int parent)
{
	struct ls_async_fn *f = w->f;
	if (f->nnodes == w->f->cap_nodes) {
		w->f->cap_nodes = w->f->cap_nodes ? 2 * w->f->cap_nodes : 64;
		f->nodes = ls_xrealloc(f->nodes, (size_t)w->f->cap_nodes * sizeof *f->nodes);
	}
	int me = f->nnodes++;
	struct ls_async_node *n = &f->nodes[me];
	n->c = c;
	n->k = clang_getCursorKind(c);
	n->parent = parent;
	n->idx = parent >= 0 ? f->nodes[parent].nkids++ : 0;
	n->call = -1;
	n->first = -1;
	n->nkids = 0;
	n->op[0] = '\0';
	n->use_done = 0;
	if (parent >= 0 && n->idx == 0)
		f->nodes[parent].first = me;
	if (w->depth == w->scap) {
		w->scap = w->scap ? 2 * w->scap : 64;
		w->stack = ls_xrealloc(w->stack, (size_t)w->scap * sizeof *w->stack);
	}
	w->stack[w->depth++] = me;
	return me;
}

/* One visitor for the whole body (CXChildVisit_Recurse: a visitChildren
 * per node would cost ten times the walk); the parent is found by popping
 * the stack back to the cursor libclang names as parent. */
static enum CXChildVisitResult walk_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	struct walker *w = d;
	struct ls_async_fn *f = w->f;
	while (w->depth > 1 && !clang_equalCursors(f->nodes[w->stack[w->depth - 1]].c, parent))
		w->depth--;
	int me = add_node(w, c, w->stack[w->depth - 1]);
	switch (f->nodes[me].k) {
	case CXCursor_CallExpr:
		add_call(w, c, me);
		break;
	case CXCursor_DeclRefExpr: {
		CXCursor d2 = clang_getCursorReferenced(c);
		enum CXCursorKind dk = clang_getCursorKind(d2);
		if (dk == CXCursor_VarDecl || dk == CXCursor_ParmDecl)
			add_ref(w, c, d2, 0, me);
		break;
	}
	case CXCursor_MemberRefExpr: {
		CXCursor d2 = clang_getCursorReferenced(c);
		if (clang_getCursorKind(d2) == CXCursor_FieldDecl)
			add_ref(w, c, d2, 1, me);
		break;
	}
	default:
		break;
	}
	return CXChildVisit_Recurse;
}

const struct ls_use_info *ls_async_use(const struct ls_async_fn *f, int node)
{
	struct ls_async_node *n = &f->nodes[node];
	if (!n->use_done) {
		compute_use(f, node, &n->use);
		n->use_done = 1;
	}
	return &n->use;
}

/* Scan fn into f, whose arrays (from an earlier scan) are reused. */
static void scan_into(struct ls_async_fn *f, CXTranslationUnit tu, CXCursor fn)
{
	for (int i = 0; i < f->ncalls; i++)
		free(f->calls[i].name);
	f->ncalls = f->nrefs = f->nnodes = 0;
	f->tu = tu;
	f->fn = fn;
	CXSourceRange ext = clang_getCursorExtent(fn);
	f->start = offset_of(clang_getRangeStart(ext));
	f->end = offset_of(clang_getRangeEnd(ext));
	struct walker w = {.f = f};
	add_node(&w, fn, -1); /* the root: the function itself */
	clang_visitChildren(fn, walk_visit, &w);
	free(w.stack);
}

struct ls_async_fn *ls_async_scan_fresh(CXTranslationUnit tu, CXCursor fn)
{
	struct ls_async_fn *f = ls_xcalloc(1, sizeof *f);
	scan_into(f, tu, fn);
	return f;
}

void ls_async_fn_free(struct ls_async_fn *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->ncalls; i++)
		free(f->calls[i].name);
	free(f->calls);
	free(f->refs);
	free(f->nodes);
	free(f);
}

const struct ls_async_fn *ls_async_scan(CXTranslationUnit tu, CXCursor fn)
{
	struct tu_cache *t = tu_cache_get(tu, 1);
	if (last_scan && last_scan_tu == t && last_scan_key == tu &&
	    clang_equalCursors(last_scan->fn, fn))
		return last_scan;
	if (!last_scan)
		last_scan = ls_xcalloc(1, sizeof *last_scan);
	scan_into(last_scan, tu, fn); /* reuses the arrays: no allocation per function */
	last_scan_tu = t;
	last_scan_key = tu;
	return last_scan;
}

/* ---- models ------------------------------------------------------------ */

static int has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int listed(const json_t *list, const char *name)
{
	size_t i;
	json_t *v;
	if (json_is_string(list))
		return fnmatch(json_string_value(list), name, 0) == 0;
	json_array_foreach(list, i, v)
		if (json_is_string(v) && fnmatch(json_string_value(v), name, 0) == 0)
			return 1;
	return 0;
}

/* The best entry of section for name: an exact `call` wins over a glob,
 * else the first match in model order. */
static const json_t *model_search(const struct ls_catalog *cat, const char *section,
				  const char *name, const char **model)
{
	const json_t *best = NULL;
	int best_exact = 0;
	size_t i, j;
	json_t *m, *e;
	json_array_foreach(cat->models, i, m) {
		json_array_foreach(json_object_get(m, section), j, e) {
			const char *call = json_string_value(json_object_get(e, "call"));
			if (!call || fnmatch(call, name, 0) != 0 ||
			    listed(json_object_get(e, "except"), name))
				continue;
			int exact = !has_glob(call);
			if (!best || (exact && !best_exact)) {
				best = e;
				*model = json_string_value(json_object_get(m, "model"));
				best_exact = exact;
			}
		}
	}
	return best;
}

const json_t *ls_async_model_find(const struct ls_catalog *cat, const char *section,
				  const char *name, const char **model)
{
	if (!cat || !name || !*name)
		return NULL;
	size_t sec = 0;
	while (sec < NSECTIONS && strcmp(sections[sec], section))
		sec++;
	const char *ignored;
	if (sec == NSECTIONS) /* not one of ours: uncached */
		return model_search(cat, section, name, model ? model : &ignored);
	if (model_cat != cat) {
		ls_strmap_free(&model_cache, free);
		memset(&model_cache, 0, sizeof model_cache);
		model_cat = cat;
	}
	struct hits *h = ls_strmap_get(&model_cache, name);
	if (!h) {
		h = ls_xcalloc(1, sizeof *h);
		for (size_t k = 0; k < NSECTIONS; k++)
			h->entry[k] = model_search(cat, sections[k], name, &h->model[k]);
		ls_strmap_put(&model_cache, name, h);
	}
	if (h->entry[sec] && model)
		*model = h->model[sec];
	return h->entry[sec];
}

int ls_async_model_lists(const struct ls_catalog *cat, const char *section, const char *name)
{
	if (!cat || !name || !*name)
		return 0;
	size_t i, j;
	json_t *m, *e;
	json_array_foreach(cat->models, i, m) {
		json_array_foreach(json_object_get(m, section), j, e) {
			const char *s = json_is_string(e) ? json_string_value(e)
							  : json_string_value(json_object_get(e, "call"));
			if (s && fnmatch(s, name, 0) == 0)
				return 1;
		}
	}
	return 0;
}

/* ---- annotations ------------------------------------------------------- */

struct annot {
	const char *what;
	int found;
};

static enum CXChildVisitResult annot_visit(CXCursor c, CXCursor p, CXClientData d)
{
	struct annot *a = d;
	if (clang_getCursorKind(c) != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString s = clang_getCursorSpelling(c);
	if (ls_streq(clang_getCString(s), a->what))
		a->found = 1;
	clang_disposeString(s);
	return a->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

int ls_async_annotated(CXTranslationUnit tu, CXCursor callee, const char *name,
		       const char *what)
{
	if (ls_async_null(callee) || !name || !*name)
		return 0;
	struct tu_cache *t = tu_cache_get(tu, 0);
	json_t *byname = json_object_get(t->attrs, what);
	if (!byname) {
		byname = json_object();
		json_object_set_new(t->attrs, what, byname);
	}
	json_t *v = json_object_get(byname, name);
	if (!v) {
		struct annot a = {what, 0};
		CXCursor cands[3] = {callee, clang_getCanonicalCursor(callee),
				     clang_getCursorDefinition(callee)};
		for (int i = 0; i < 3 && !a.found; i++)
			if (!ls_async_null(cands[i]))
				clang_visitChildren(cands[i], annot_visit, &a);
		v = json_boolean(a.found);
		json_object_set_new(byname, name, v);
	}
	return json_is_true(v);
}

/* ---- macro expansions -------------------------------------------------- */

struct macro_walk {
	const struct ls_catalog *cat;
	struct ls_async_macro *v;
	int n, cap;
};

/* Find name in the stackless-coroutine sections of the models: listed in
 * `coroutine_macros` (a use marks a coroutine body; the extractor reads
 * the same list for loop context) or in `await_macros` (runs a child
 * coroutine to completion). Returns its kind; *keep gets the catalog's
 * copy of the name. */
static int stackless_kind(const struct ls_catalog *cat, const char *name, const char **keep)
{
	static const struct {
		const char *key;
		int kind;
	} keys[] = {{"coroutine_macros", LS_MACRO_BODY}, {"await_macros", LS_MACRO_AWAIT}};
	size_t i, j;
	json_t *m, *e;
	json_array_foreach(cat->models, i, m)
		for (size_t k = 0; k < LS_ARRAY_LEN(keys); k++)
			json_array_foreach(json_object_get(m, keys[k].key), j, e)
				if (ls_streq(json_string_value(e), name)) {
					*keep = json_string_value(e);
					return keys[k].kind;
				}
	return 0;
}

static enum CXChildVisitResult macro_visit(CXCursor c, CXCursor p, CXClientData d)
{
	struct macro_walk *mw = d;
	if (clang_getCursorKind(c) != CXCursor_MacroExpansion ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	CXString s = clang_getCursorSpelling(c);
	const char *keep = NULL;
	int kind = stackless_kind(mw->cat, clang_getCString(s), &keep);
	clang_disposeString(s);
	if (!kind)
		return CXChildVisit_Continue;
	if (mw->n == mw->cap) {
		mw->cap = mw->cap ? 2 * mw->cap : 16;
		mw->v = ls_xrealloc(mw->v, (size_t)mw->cap * sizeof *mw->v);
	}
	CXSourceRange r = clang_getCursorExtent(c);
	mw->v[mw->n++] = (struct ls_async_macro){keep, offset_of(clang_getRangeStart(r)),
						  offset_of(clang_getRangeEnd(r)), kind};
	return CXChildVisit_Continue;
}

static int macro_cmp(const void *a, const void *b)
{
	const struct ls_async_macro *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int any_stackless(const struct ls_catalog *cat)
{
	size_t i;
	json_t *m;
	json_array_foreach(cat->models, i, m)
		if (json_object_get(m, "coroutine_macros") || json_object_get(m, "await_macros"))
			return 1;
	return 0;
}

const struct ls_async_macro *ls_async_macros(CXTranslationUnit tu,
					      const struct ls_catalog *cat, int *n)
{
	struct tu_cache *t = tu_cache_get(tu, 0);
	if (!t->macros_done) {
		t->macros_done = 1;
		if (cat && any_stackless(cat)) {
			struct macro_walk mw = {cat, NULL, 0, 0};
			clang_visitChildren(clang_getTranslationUnitCursor(tu), macro_visit, &mw);
			if (mw.n)
				qsort(mw.v, (size_t)mw.n, sizeof *mw.v, macro_cmp);
			t->macros = mw.v;
			t->nmacros = mw.n;
		}
	}
	*n = t->nmacros;
	return t->macros;
}

const struct ls_async_macro *ls_async_macro_in(CXTranslationUnit tu,
						const struct ls_catalog *cat, int kind,
						unsigned start, unsigned end)
{
	int n;
	const struct ls_async_macro *v = ls_async_macros(tu, cat, &n);
	/* binary search for the first expansion at or after start */
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (v[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < n && v[i].start < end; i++)
		if (v[i].kind & kind)
			return &v[i];
	return NULL;
}

const struct ls_async_macro *ls_async_macro_covering(CXTranslationUnit tu,
						      const struct ls_catalog *cat,
						      int kind, unsigned offset)
{
	int n;
	const struct ls_async_macro *v = ls_async_macros(tu, cat, &n);
	/* expansions do not nest at the top level; the candidate is the last
	 * one starting at or before offset */
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (v[mid].start <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo - 1; i >= 0 && i >= lo - 4; i--)
		if ((v[i].kind & kind) && v[i].start <= offset && offset < v[i].end)
			return &v[i];
	return NULL;
}

/* ---- misc -------------------------------------------------------------- */

int ls_async_once(CXTranslationUnit tu, const char *key)
{
	struct tu_cache *t = tu_cache_get(tu, 0);
	if (json_object_get(t->once, key))
		return 0;
	json_object_set_new(t->once, key, json_true());
	return 1;
}

json_t *ls_async_report(struct ls_intra *in, const char *rule, CXCursor at,
			const char *function, const char *model, const char *message)
{
	json_t *f = ls_finding_at(rule, at, function, message);
	if (model)
		json_object_set_new(f, "framework", json_string(model));
	json_array_append_new(in->findings, f);
	return f;
}

static int cond_holds(const json_t *c, const struct ls_async_call *k)
{
	json_t *arg = json_object_get(c, "arg"), *null = json_object_get(c, "null");
	if (!json_is_integer(arg) || !json_is_boolean(null))
		return 0;
	CXCursor a = ls_async_call_arg(k->call, k->nargs, (int)json_integer_value(arg));
	if (ls_async_null(a))
		return 0;
	return ls_async_is_null(a) == json_is_true(null);
}

int ls_async_unless(const json_t *entry, const struct ls_async_call *k)
{
	const json_t *u = json_object_get(entry, "unless");
	if (json_is_object(u))
		return cond_holds(u, k);
	size_t i;
	json_t *c;
	json_array_foreach(u, i, c)
		if (cond_holds(c, k))
			return 1;
	return 0;
}
