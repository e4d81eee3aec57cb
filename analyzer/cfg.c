/*
 * cfg.c — building the intraprocedural control-flow graph (see cfg.h).
 *
 * One recursive walk over the function body: statements append elements
 * to the current block or close it and open new ones; conditions are
 * lowered by cond(), which splits && || ?: and the comma operator into
 * chains of blocks with TRUE/FALSE edges. Targets that are not known yet
 * (labels of forward gotos) get their block on first mention, by name.
 * Operators are recovered from tokens (libclang 14 has no operator-kind
 * query); where that fails the expression is kept whole, which only costs
 * precision, never soundness of the graph.
 */
#include "analyzer/cfg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"
#include "common/util.h"

#define NONE UINT32_MAX

struct builder {
	struct ls_cfg *g;
	unsigned cap;
	unsigned cur;   /* block receiving elements */
	unsigned brk;   /* target of break, or NONE */
	unsigned cont;  /* target of continue, or NONE */
	unsigned sw;    /* block ending in the innermost switch's condition */
	CXCursor swcond;
	int sw_default;
	struct ls_strmap labels; /* label name -> block id + 1 */
	unsigned *esz;           /* allocated size of each block's elems/succ */
	unsigned *ssz;
};

static unsigned new_block(struct builder *b)
{
	struct ls_cfg *g = b->g;
	if (g->nblocks == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		g->blocks = ls_xrealloc(g->blocks, b->cap * sizeof *g->blocks);
		b->esz = ls_xrealloc(b->esz, b->cap * sizeof *b->esz);
		b->ssz = ls_xrealloc(b->ssz, b->cap * sizeof *b->ssz);
	}
	struct ls_cfg_block *blk = &g->blocks[g->nblocks];
	memset(blk, 0, sizeof *blk);
	blk->term = clang_getNullCursor();
	b->esz[g->nblocks] = b->ssz[g->nblocks] = 0;
	return g->nblocks++;
}

static void add_elem(struct builder *b, CXCursor c)
{
	struct ls_cfg_block *blk = &b->g->blocks[b->cur];
	unsigned *sz = &b->esz[b->cur];
	if (blk->nelems == *sz) {
		*sz = *sz ? 2 * *sz : 4;
		blk->elems = ls_xrealloc(blk->elems, *sz * sizeof *blk->elems);
	}
	blk->elems[blk->nelems++] = c;
}

static void add_edge(struct builder *b, unsigned from, unsigned to, enum ls_cfg_edge_kind kind,
		     CXCursor cond, CXCursor label)
{
	struct ls_cfg_block *blk = &b->g->blocks[from];
	unsigned *sz = &b->ssz[from];
	if (blk->flags & LS_CFG_NORETURN)
		return;
	if (blk->nsucc == *sz) {
		*sz = *sz ? 2 * *sz : 2;
		blk->succ = ls_xrealloc(blk->succ, *sz * sizeof *blk->succ);
	}
	blk->succ[blk->nsucc++] = (struct ls_cfg_edge){to, kind, cond, label};
}

static void jump(struct builder *b, unsigned to)
{
	add_edge(b, b->cur, to, LS_CFG_EDGE_NEXT, clang_getNullCursor(), clang_getNullCursor());
}

/* Close the current block with a jump to `to` and continue in a fresh one
 * (unreachable unless something else jumps to it). */
static void jump_away(struct builder *b, unsigned to, CXCursor term)
{
	if (to != NONE)
		jump(b, to);
	b->g->blocks[b->cur].term = term;
	b->cur = new_block(b);
}

/* Start a new block that the current one falls into. */
static unsigned fall_into_new(struct builder *b)
{
	unsigned n = new_block(b);
	jump(b, n);
	b->cur = n;
	return n;
}

static unsigned label_block(struct builder *b, const char *name)
{
	void *v = ls_strmap_get(&b->labels, name);
	if (v)
		return (unsigned)((uintptr_t)v - 1);
	unsigned id = new_block(b);
	ls_strmap_put(&b->labels, name, (void *)(uintptr_t)(id + 1));
	return id;
}

/* --- cursor helpers ------------------------------------------------------ */

struct kids {
	CXCursor *v;
	unsigned n, cap;
};

static enum CXChildVisitResult collect(CXCursor c, CXCursor parent, CXClientData d)
{
	struct kids *k = d;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 4;
		k->v = ls_xrealloc(k->v, k->cap * sizeof *k->v);
	}
	k->v[k->n++] = c;
	return CXChildVisit_Continue;
}

CXCursor *ls_cfg_children(CXCursor c, unsigned *n)
{
	struct kids k = {0};
	clang_visitChildren(c, collect, &k);
	*n = k.n;
	return k.v;
}

static enum CXChildVisitResult first_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	*(CXCursor *)d = c;
	return CXChildVisit_Break;
}

CXCursor ls_cfg_first_child(CXCursor c)
{
	CXCursor r = clang_getNullCursor();
	clang_visitChildren(c, first_visit, &r);
	return r;
}

static enum CXChildVisitResult last_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	*(CXCursor *)d = c;
	return CXChildVisit_Continue;
}

CXCursor ls_cfg_last_child(CXCursor c)
{
	CXCursor r = clang_getNullCursor();
	clang_visitChildren(c, last_visit, &r);
	return r;
}

CXCursor ls_cfg_strip(CXCursor c, int strip_casts)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k == CXCursor_ParenExpr || (k == CXCursor_UnexposedExpr) ||
		    (strip_casts && k == CXCursor_CStyleCastExpr)) {
			unsigned n;
			CXCursor *kids = ls_cfg_children(c, &n);
			/* A cast's children may start with a TypeRef. */
			CXCursor next = clang_getNullCursor();
			for (unsigned i = 0; i < n; i++)
				if (clang_isExpression(clang_getCursorKind(kids[i])))
					next = kids[i];
			free(kids);
			if (clang_Cursor_isNull(next) || n == 0)
				return c;
			if (k == CXCursor_UnexposedExpr && n != 1)
				return c;
			c = next;
			continue;
		}
		return c;
	}
}

static int spelling_offset(CXSourceLocation l, CXFile *f, unsigned *off)
{
	clang_getSpellingLocation(l, f, NULL, NULL, off);
	return *f != NULL;
}

/* First token in [from, to) of the spelling file, copied into buf if it is
 * one of the allowed spellings (space-separated list). */
static const char *token_between(CXTranslationUnit tu, CXSourceLocation from, CXSourceLocation to,
				 const char *allowed, char *buf)
{
	CXFile f1, f2;
	unsigned o1, o2;
	if (!spelling_offset(from, &f1, &o1) || !spelling_offset(to, &f2, &o2) ||
	    !clang_File_isEqual(f1, f2) || o1 >= o2)
		return NULL;
	CXSourceRange r = clang_getRange(clang_getLocationForOffset(tu, f1, o1),
					 clang_getLocationForOffset(tu, f1, o2));
	CXToken *toks = NULL;
	unsigned nt = 0;
	clang_tokenize(tu, r, &toks, &nt);
	const char *res = NULL;
	if (nt > 0) {
		CXString s = clang_getTokenSpelling(tu, toks[0]);
		const char *t = clang_getCString(s);
		size_t len = t ? strlen(t) : 0;
		if (len > 0 && len < 16) {
			/* whole-word match in the allowed list */
			const char *p = allowed;
			while ((p = strstr(p, t))) {
				if ((p == allowed || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0')) {
					memcpy(buf, t, len + 1);
					res = buf;
					break;
				}
				p += len;
			}
		}
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, toks, nt);
	return res;
}

static const char binops[] = "== != < > <= >= && || = += -= *= /= %= &= |= ^= <<= >>= "
			     "+ - * / % & | ^ << >> ,";

const char *ls_cfg_operator(CXTranslationUnit tu, CXCursor op, char *buf)
{
	enum CXCursorKind k = clang_getCursorKind(op);
	unsigned n;
	CXCursor *kids = ls_cfg_children(op, &n);
	const char *res = NULL;
	if ((k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) && n == 2) {
		res = token_between(tu, clang_getRangeEnd(clang_getCursorExtent(kids[0])),
				    clang_getRangeStart(clang_getCursorExtent(kids[1])), binops, buf);
	} else if (k == CXCursor_UnaryOperator && n == 1) {
		CXSourceRange ro = clang_getCursorExtent(op), rk = clang_getCursorExtent(kids[0]);
		res = token_between(tu, clang_getRangeStart(ro), clang_getRangeStart(rk),
				    "! ~ - + * & ++ -- __extension__ __real__ __imag__", buf);
		if (!res)
			res = token_between(tu, clang_getRangeEnd(rk), clang_getRangeEnd(ro), "++ --", buf);
	}
	free(kids);
	return res;
}

CXCursor ls_cfg_written_var(CXTranslationUnit tu, CXCursor op)
{
	enum CXCursorKind k = clang_getCursorKind(op);
	if (k != CXCursor_BinaryOperator && k != CXCursor_CompoundAssignOperator &&
	    k != CXCursor_UnaryOperator)
		return clang_getNullCursor();
	char buf[16];
	const char *o = k == CXCursor_CompoundAssignOperator ? "=" : ls_cfg_operator(tu, op, buf);
	int write = o && (k == CXCursor_UnaryOperator
				  ? !strcmp(o, "++") || !strcmp(o, "--") || !strcmp(o, "&")
				  : !strcmp(o, "="));
	CXCursor t = write ? ls_cfg_strip(ls_cfg_first_child(op), 1) : clang_getNullCursor();
	return clang_getCursorKind(t) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(t)
							       : clang_getNullCursor();
}

char *ls_cfg_callee_name(CXCursor call)
{
	CXCursor d = clang_getCursorReferenced(call);
	if (clang_getCursorKind(d) != CXCursor_FunctionDecl)
		return NULL;
	CXString s = clang_getCursorSpelling(d);
	char *name = ls_xstrdup(clang_getCString(s));
	clang_disposeString(s);
	return name;
}

static const char *const noreturn_names[] = {
	"abort", "exit", "_exit", "_Exit", "quick_exit", "__assert_fail", "__assert_perror_fail",
	"__assert", "__builtin_unreachable", "__builtin_trap", "longjmp", "siglongjmp",
	"_longjmp", "__longjmp_chk", "pthread_exit", "thrd_exit", "err", "errx", "verr", "verrx",
	"__stack_chk_fail",
};

struct attr_query {
	const char *const *names;
	int found;
};

static enum CXChildVisitResult attr_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	/* libclang 14 exposes visibility, const, pure, ... as their own kinds;
	 * _Noreturn and format are unexposed. Tokenize only the attribute's
	 * first tokens: UV_EXTERN's extent is most of uv.h. */
	struct attr_query *q = d;
	if (clang_getCursorKind(c) != CXCursor_UnexposedAttr)
		return CXChildVisit_Continue;
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXToken *toks = NULL;
	unsigned nt = 0;
	CXSourceLocation at = clang_getRangeStart(clang_getCursorExtent(c));
	clang_tokenize(tu, clang_getRange(at, at), &toks, &nt);
	for (unsigned i = 0; i < nt && i < 4 && !q->found; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);
		for (const char *const *n = q->names; t && *n; n++)
			if (!strcmp(t, *n))
				q->found = 1;
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, toks, nt);
	return q->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

int ls_cfg_decl_has_attr(CXCursor decl, const char *const *names)
{
	struct attr_query q = {names, 0};
	if (clang_Cursor_hasAttrs(decl))
		clang_visitChildren(decl, attr_visit, &q);
	return q.found;
}

static int decl_noreturn(CXCursor d);

/* Answers per callee, per TU: a TU calls the same few hundred functions
 * thousands of times. */
static struct ls_strmap noreturn_cache;
static CXTranslationUnit noreturn_cache_tu;

int ls_cfg_call_noreturn(CXTranslationUnit tu, CXCursor call)
{
	CXCursor d = clang_getCursorReferenced(call);
	if (clang_getCursorKind(d) != CXCursor_FunctionDecl)
		return 0;
	if (tu != noreturn_cache_tu) {
		ls_strmap_free(&noreturn_cache, NULL);
		noreturn_cache_tu = tu;
	}
	CXString usr = clang_getCursorUSR(d);
	const char *key = clang_getCString(usr);
	void *hit = key ? ls_strmap_get(&noreturn_cache, key) : NULL;
	int nr;
	if (hit)
		nr = hit == (void *)2;
	else {
		nr = decl_noreturn(d);
		if (key)
			ls_strmap_put(&noreturn_cache, key, nr ? (void *)2 : (void *)1);
	}
	clang_disposeString(usr);
	return nr;
}

static int decl_noreturn(CXCursor d)
{
	CXString s = clang_getCursorSpelling(d);
	const char *name = clang_getCString(s);
	int nr = 0;
	for (size_t i = 0; name && i < LS_ARRAY_LEN(noreturn_names); i++)
		if (!strcmp(name, noreturn_names[i]))
			nr = 1;
	clang_disposeString(s);
	if (nr)
		return 1;
	/* GNU noreturn is part of the function type. */
	CXString ts = clang_getTypeSpelling(clang_getCursorType(d));
	const char *t = clang_getCString(ts);
	nr = t && strstr(t, "noreturn") != NULL;
	clang_disposeString(ts);
	if (nr)
		return 1;
	/* C11 _Noreturn is a declaration attribute (unexposed in libclang 14). */
	static const char *const names[] = {"_Noreturn", "noreturn", "__noreturn__",
					    "G_NORETURN", NULL};
	return ls_cfg_decl_has_attr(d, names);
}

/* --- lowering ------------------------------------------------------------ */

static void stmt(struct builder *b, CXCursor c);
static void expr_stmt(struct builder *b, CXCursor c);


int ls_cfg_eval_int(CXCursor e, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(e);
	int ok = r && clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

/* Constant truth value of a literal condition: 1, 0, or -1 (not constant). */
static int const_truth(CXCursor c)
{
	c = ls_cfg_strip(c, 1);
	if (clang_getCursorKind(c) != CXCursor_IntegerLiteral)
		return -1;
	CXEvalResult r = clang_Cursor_Evaluate(c);
	if (!r)
		return -1;
	int v = -1;
	if (clang_EvalResult_getKind(r) == CXEval_Int)
		v = clang_EvalResult_getAsLongLong(r) != 0;
	clang_EvalResult_dispose(r);
	return v;
}

/* Evaluate condition c in the current block; continue at t when true,
 * at f when false. Leaves b->cur unusable (callers set it). */
static void cond(struct builder *b, CXCursor c, unsigned t, unsigned f, CXCursor term)
{
	CXCursor s = ls_cfg_strip(c, 0);
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(s, &n);
		if (n == 2) {
			char buf[16];
			const char *op = ls_cfg_operator(b->g->tu, s, buf);
			if (op && (!strcmp(op, "&&") || !strcmp(op, "||"))) {
				unsigned mid = new_block(b);
				if (op[0] == '&')
					cond(b, kids[0], mid, f, s);
				else
					cond(b, kids[0], t, mid, s);
				b->cur = mid;
				cond(b, kids[1], t, f, term);
				free(kids);
				return;
			}
			if (op && !strcmp(op, ",")) {
				expr_stmt(b, kids[0]);
				cond(b, kids[1], t, f, term);
				free(kids);
				return;
			}
		}
		free(kids);
	} else if (k == CXCursor_ConditionalOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(s, &n);
		if (n == 3) {
			unsigned ta = new_block(b), fb = new_block(b);
			cond(b, kids[0], ta, fb, s);
			b->cur = ta;
			cond(b, kids[1], t, f, term);
			b->cur = fb;
			cond(b, kids[2], t, f, term);
			free(kids);
			return;
		}
		free(kids);
	}
	int v = const_truth(s);
	if (v >= 0) {
		jump(b, v ? t : f);
		b->g->blocks[b->cur].term = term;
		return;
	}
	add_elem(b, c);
	CXCursor nul = clang_getNullCursor();
	add_edge(b, b->cur, t, LS_CFG_EDGE_TRUE, c, nul);
	add_edge(b, b->cur, f, LS_CFG_EDGE_FALSE, c, nul);
	b->g->blocks[b->cur].term = term;
}

/* Is c (after parens and casts) a GNU statement expression, possibly under
 * __extension__? */
static int is_stmt_expr(CXCursor c)
{
	c = ls_cfg_strip(c, 1);
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator)
		c = ls_cfg_strip(ls_cfg_first_child(c), 1);
	return clang_getCursorKind(c) == CXCursor_StmtExpr;
}

/* An expression evaluated for its effects only. */
static void expr_stmt(struct builder *b, CXCursor c)
{
	CXCursor s = ls_cfg_strip(c, 1);
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(s, &n);
		char buf[16];
		const char *op = n == 2 ? ls_cfg_operator(b->g->tu, s, buf) : NULL;
		if (op && (!strcmp(op, "&&") || !strcmp(op, "||"))) {
			unsigned rhs = new_block(b), after = new_block(b);
			if (op[0] == '&')
				cond(b, kids[0], rhs, after, s);
			else
				cond(b, kids[0], after, rhs, s);
			b->cur = rhs;
			expr_stmt(b, kids[1]);
			jump(b, after);
			b->cur = after;
			free(kids);
			return;
		}
		/* glibc's assert() is `(void)sizeof(...), __extension__ ({ ... })`
		 * written in a macro body, where the comma cannot be tokenized:
		 * a statement expression on the right can only be sequenced. */
		if ((op && !strcmp(op, ",")) || (!op && n == 2 && is_stmt_expr(kids[1]))) {
			expr_stmt(b, kids[0]);
			expr_stmt(b, kids[1]);
			free(kids);
			return;
		}
		free(kids);
	} else if (k == CXCursor_ConditionalOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(s, &n);
		if (n == 3) {
			unsigned ta = new_block(b), fb = new_block(b), after = new_block(b);
			cond(b, kids[0], ta, fb, s);
			b->cur = ta;
			expr_stmt(b, kids[1]);
			jump(b, after);
			b->cur = fb;
			expr_stmt(b, kids[2]);
			jump(b, after);
			b->cur = after;
			free(kids);
			return;
		}
		free(kids);
	} else if (k == CXCursor_StmtExpr) {
		CXCursor body = ls_cfg_first_child(s);
		if (!clang_Cursor_isNull(body)) {
			stmt(b, body);
			return;
		}
	} else if (k == CXCursor_UnaryOperator) {
		CXCursor inner = ls_cfg_strip(ls_cfg_first_child(s), 1);
		if (clang_getCursorKind(inner) == CXCursor_StmtExpr) {
			expr_stmt(b, inner);
			return;
		}
	}
	add_elem(b, c);
	if (k == CXCursor_CallExpr && ls_cfg_call_noreturn(b->g->tu, s)) {
		struct ls_cfg_block *blk = &b->g->blocks[b->cur];
		blk->flags |= LS_CFG_NORETURN;
		blk->term = s;
		b->cur = new_block(b);
	}
}

static int looks_like_cond(struct builder *b, CXCursor c)
{
	c = ls_cfg_strip(c, 0);
	switch (clang_getCursorKind(c)) {
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_CallExpr:
	case CXCursor_ArraySubscriptExpr:
		return 1;
	case CXCursor_BinaryOperator:
	case CXCursor_UnaryOperator: {
		char buf[16];
		const char *op = ls_cfg_operator(b->g->tu, c, buf);
		if (!op)
			return 0;
		static const char *const conds[] = {"==", "!=", "<", ">", "<=", ">=", "&&", "||", "!",
						    "&", "|", "*"};
		for (size_t i = 0; i < LS_ARRAY_LEN(conds); i++)
			if (!strcmp(op, conds[i]))
				return 1;
		return 0;
	}
	default:
		return 0;
	}
}

/* for (init; cond; inc) body: libclang omits absent parts from the
 * children, so classify what is there. */
static void for_stmt(struct builder *b, CXCursor c)
{
	unsigned n;
	CXCursor *k = ls_cfg_children(c, &n);
	CXCursor nul = clang_getNullCursor(), init = nul, cnd = nul, inc = nul;
	if (n == 0) {
		free(k);
		return;
	}
	CXCursor body = k[n - 1];
	if (n == 4) {
		init = k[0], cnd = k[1], inc = k[2];
	} else if (n == 3) {
		if (clang_getCursorKind(k[0]) == CXCursor_DeclStmt || !looks_like_cond(b, k[0]))
			init = k[0], (looks_like_cond(b, k[1]) ? (cnd = k[1]) : (inc = k[1]));
		else
			cnd = k[0], inc = k[1];
	} else if (n == 2) {
		if (clang_getCursorKind(k[0]) == CXCursor_DeclStmt)
			init = k[0];
		else if (looks_like_cond(b, k[0]))
			cnd = k[0];
		else
			init = k[0];
	}
	free(k);
	if (!clang_Cursor_isNull(init)) {
		if (clang_getCursorKind(init) == CXCursor_DeclStmt)
			add_elem(b, init);
		else
			expr_stmt(b, init);
	}
	unsigned head = new_block(b), bodyb = new_block(b), incb = new_block(b), after = new_block(b);
	jump(b, head);
	b->g->blocks[head].flags |= LS_CFG_LOOP_HEAD;
	b->cur = head;
	if (clang_Cursor_isNull(cnd)) {
		jump(b, bodyb);
		b->g->blocks[head].term = c;
	} else {
		cond(b, cnd, bodyb, after, c);
	}
	unsigned obrk = b->brk, ocont = b->cont;
	b->brk = after, b->cont = incb;
	b->cur = bodyb;
	stmt(b, body);
	jump(b, incb);
	b->cur = incb;
	if (!clang_Cursor_isNull(inc))
		expr_stmt(b, inc);
	jump(b, head);
	b->brk = obrk, b->cont = ocont;
	b->cur = after;
}

static void stmt(struct builder *b, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	unsigned n;
	CXCursor *kids;
	CXCursor nul = clang_getNullCursor();
	switch (k) {
	case CXCursor_CompoundStmt:
		kids = ls_cfg_children(c, &n);
		for (unsigned i = 0; i < n; i++)
			stmt(b, kids[i]);
		free(kids);
		return;
	case CXCursor_NullStmt:
		return;
	case CXCursor_DeclStmt:
		add_elem(b, c);
		return;
	case CXCursor_IfStmt: {
		kids = ls_cfg_children(c, &n);
		if (n < 2) {
			free(kids);
			return;
		}
		unsigned tb = new_block(b), fb = new_block(b);
		unsigned after = n == 3 ? new_block(b) : fb;
		cond(b, kids[0], tb, fb, c);
		b->cur = tb;
		stmt(b, kids[1]);
		jump(b, after);
		if (n == 3) {
			b->cur = fb;
			stmt(b, kids[2]);
			jump(b, after);
		}
		b->cur = after;
		free(kids);
		return;
	}
	case CXCursor_WhileStmt: {
		kids = ls_cfg_children(c, &n);
		if (n != 2) {
			free(kids);
			return;
		}
		unsigned head = fall_into_new(b), bodyb = new_block(b), after = new_block(b);
		b->g->blocks[head].flags |= LS_CFG_LOOP_HEAD;
		cond(b, kids[0], bodyb, after, c);
		unsigned obrk = b->brk, ocont = b->cont;
		b->brk = after, b->cont = head;
		b->cur = bodyb;
		stmt(b, kids[1]);
		jump(b, head);
		b->brk = obrk, b->cont = ocont;
		b->cur = after;
		free(kids);
		return;
	}
	case CXCursor_DoStmt: {
		kids = ls_cfg_children(c, &n);
		if (n != 2) {
			free(kids);
			return;
		}
		unsigned bodyb = fall_into_new(b), condb = new_block(b), after = new_block(b);
		if (const_truth(kids[1]) != 0) /* do { } while (0) is no loop */
			b->g->blocks[bodyb].flags |= LS_CFG_LOOP_HEAD;
		unsigned obrk = b->brk, ocont = b->cont;
		b->brk = after, b->cont = condb;
		stmt(b, kids[0]);
		jump(b, condb);
		b->cur = condb;
		cond(b, kids[1], bodyb, after, c);
		b->brk = obrk, b->cont = ocont;
		b->cur = after;
		free(kids);
		return;
	}
	case CXCursor_ForStmt:
		for_stmt(b, c);
		return;
	case CXCursor_SwitchStmt: {
		kids = ls_cfg_children(c, &n);
		if (n != 2) {
			free(kids);
			return;
		}
		add_elem(b, kids[0]);
		unsigned osw = b->sw, obrk = b->brk;
		CXCursor oswcond = b->swcond;
		int odef = b->sw_default;
		unsigned after = new_block(b);
		b->sw = b->cur, b->swcond = kids[0], b->sw_default = 0, b->brk = after;
		b->g->blocks[b->cur].term = c;
		b->cur = new_block(b); /* code before the first label is unreachable */
		stmt(b, kids[1]);
		jump(b, after);
		if (!b->sw_default)
			add_edge(b, b->sw, after, LS_CFG_EDGE_DEFAULT, kids[0], nul);
		b->sw = osw, b->swcond = oswcond, b->sw_default = odef, b->brk = obrk;
		b->cur = after;
		free(kids);
		return;
	}
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt: {
		kids = ls_cfg_children(c, &n);
		unsigned nb = fall_into_new(b);
		if (b->sw != NONE) {
			int def = k == CXCursor_DefaultStmt;
			add_edge(b, b->sw, nb, def ? LS_CFG_EDGE_DEFAULT : LS_CFG_EDGE_CASE, b->swcond, c);
			if (def)
				b->sw_default = 1;
		}
		if (n > 0)
			stmt(b, kids[n - 1]);
		free(kids);
		return;
	}
	case CXCursor_BreakStmt:
		jump_away(b, b->brk, c);
		return;
	case CXCursor_ContinueStmt:
		jump_away(b, b->cont, c);
		return;
	case CXCursor_ReturnStmt:
		add_elem(b, c);
		b->g->blocks[b->cur].flags |= LS_CFG_RETURN;
		jump_away(b, b->g->exit, c);
		return;
	case CXCursor_GotoStmt: {
		CXCursor ref = ls_cfg_first_child(c);
		CXString s = clang_getCursorSpelling(ref);
		unsigned to = label_block(b, clang_getCString(s));
		clang_disposeString(s);
		jump_away(b, to, c);
		return;
	}
	case CXCursor_IndirectGotoStmt:
		add_elem(b, c);
		jump_away(b, NONE, c);
		return;
	case CXCursor_LabelStmt: {
		CXString s = clang_getCursorSpelling(c);
		unsigned lb = label_block(b, clang_getCString(s));
		clang_disposeString(s);
		jump(b, lb);
		b->cur = lb;
		CXCursor sub = ls_cfg_first_child(c);
		if (!clang_Cursor_isNull(sub))
			stmt(b, sub);
		return;
	}
	default:
		if (clang_isExpression(k))
			expr_stmt(b, c);
		else if (clang_isStatement(k) || clang_isDeclaration(k))
			add_elem(b, c); /* asm, ... : opaque */
		return;
	}
}

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData d)
{
	if (clang_getCursorKind(c) == CXCursor_CompoundStmt) {
		*(CXCursor *)d = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

struct ls_cfg *ls_cfg_build(CXTranslationUnit tu, CXCursor fn)
{
	CXCursor body = clang_getNullCursor();
	clang_visitChildren(fn, find_body, &body);
	if (clang_Cursor_isNull(body))
		return NULL;
	struct ls_cfg *g = ls_xcalloc(1, sizeof *g);
	g->tu = tu, g->fn = fn, g->body = body;
	struct builder b = {.g = g, .brk = NONE, .cont = NONE, .sw = NONE};
	g->entry = new_block(&b);
	g->exit = new_block(&b);
	b.cur = g->entry;
	stmt(&b, body);
	jump(&b, g->exit);
	ls_strmap_free(&b.labels, NULL);
	/* predecessors */
	unsigned *np = ls_xcalloc(g->nblocks, sizeof *np);
	for (unsigned i = 0; i < g->nblocks; i++)
		for (unsigned e = 0; e < g->blocks[i].nsucc; e++)
			np[g->blocks[i].succ[e].to]++;
	for (unsigned i = 0; i < g->nblocks; i++)
		g->blocks[i].pred = np[i] ? ls_xmalloc(np[i] * sizeof(unsigned)) : NULL;
	for (unsigned i = 0; i < g->nblocks; i++)
		for (unsigned e = 0; e < g->blocks[i].nsucc; e++) {
			struct ls_cfg_block *t = &g->blocks[g->blocks[i].succ[e].to];
			t->pred[t->npred++] = i;
		}
	free(np);
	free(b.esz);
	free(b.ssz);
	return g;
}

void ls_cfg_free(struct ls_cfg *g)
{
	if (!g)
		return;
	for (unsigned i = 0; i < g->nblocks; i++) {
		free(g->blocks[i].elems);
		free(g->blocks[i].succ);
		free(g->blocks[i].pred);
	}
	free(g->blocks);
	free(g);
}

unsigned ls_cfg_rpo(const struct ls_cfg *g, unsigned **out)
{
	/* iterative DFS recording postorder */
	unsigned *post = ls_xmalloc(g->nblocks * sizeof *post), npost = 0;
	unsigned *stack = ls_xmalloc(g->nblocks * sizeof *stack), *edge = ls_xcalloc(g->nblocks, sizeof *edge);
	unsigned char *seen = ls_xcalloc(g->nblocks, 1);
	unsigned sp = 0;
	stack[sp++] = g->entry;
	seen[g->entry] = 1;
	while (sp) {
		unsigned v = stack[sp - 1];
		if (edge[v] < g->blocks[v].nsucc) {
			unsigned w = g->blocks[v].succ[edge[v]++].to;
			if (!seen[w]) {
				seen[w] = 1;
				stack[sp++] = w;
			}
		} else {
			post[npost++] = v;
			sp--;
		}
	}
	for (unsigned i = 0; i < npost / 2; i++) {
		unsigned t = post[i];
		post[i] = post[npost - 1 - i];
		post[npost - 1 - i] = t;
	}
	free(stack);
	free(edge);
	free(seen);
	*out = post;
	return npost;
}

void ls_cfg_dump(const struct ls_cfg *g, FILE *f)
{
	static const char *const kinds[] = {"", "T", "F", "case", "default"};
	for (unsigned i = 0; i < g->nblocks; i++) {
		const struct ls_cfg_block *blk = &g->blocks[i];
		fprintf(f, "B%u%s%s%s%s:", i, i == g->entry ? " entry" : "", i == g->exit ? " exit" : "",
			blk->flags & LS_CFG_RETURN ? " return" : "",
			blk->flags & LS_CFG_NORETURN ? " noreturn" : "");
		for (unsigned e = 0; e < blk->nelems; e++) {
			unsigned line;
			clang_getExpansionLocation(clang_getCursorLocation(blk->elems[e]), NULL, &line, NULL, NULL);
			CXString ks = clang_getCursorKindSpelling(clang_getCursorKind(blk->elems[e]));
			fprintf(f, " %s@%u", clang_getCString(ks), line);
			clang_disposeString(ks);
		}
		fprintf(f, " ->");
		for (unsigned e = 0; e < blk->nsucc; e++)
			fprintf(f, " B%u%s%s", blk->succ[e].to, *kinds[blk->succ[e].kind] ? ":" : "",
				kinds[blk->succ[e].kind]);
		fputc('\n', f);
	}
}
