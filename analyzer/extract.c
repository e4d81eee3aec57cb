/*
 * extract.c — one TU in, one summary out (see extract.h).
 *
 * The walk is a single pre-order pass over each function body defined in
 * the main file. It keeps a stack of parent cursors (to tell a callee from
 * an argument, a discarded result from a used one, an assignment into a
 * struct field from any other use of a function's address), a stack of
 * enclosing loop statements (each call records its innermost one: the link
 * step finds the loop drivers, loops whose body reaches a wait through any
 * chain of calls across TUs) and a stack of the zero sides of tests of a
 * call's result (the link step knows which of those calls fork).
 * Arguments are only spelled out for calls some model mentions, so the
 * cost of a TU stays close to the cost of parsing it.
 */
#include "analyzer/extract.h"

#include <clang-c/Index.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/cfg.h"
#include "analyzer/intra.h"
#include "common/strmap.h"
#include "common/util.h"

#define ARG_TEXT_MAX 160

/* What to undo when a frame's children are all walked. */
enum leave { LEAVE_NONE, LEAVE_DYING, LEAVE_LOOP };

struct frame {
	CXCursor c;
	enum CXCursorKind kind;
	int index;  /* this cursor's index among its parent's children */
	CXCursor *kids; /* its children, walked in order */
	size_t nkids, next;
	enum leave leave;
	int zero_pushed; /* it is a zero side (see zero_side): pop it after */
	int guard_pushed; /* it runs under a guard (see guard_side): pop it after */
	size_t guard_n, any_n; /* how many entries of x->guards, x->anys that pushed */
	size_t flags_at, unset_at; /* lengths of x->flags and x->unset when entered */
	CXCursor exit_call; /* an if: the call whose result decides a clean exit */
	/* An if or switch testing a call's result against zero: the call and
	 * (if) the child that is its zero side. */
	CXCursor zero_call;
	int zero_branch;
	/* an if whose condition is `A && T` (T true when the call's result is
	 * nonzero) or `A || T` (T true when it is zero): the zero side is
	 * shared with A's failing (zero_or); zero_rest is A, zero_holds the
	 * value A has when that side runs for it */
	CXCursor zero_rest;
	int zero_holds;
	int zero_or_pushed;
	int switch_zero;  /* a switch's body: call index its "case 0" tests, or -1 */
	int in_case_zero; /* that body is past "case 0:" and before the next label */
	/* The body of a switch on a parameter (see switch_case): the
	 * parameter, every label's value, the values that reach the
	 * statement being walked, whether default does, and whether the
	 * previous statement can fall through into the next. */
	int case_param;
	char *case_key, *case_name; /* or a switch on a field (channel values): its USR, name */
	json_t *case_labels, *case_in;
	int case_default, case_fell;
	/* a switch's body: per child, whether it lies between a label and a
	 * call that does not return (case_deaths); the child: it does */
	char *case_dies;
	int case_dying;
	/* a block: guards and dead branches its `if (C) return;` statements
	 * pushed for the statements after them (early_exits) */
	int early_guards, early_dead, early_anys;
	int seq;         /* its place in the walk's preorder (x->seq) */
	int null_pushed; /* it runs where a pointer local is null (x->nullside) */
};

/* A variable that last received a call's result ("pid = fork()"). */
struct assigned {
	char *usr;
	CXCursor call;
};

/* A growable stack of ints. */
struct istack {
	int *v;
	int n, cap;
};

static void istack_push(struct istack *s, int v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = ls_xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
	}
	s->v[s->n++] = v;
}

/* Cursors already accounted for (callees, call arguments, field stores). */
struct cursor_set {
	CXCursor *v;
	unsigned *h;
	size_t cap, len;
};

struct ext {
	CXTranslationUnit tu;
	struct ls_models *m;
	json_t *sum, *functions, *refs, *fdmarks, *objmarks;
	json_t *usemarks; /* {key, use}: what calls do with objects (object_uses) */
	json_t *objkeys;  /* key -> true: objects an `objects` call made (object_mark) */
	json_t *results;  /* call cursor hash -> key its value is stored under */
	json_t *flows; /* function addresses into slots (see slot_of) */
	json_t *globals;   /* file-scope variable usr -> {usr, uses{}}: what its initializer names */
	json_t *uses;      /* the function being walked: usr -> true, the globals it names */
	json_t *code_vars; /* variable usr -> whether it may hold code (holds_code) */
	const char *init_usr; /* the file-scope variable whose initializer is walked */
	json_t *pseudo_prefixes; /* the models' `pseudo_files` path prefixes */
	json_t *pseudo_paths;    /* this function's variables holding such a path */
	int returns_obj;         /* returns an int or a non-string pointer (return_origin) */
	/* the function being walked */
	json_t *fn, *calls, *icalls, *forwards;
	const char *fn_usr, *fn_name;
	char **params; /* USRs of its parameters */
	int nparams;
	int returns_fp; /* it returns a function pointer */
	int nreturns;   /* return statements seen in it */
	unsigned last_return[2]; /* where the last return (or its outermost loop) ends */
	/* The walk's explicit stack: no depth limit, no C recursion, so a
	 * deep AST (an else-if chain of thousands) is walked whole. */
	struct frame *stack;
	int depth, cap;
	json_t *loops;         /* the function's loop statements */
	struct istack loop_at; /* enclosing loops, as indexes into loops */
	struct istack zero_at; /* enclosing zero sides, as call indexes */
	json_t *zero_or;       /* enclosing shared zero sides [{call, when, holds}] */
	json_t *guards;        /* enclosing guards on parameters (guard_side) */
	json_t *cases;         /* enclosing switch cases on fields (channel values) */
	json_t *fvals;         /* this function's stores into integer fields: USR -> [value] */
	json_t *lvals;         /* its integer locals: USR -> [value], every value assigned */
	json_t *anys;          /* enclosing disjunctions of them, from tests of locals: [[guards]]
				* (local_guard) */
	json_t *flags, *unset; /* enclosing tests of global state (push_flags) */
	json_t *writes;        /* this function's writes of global state (note_write) */
	json_t *signames;      /* the models' operator_signals */
	json_t *sigvals;       /* their values, from the TU's macro definitions */
	int dead;              /* >0: under a guard a constant local makes false */
	json_t *orvals;        /* this function's int locals: USR -> [{text, requires}], the
				* values or-ed into them (`fl |= O_NONBLOCK`, `fl = fl | K`) */
	int nlabels;           /* labels, case and default walked so far in the function */
	json_t *setvals;       /* this function's int locals: USR -> [{k?, requires, dead?}],
				* their plain stores `v = E` walked so far (k: E's constant;
				* requires: the guards the store runs under; see local_guard) */
	/* Fall-through chains (see null_narrow): every frame's preorder number,
	 * the pointer locals' stores, the jumps, the chains of tests each
	 * storing a never-null value into a pointer local, and the enclosing
	 * null sides of pointer locals. */
	int seq;
	json_t *pstores;  /* USR -> [{seq, nn?, init?, dom?}] */
	json_t *jumps;    /* [[seq, target frame index or -1]]: goto, break, continue */
	json_t *chains;   /* [{p, seq, bdepth, bseq, clauses}] */
	json_t *nullside; /* [{p, seq, nl, lo}] */
	json_t *const_locals;  /* this function's locals: USR -> constant init, or null
				* once written (filled lazily, see const_local) */
	CXCursor *call_cur;    /* the cursor of each call kept in calls */
	size_t ncall_cur, call_cur_cap;
	struct assigned assigned[16]; /* ring of the latest call-result stores */
	int nassigned;
	json_t *returns; /* call indexes whose result the function returns */
	/* A string-returning function that returns a copy of one parameter
	 * (copy_return): the parameter (-1: none yet, -2: not a copy), the
	 * locals it returns, and where its objmarks start. */
	int copy_param;
	json_t *copy_locals;
	size_t objmarks_at;
	struct cursor_set handled;
	int dying; /* >0: inside a block that ends in a call that does not return */
	CXFile main_file;
	json_t *framework_globs; /* the models' `opaque` globs: framework APIs */
	/* coroutine macro expansions in the main file: sorted offsets + names */
	unsigned *macro_off;
	char **macro_name;
	size_t nmacros;
};

/* ---- small libclang helpers ---- */

static char *str(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = ls_xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

struct kids {
	CXCursor v[8];
	int n, total;
};

static enum CXChildVisitResult kids_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct kids *k = d;
	if (k->n < (int)LS_ARRAY_LEN(k->v))
		k->v[k->n++] = c;
	k->total++;
	return CXChildVisit_Continue;
}

static struct kids children(CXCursor c)
{
	struct kids k = {.n = 0};
	clang_visitChildren(c, kids_cb, &k);
	return k;
}

/* Remove parentheses and casts (ls_cfg_strip), and with unary also & and
 * * (a function's address and the function name the same thing). */
static CXCursor strip(CXCursor c, int unary)
{
	for (int guard = 0; guard < 32; guard++) {
		c = ls_cfg_strip(c, 1);
		if (!unary || clang_getCursorKind(c) != CXCursor_UnaryOperator)
			return c;
		struct kids ch = children(c);
		if (ch.n != 1)
			return c;
		c = ch.v[0];
	}
	return c;
}

static int is_function_decl(CXCursor c)
{
	return clang_getCursorKind(c) == CXCursor_FunctionDecl;
}

/* The function a (stripped) expression names, or a null cursor. */
static CXCursor function_ref(CXCursor e)
{
	e = strip(e, 1);
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr) {
		CXCursor r = clang_getCursorReferenced(e);
		if (is_function_decl(r))
			return r;
	}
	return clang_getNullCursor();
}

static char *canonical_type(CXType t)
{
	return str(clang_getTypeSpelling(clang_getCanonicalType(t)));
}

/* Canonical spelling of a function's type, e.g. "void (int, void *)". */
static char *function_type(CXCursor fn)
{
	return canonical_type(clang_getCursorType(fn));
}

static void set_location(json_t *o, CXCursor c)
{
	unsigned line, col;
	CXFile f;
	clang_getExpansionLocation(clang_getCursorLocation(c), &f, &line, &col, NULL);
	json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "column", json_integer(col));
}

/* A call written over several lines: the line its argument list ends on
 * (what the arguments call runs before the call). */
static void end_line(json_t *o, CXCursor c)
{
	unsigned line, end;
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &line, NULL, NULL);
	clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, &end, NULL, NULL);
	if (end > line)
		json_object_set_new(o, "end_line", json_integer(end));
}

static unsigned hash_cursor(CXCursor c)
{
	return clang_hashCursor(c) | 1u;
}

static void set_add(struct cursor_set *s, CXCursor c)
{
	if ((s->len + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		CXCursor *nv = ls_xcalloc(ncap, sizeof *nv);
		unsigned *nh = ls_xcalloc(ncap, sizeof *nh);
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->h[i])
				continue;
			size_t j = s->h[i] & (ncap - 1);
			while (nh[j])
				j = (j + 1) & (ncap - 1);
			nh[j] = s->h[i];
			nv[j] = s->v[i];
		}
		free(s->v);
		free(s->h);
		s->v = nv;
		s->h = nh;
		s->cap = ncap;
	}
	unsigned h = hash_cursor(c);
	size_t j = h & (s->cap - 1);
	while (s->h[j]) {
		if (s->h[j] == h && clang_equalCursors(s->v[j], c))
			return;
		j = (j + 1) & (s->cap - 1);
	}
	s->h[j] = h;
	s->v[j] = c;
	s->len++;
}

static int set_has(const struct cursor_set *s, CXCursor c)
{
	if (!s->cap)
		return 0;
	unsigned h = hash_cursor(c);
	size_t j = h & (s->cap - 1);
	while (s->h[j]) {
		if (s->h[j] == h && clang_equalCursors(s->v[j], c))
			return 1;
		j = (j + 1) & (s->cap - 1);
	}
	return 0;
}

static void set_clear(struct cursor_set *s)
{
	free(s->v);
	free(s->h);
	memset(s, 0, sizeof *s);
}

/* Source text of an expression, tokens joined by single spaces. */
static char *spell(CXTranslationUnit tu, CXCursor c)
{
	/* Tokenize the text as written: an argument spelled with a macro
	 * (WNOHANG, stderr) has an extent inside the macro's definition, so
	 * map both ends to where the macro is used. */
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile f1, f2;
	unsigned o1, o2;
	clang_getExpansionLocation(clang_getRangeStart(r), &f1, NULL, NULL, &o1);
	clang_getExpansionLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &o2);
	if (f1 && f1 == f2 && o2 >= o1)
		r = clang_getRange(clang_getLocationForOffset(tu, f1, o1),
				   clang_getLocationForOffset(tu, f2, o2));
	CXToken *toks = NULL;
	unsigned n = 0;
	clang_tokenize(tu, r, &toks, &n);
	struct ls_buf b = {0};
	for (unsigned i = 0; i < n && b.len < ARG_TEXT_MAX; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		if (i)
			ls_buf_puts(&b, " ");
		ls_buf_puts(&b, clang_getCString(s));
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, toks, n);
	return ls_buf_steal(&b);
}

static int is_integer(CXType t);

/* Is the binary operator an assignment '='? libclang 14 exposes no
 * operator kind, so look at the first token after the left operand. */
static int is_assignment(CXCursor op, CXCursor lhs)
{
	/* An assignment's value has the left operand's type; a comparison's is
	 * int. For a pointer that settles it (also inside macro expansions such
	 * as ev_io_init's "(w)->cb = (cb)", whose tokens are the macro's use);
	 * for integers ask for the operator's spelling. */
	CXType ot = clang_getCanonicalType(clang_getCursorType(op));
	CXType lt = clang_getCanonicalType(clang_getCursorType(lhs));
	/* a volatile int's store has type int: ask the operator */
	if (!clang_equalTypes(ot, lt) && !(is_integer(ot) && is_integer(lt)))
		return 0;
	if (ot.kind == CXType_Pointer)
		return 1;
	char buf[8];
	const char *o = ls_cfg_operator(clang_Cursor_getTranslationUnit(op), op, buf);
	return o && !strcmp(o, "=");
}

/* USR of the variable, parameter or field an fd expression names. */
static char *expr_key(CXCursor e)
{
	e = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
		CXCursor r = clang_getCursorReferenced(e);
		enum CXCursorKind rk = clang_getCursorKind(r);
		if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl || rk == CXCursor_FieldDecl)
			return str(clang_getCursorUSR(r));
	}
	return NULL;
}

/* Does the expression name storage that outlives a call: a struct field
 * or a file-scope variable (not a local or a parameter)? */
static int stored_storage(CXCursor e)
{
	e = strip(e, 0);
	CXCursor r = clang_getCursorReferenced(e);
	enum CXCursorKind k = clang_getCursorKind(e), rk = clang_getCursorKind(r);
	if (k == CXCursor_MemberRefExpr)
		return rk == CXCursor_FieldDecl;
	return k == CXCursor_DeclRefExpr && rk == CXCursor_VarDecl &&
	       clang_getCursorKind(clang_getCursorSemanticParent(r)) == CXCursor_TranslationUnit;
}

static int written_int_param(struct ext *x, CXCursor d);

static int param_index(struct ext *x, CXCursor e)
{
	e = strip(e, 0);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return -1;
	CXCursor r = clang_getCursorReferenced(e);
	if (clang_getCursorKind(r) != CXCursor_ParmDecl)
		return -1;
	char *usr = str(clang_getCursorUSR(r));
	int idx = -1;
	for (int i = 0; i < x->nparams; i++)
		if (!strcmp(x->params[i], usr))
			idx = i;
	free(usr);
	/* one the function writes is read as a local (written_int_param) */
	return idx >= 0 && written_int_param(x, r) ? -1 : idx;
}

/* The operand of a unary operator op ("&" or "*") that e is (after
 * parentheses and casts), or a null cursor. */
static CXCursor unary_operand(CXCursor e, const char *op)
{
	e = ls_cfg_strip(e, 1);
	char buf[16];
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator) {
		const char *o = ls_cfg_operator(clang_Cursor_getTranslationUnit(e), e, buf);
		struct kids ch = children(e);
		if (o && !strcmp(o, op) && ch.n == 1)
			return ch.v[0];
	}
	return clang_getNullCursor();
}

static int is_function_pointer(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return 0;
	CXType p = clang_getCanonicalType(clang_getPointeeType(t));
	return p.kind == CXType_FunctionProto || p.kind == CXType_FunctionNoProto;
}

/* ---- value flow of function addresses ---- */

/* A function pointer, or an array (of arrays) of them. */
static int fp_like(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray ||
	    t.kind == CXType_VariableArray)
		return fp_like(clang_getArrayElementType(t));
	return is_function_pointer(t);
}

/*
 * The storage an expression of function-pointer type reads or writes, as
 * a key the link step joins across TUs (NULL when it has none we track):
 *   F:<field usr>  a struct field: every object of that record type, so
 *                  copies of whole structs need no tracking
 *   V:<var usr>    a global, static or local variable; an array's
 *                  elements are the array
 *   P:<fn usr>#i   parameter i of a function
 *   R:<fn usr>     what a function returns
 */
static char *slot_of(struct ext *x, CXCursor e, CXCursor *at)
{
	for (int guard = 0; guard < 16; guard++) {
		e = strip(e, 0);
		enum CXCursorKind k = clang_getCursorKind(e);
		if (k == CXCursor_ArraySubscriptExpr || k == CXCursor_UnaryOperator) {
			/* a[i] is a; *fp is fp (calling through either is the same) */
			struct kids ch = children(e);
			if (!ch.n || (k == CXCursor_UnaryOperator &&
				      !is_function_pointer(clang_getCursorType(strip(ch.v[0], 0)))))
				return NULL;
			e = ch.v[0];
			continue;
		}
		CXCursor r = clang_getCursorReferenced(e);
		enum CXCursorKind rk = clang_getCursorKind(r);
		if (at)
			*at = r;
		if (k == CXCursor_MemberRefExpr && rk == CXCursor_FieldDecl) {
			char *u = str(clang_getCursorUSR(r));
			char *s = ls_xasprintf("F:%s", u);
			free(u);
			return s;
		}
		if (k == CXCursor_DeclRefExpr && rk == CXCursor_ParmDecl) {
			int p = param_index(x, e);
			return p >= 0 && x->fn_usr ? ls_xasprintf("P:%s#%d", x->fn_usr, p) : NULL;
		}
		if (k == CXCursor_DeclRefExpr && rk == CXCursor_VarDecl) {
			char *u = str(clang_getCursorUSR(r));
			char *s = ls_xasprintf("V:%s", u);
			free(u);
			return s;
		}
		if (k == CXCursor_CallExpr && is_function_decl(r)) {
			char *u = str(clang_getCursorUSR(r));
			char *s = ls_xasprintf("R:%s", u);
			free(u);
			return s;
		}
		return NULL;
	}
	return NULL;
}

/* Where the value of `e` comes from: a function's address ("fn") or a
 * slot ("from"), possibly several (a ?: b, an array's initializer).
 * Calls add(obj, d) for each; obj is a new reference. */
static void value_sources(struct ext *x, CXCursor e, void (*add)(json_t *, void *), void *d)
{
	CXCursor fn = function_ref(e);
	if (!clang_Cursor_isNull(fn)) {
		char *u = str(clang_getCursorUSR(fn));
		add(json_pack("{s:s}", "fn", u), d);
		free(u);
		return;
	}
	CXCursor s = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(s);
	if (!fp_like(clang_getCursorType(s)))
		return;
	if (k == CXCursor_ConditionalOperator || k == CXCursor_InitListExpr) {
		struct kids ch = children(s);
		for (int i = k == CXCursor_ConditionalOperator && ch.n == 3; i < ch.n; i++) {
			/* [i] = f in an array's initializer: index and value */
			struct kids el = children(ch.v[i]);
			int designated = k == CXCursor_InitListExpr && el.n >= 2 &&
					 clang_getCursorKind(ch.v[i]) == CXCursor_UnexposedExpr;
			value_sources(x, designated ? el.v[el.n - 1] : ch.v[i], add, d);
		}
		return;
	}
	char *slot = slot_of(x, s, NULL);
	if (slot)
		add(json_pack("{s:s}", "from", slot), d);
	free(slot);
}

/* Whose code a fact belongs to: the function being walked ("in") or the
 * file-scope variable whose initializer holds it ("init"). The link step
 * counts the fact only where that code is reachable. */
static void owner(struct ext *x, json_t *o)
{
	if (x->fn_usr)
		json_object_set_new(o, "in", json_string(x->fn_usr));
	else if (x->init_usr)
		json_object_set_new(o, "init", json_string(x->init_usr));
}

struct flow_to {
	json_t *flows;
	const char *to;
};

static void flow_add(json_t *src, void *d)
{
	struct flow_to *ft = d;
	json_object_set_new(src, "to", json_string(ft->to));
	json_array_append_new(ft->flows, src);
}

/* The value of `value` is stored into slot `to` (owned by the caller). */
static void flow(struct ext *x, const char *to, CXCursor value)
{
	if (!to)
		return;
	struct flow_to ft = {x->flows, to};
	size_t before = json_array_size(x->flows);
	value_sources(x, value, flow_add, &ft);
	for (size_t i = before; i < json_array_size(x->flows); i++) {
		json_t *o = json_array_get(x->flows, i);
		owner(x, o);
		if (x->fn_usr)
			set_location(o, value);
	}
}

/* The value of `value` is stored where `lhs` names. */
static void flow_into(struct ext *x, CXCursor lhs, CXCursor value)
{
	char *to = slot_of(x, lhs, NULL);
	flow(x, to, value);
	free(to);
}

static int is_integer(CXType t)
{
	enum CXTypeKind k = clang_getCanonicalType(t).kind;
	return k >= CXType_Bool && k <= CXType_Int128;
}

/* ---- facts ---- */

/* Where a call, indirect call or loop sits: its innermost enclosing loop
 * statement and the zero sides of result tests around it (extract.h). */
static void place(struct ext *x, json_t *o)
{
	if (json_array_size(x->guards))
		json_object_set_new(o, "requires", json_deep_copy(x->guards));
	if (json_array_size(x->cases))
		json_object_set_new(o, "cases", json_deep_copy(x->cases));
	if (json_array_size(x->anys))
		json_object_set_new(o, "requires_any", json_deep_copy(x->anys));
	if (x->dead)
		json_object_set_new(o, "dead", json_true());
	if (json_array_size(x->flags))
		json_object_set_new(o, "flags", json_deep_copy(x->flags));
	if (json_array_size(x->unset))
		json_object_set_new(o, "unset", json_deep_copy(x->unset));
	if (x->loop_at.n)
		json_object_set_new(o, "loop", json_integer(x->loop_at.v[x->loop_at.n - 1]));
	if (x->zero_at.n) {
		json_t *z = json_array();
		for (int i = 0; i < x->zero_at.n; i++)
			json_array_append_new(z, json_integer(x->zero_at.v[i]));
		json_object_set_new(o, "zero_of", z);
	}
	if (json_array_size(x->zero_or))
		json_object_set_new(o, "zero_or", json_deep_copy(x->zero_or));
}

/* Index in the function's calls of the call at cursor c, or -1. */
static int call_index(const struct ext *x, CXCursor c)
{
	if (clang_Cursor_isNull(c))
		return -1;
	for (size_t i = x->ncall_cur; i-- > 0;)
		if (clang_equalCursors(x->call_cur[i], c))
			return (int)i;
	return -1;
}

static int constant_of(CXCursor e, long long *v);

/* call[field][I] = v, for facts about argument I ("consts", "passes"). */
static void put_arg(json_t *call, const char *field, int i, long long v)
{
	json_t *o = json_object_get(call, field);
	if (!o)
		json_object_set_new(call, field, o = json_object());
	char key[16];
	snprintf(key, sizeof key, "%d", i);
	json_object_set_new(o, key, json_integer(v));
}

/* ---- channel values: what integer fields and locals are set to ----
 *
 * A field the loop dispatches on after reading it back from a pipe
 * (`read(fd, &ev, sizeof ev); switch (ev.event)`) holds only what the
 * program stores into that field somewhere (`ev.event = event; write(fd,
 * &ev, sizeof ev)`). Each function records its stores into integer fields
 * (fvals {field USR: [value]}) and each value is {k} a constant, {param}
 * one of its parameters, or {any}, with the guards on parameters it is
 * stored under (requires) and whether a loop statement encloses it
 * (loop). A local assigned only constants stands for those constants,
 * each with the guards of its assignment (`if (sig == SIGHUP) event =
 * EV_RELOAD; ... send(pipefd, event)`): in fvals and in what a call
 * passes (lvals {"I": [value]}). The link step follows parameters to the
 * callers that pass them and decides which values only an operator's
 * signal handler produces (see link.c's channel values). */

/* The USR of e when it names an integer local of the function (not a
 * static), else NULL. */
static char *int_local(CXCursor e)
{
	e = strip(e, 0);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return NULL;
	CXCursor r = clang_getCursorReferenced(e);
	if (clang_getCursorKind(r) != CXCursor_VarDecl || !is_integer(clang_getCursorType(r)) ||
	    clang_getCursorKind(clang_getCursorSemanticParent(r)) != CXCursor_FunctionDecl ||
	    clang_Cursor_getStorageClass(r) == CX_SC_Static)
		return NULL;
	return str(clang_getCursorUSR(r));
}

/* The USR of the integer field e names (`ev.event`, `p->kind`), else NULL. */
static char *int_field(CXCursor e, char **name)
{
	e = strip(e, 0);
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
		return NULL;
	CXCursor r = clang_getCursorReferenced(e);
	if (clang_getCursorKind(r) != CXCursor_FieldDecl || !is_integer(clang_getCursorType(r)))
		return NULL;
	if (name)
		*name = str(clang_getCursorSpelling(r));
	return str(clang_getCursorUSR(r));
}

static void put_local(json_t *call, int i, const char *usr)
{
	json_t *o = json_object_get(call, "locals");
	if (!o)
		json_object_set_new(call, "locals", o = json_object());
	char key[16];
	snprintf(key, sizeof key, "%d", i);
	json_object_set_new(o, key, json_string(usr));
}

/* The value rhs (null: anything) stored where the walk is. */
static json_t *stored_value(struct ext *x, CXCursor rhs)
{
	long long v;
	int p = -1;
	char *l = NULL;
	json_t *e;
	if (clang_Cursor_isNull(rhs))
		e = json_pack("{s:b}", "any", 1);
	else if (constant_of(rhs, &v))
		e = json_pack("{s:I}", "k", (json_int_t)v);
	else if ((p = param_index(x, rhs)) >= 0)
		e = json_pack("{s:i}", "param", p);
	else if ((l = int_local(rhs)) != NULL)
		e = json_pack("{s:s}", "local", l);
	else
		e = json_pack("{s:b}", "any", 1);
	free(l);
	if (json_array_size(x->guards))
		json_object_set_new(e, "requires", json_deep_copy(x->guards));
	if (x->loop_at.n)
		json_object_set_new(e, "loop", json_true());
	return e;
}

/* A store of rhs (null: a write of unknown value: ++, op=, &) into lhs,
 * when lhs is an integer field or local. */
static void value_store(struct ext *x, CXCursor lhs, CXCursor rhs)
{
	if (!x->fvals)
		return;
	json_t *into = x->fvals;
	char *u = int_field(lhs, NULL);
	if (!u) {
		u = int_local(lhs);
		into = x->lvals;
	}
	if (!u)
		return;
	json_t *l = json_object_get(into, u);
	if (!l)
		json_object_set_new(into, u, l = json_array());
	json_t *e = stored_value(x, rhs);
	/* a local stands for constants only; a long list is as good as any */
	if ((into == x->lvals && !json_object_get(e, "k")) || json_array_size(l) >= 64) {
		json_decref(e);
		e = json_pack("{s:b}", "any", 1);
	}
	json_array_append_new(l, e);
	free(u);
}

/* ++, -- or & on an integer field or local: a value no one knows. */
static void unary_store(struct ext *x, CXCursor c)
{
	struct kids ch = children(c);
	if (!x->fvals || ch.n != 1)
		return;
	char *t = int_field(ch.v[0], NULL);
	if (!t)
		t = int_local(ch.v[0]);
	char buf[16];
	const char *o = t ? ls_cfg_operator(x->tu, c, buf) : NULL;
	if (o && (!strcmp(o, "++") || !strcmp(o, "--") || !strcmp(o, "&")))
		value_store(x, ch.v[0], clang_getNullCursor());
	free(t);
}

/* The values local usr stands for, each also under the guards of at. */
static json_t *local_values(struct ext *x, const char *usr, const json_t *at)
{
	json_t *out = json_array();
	const json_t *l = json_object_get(x->lvals, usr);
	size_t i;
	json_t *e;
	json_array_foreach(l, i, e) {
		if (!json_object_get(e, "k")) {
			json_array_clear(out);
			break;
		}
		json_t *c = json_deep_copy(e);
		json_t *req = json_object_get(c, "requires");
		const json_t *more = json_object_get(at, "requires");
		if (json_array_size(more)) {
			if (!req)
				json_object_set_new(c, "requires", req = json_array());
			json_array_extend(req, (json_t *)more);
		}
		if (json_is_true(json_object_get(at, "loop")))
			json_object_set_new(c, "loop", json_true());
		json_array_append_new(out, c);
	}
	if (!json_array_size(out)) /* never assigned here, or not only constants */
		json_array_append_new(out, json_pack("{s:b}", "any", 1));
	return out;
}

/* At the end of a function: locals in fvals and calls' locals become the
 * constants they stand for. */
static void resolve_values(struct ext *x)
{
	const char *key;
	json_t *l;
	json_object_foreach(x->fvals, key, l) {
		json_t *out = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(l, i, e) {
			const char *lu = json_string_value(json_object_get(e, "local"));
			if (lu) {
				json_t *vs = local_values(x, lu, e);
				json_array_extend(out, vs);
				json_decref(vs);
			} else
				json_array_append(out, e);
		}
		json_object_set_new(x->fvals, key, out);
	}
	size_t i;
	json_t *call;
	json_array_foreach(x->calls, i, call) {
		json_t *locals = json_object_get(call, "locals");
		if (!locals)
			continue;
		json_t *lv = json_object();
		const char *arg;
		json_t *u;
		json_object_foreach(locals, arg, u)
			json_object_set_new(lv, arg, local_values(x, json_string_value(u), NULL));
		json_object_set_new(call, "lvals", lv);
		json_object_del(call, "locals");
	}
}

static json_t *local_stores(struct ext *x, CXCursor decl);
static void null_narrow(struct ext *x, CXCursor decl, json_t *vals);

/* An int local passed as argument i: the values it can hold there
 * (lstores {"I": [entries of store_value]}), when they are known and some
 * entry is a constant or a parameter. */
static void local_arg(struct ext *x, json_t *call, int i, CXCursor decl)
{
	json_t *vals = local_stores(x, decl);
	size_t j;
	json_t *e;
	int some = 0;
	null_narrow(x, decl, vals);
	json_array_foreach(vals, j, e) {
		json_object_del(e, "_seq");
		some |= json_object_get(e, "k") || json_object_get(e, "param");
	}
	if (!some) {
		json_decref(vals);
		return;
	}
	json_t *o = json_object_get(call, "lstores");
	if (!o)
		json_object_set_new(call, "lstores", o = json_object());
	char key[16];
	snprintf(key, sizeof key, "%d", i);
	json_object_set_new(o, key, vals);
}

/* The integer parameters of the function that call c passes on unchanged
 * ("passes" {"I": param}), so the link step can follow a signal number
 * from the callback that receives it into the functions it hands it to. */
static void passes(struct ext *x, CXCursor c, json_t *call)
{
	int n = clang_Cursor_getNumArguments(c);
	for (int i = 0; i < n; i++) {
		CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
		int p = param_index(x, a);
		CXCursor sa = strip(a, 0);
		if (p >= 0 && is_integer(clang_getCursorType(sa)))
			put_arg(call, "passes", i, p);
		else if (clang_getCursorKind(sa) == CXCursor_DeclRefExpr)
			local_arg(x, call, i, clang_getCursorReferenced(sa));
	}
}

static int pseudo_path(struct ext *x, CXCursor a);
static int char_pointer(CXType t);

/* What call c passes: consts {"I": value} and passes {"I": param}, into o;
 * and its string arguments that are pseudo-file paths (pseudo {"I": 1}) or
 * a parameter of the caller (passes_path {"I": param}), for link.c's
 * pseudo_params. */
static void arg_facts(struct ext *x, CXCursor c, json_t *o)
{
	int n = clang_Cursor_getNumArguments(c);
	for (int i = 0; i < n; i++) {
		long long v;
		CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
		char *l = NULL;
		int p = param_index(x, a);
		if (pseudo_path(x, a))
			put_arg(o, "pseudo", i, 1);
		else if (p >= 0 && char_pointer(clang_getCursorType(strip(a, 0))))
			put_arg(o, "passes_path", i, p);
		if (constant_of(a, &v))
			put_arg(o, "consts", i, v);
		else if ((l = int_local(a)) != NULL)
			put_local(o, i, l);
		free(l);
	}
	if (n > 0)
		passes(x, c, o);
}

static void keep_call(struct ext *x, CXCursor c, json_t *call)
{
	if (!x->calls) {
		json_decref(call);
		return;
	}
	if (x->ncall_cur == x->call_cur_cap) {
		x->call_cur_cap = x->call_cur_cap ? 2 * x->call_cur_cap : 64;
		x->call_cur = ls_xrealloc(x->call_cur, x->call_cur_cap * sizeof *x->call_cur);
	}
	x->call_cur[x->ncall_cur++] = c;
	/* constant arguments of calls whose arguments are not recorded (the
	 * program's own functions), for guards on their parameters */
	if (!json_object_get(call, "args"))
		arg_facts(x, c, call);
	place(x, call);
	json_array_append_new(x->calls, call);
}

static int glob_any(const json_t *globs, const char *name);

/* Is a call to callee kept in the summary's calls? A library function no
 * model names (memset, printf) can be neither a program function nor an
 * API a rule judges: keeping it would only make the summary bigger. */
static int kept_callee(struct ext *x, CXCursor callee, const char *name)
{
	return ls_models_interesting(x->m, name) ||
	       !clang_Location_isInSystemHeader(clang_getCursorLocation(callee)) ||
	       glob_any(x->framework_globs, name);
}

/* The call itself if it is a direct call with an integer result that is
 * kept in calls; a null cursor otherwise. */
static CXCursor int_call(struct ext *x, CXCursor call)
{
	CXCursor callee = clang_getCursorReferenced(call);
	if (!is_function_decl(callee) || !is_integer(clang_getCursorResultType(callee)))
		return clang_getNullCursor();
	char *name = str(clang_getCursorSpelling(callee));
	int kept = kept_callee(x, callee, name);
	free(name);
	return kept ? call : clang_getNullCursor();
}

/* Remember that variable var now holds the result of call. */
static void assign_result(struct ext *x, CXCursor var, CXCursor call)
{
	if (!x->calls || !is_integer(clang_getCursorType(var)))
		return;
	struct assigned *a = &x->assigned[x->nassigned++ % LS_ARRAY_LEN(x->assigned)];
	free(a->usr);
	a->usr = str(clang_getCursorUSR(var));
	a->call = call;
}

/* The call whose result expression e is: the call itself, an assignment of
 * it, or a variable that last received it (see int_call). */
static CXCursor result_call(struct ext *x, CXCursor e)
{
	e = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_CallExpr)
		return int_call(x, e);
	if (k == CXCursor_BinaryOperator) {
		struct kids ch = children(e);
		if (ch.n == 2 && clang_getCursorKind(strip(ch.v[1], 0)) == CXCursor_CallExpr &&
		    is_assignment(e, ch.v[0]))
			return int_call(x, strip(ch.v[1], 0));
	}
	if (k == CXCursor_DeclRefExpr && x->nassigned) {
		char *usr = str(clang_getCursorUSR(clang_getCursorReferenced(e)));
		CXCursor r = clang_getNullCursor();
		int n = x->nassigned < (int)LS_ARRAY_LEN(x->assigned) ? x->nassigned
								       : (int)LS_ARRAY_LEN(x->assigned);
		for (int i = 1; i <= n; i++) {
			struct assigned *a = &x->assigned[(x->nassigned - i) % LS_ARRAY_LEN(x->assigned)];
			if (ls_streq(a->usr, usr)) {
				r = int_call(x, a->call);
				break;
			}
		}
		free(usr);
		return r;
	}
	return clang_getNullCursor();
}

static int is_zero_literal(CXCursor e)
{
	e = strip(e, 0);
	if (clang_getCursorKind(e) != CXCursor_IntegerLiteral)
		return 0;
	CXEvalResult ev = clang_Cursor_Evaluate(e);
	int zero = ev && clang_EvalResult_getKind(ev) == CXEval_Int &&
		   clang_EvalResult_getAsLongLong(ev) == 0;
	if (ev)
		clang_EvalResult_dispose(ev);
	return zero;
}

/* The call whose result a condition tests against zero ("!pid", "pid == 0",
 * "(pid = fork()) != 0", "fork()"); *on_zero says whether the condition
 * holds when the result is zero. Null cursor when it tests something else. */
static CXCursor zero_tested(struct ext *x, CXCursor cond, int *on_zero)
{
	cond = strip(cond, 0);
	char buf[16];
	enum CXCursorKind k = clang_getCursorKind(cond);
	if (k == CXCursor_UnaryOperator) {
		const char *op = ls_cfg_operator(x->tu, cond, buf);
		struct kids ch = children(cond);
		if (!op || strcmp(op, "!") || ch.n != 1)
			return clang_getNullCursor();
		CXCursor r = zero_tested(x, ch.v[0], on_zero);
		*on_zero = !*on_zero;
		return r;
	}
	if (k == CXCursor_BinaryOperator) {
		const char *op = ls_cfg_operator(x->tu, cond, buf);
		struct kids ch = children(cond);
		if (op && ch.n == 2 && (!strcmp(op, "==") || !strcmp(op, "!="))) {
			*on_zero = !strcmp(op, "==");
			if (is_zero_literal(ch.v[1]))
				return result_call(x, ch.v[0]);
			if (is_zero_literal(ch.v[0]))
				return result_call(x, ch.v[1]);
			return clang_getNullCursor();
		}
	}
	*on_zero = 0;
	if (!is_integer(clang_getCursorType(cond)))
		return clang_getNullCursor();
	return result_call(x, cond);
}

static void add_ref(struct ext *x, CXCursor fn, CXCursor at, const char *kind, json_t *extra)
{
	json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "usr", "", "name", "", "type", "",
			      "kind", kind);
	char *s;
	s = str(clang_getCursorUSR(fn));
	json_object_set_new(r, "usr", json_string(s));
	free(s);
	s = str(clang_getCursorSpelling(fn));
	json_object_set_new(r, "name", json_string(s));
	free(s);
	s = function_type(fn);
	json_object_set_new(r, "type", json_string(s));
	free(s);
	owner(x, r);
	set_location(r, at);
	if (extra)
		json_object_update(r, extra);
	json_decref(extra);
	json_array_append_new(x->refs, r);
}

static void add_fdmark(struct ext *x, const char *key, int blocking)
{
	json_array_append_new(x->fdmarks, json_pack("{s:s, s:b}", "key", key, "blocking", blocking));
}

static void arg_facts(struct ext *x, CXCursor c, json_t *o);

/* An int named by a variable or field, passed at arg to a function of the
 * program (call c): if that function makes its parameter non-blocking (a
 * `nonblocking` call on it, or on to another such function), so is what
 * the key names. With deref, the argument was the int's address (`&fd`)
 * and what counts is a function that makes what its pointer parameter
 * points to non-blocking (`fcntl(*p, F_SETFL, fl | O_NONBLOCK)`). param: the caller's parameter the argument is, or -1, so
 * that a wrapper of a wrapper is one too. The call's constants, the
 * parameters it passes on and the guards it runs under (consts, passes,
 * requires) decide a wrapper's guards (link.c, nb_wrappers). */
static void fd_passed(struct ext *x, CXCursor c, const char *callee_usr, int arg, CXCursor a, int param,
		      int deref)
{
	char *key = expr_key(a);
	if (!key)
		return;
	json_t *m = json_pack("{s:s, s:s, s:i}", "key", key, "via", callee_usr, "arg", arg);
	if (deref)
		json_object_set_new(m, "deref", json_true());
	if (param >= 0) {
		json_object_set_new(m, "fn", json_string(x->fn_usr));
		json_object_set_new(m, "param", json_integer(param));
	}
	arg_facts(x, c, m);
	if (json_array_size(x->guards)) {
		json_object_set_new(m, "requires", json_deep_copy(x->guards));
		json_object_set_new(m, "fn", json_string(x->fn_usr));
	}
	json_array_append_new(x->fdmarks, m);
	free(key);
}

/* The function being walked makes what its parameter param holds (with
 * deref: what param points to) non-blocking, under requires. */
static void wrapper_mark(struct ext *x, const char *key, int param, int deref, const json_t *requires)
{
	json_t *w = json_pack("{s:s, s:s, s:i}", "key", key, "wrapper", x->fn_usr, "param", param);
	if (deref)
		json_object_set_new(w, "deref", json_true());
	if (json_array_size(requires))
		json_object_set(w, "requires", (json_t *)requires);
	json_array_append_new(x->fdmarks, w);
}

/*
 * A non-blocking mark made by a nonblocking call (arg: its record in the
 * call's args) of the function being walked, under the guards on the
 * function's parameters `requires` [{param, op, k, name}] (fn: the
 * function); on the function's own parameter (a wrapper), also {key,
 * wrapper, param, requires?}.
 */
static void nonblocking_mark(struct ext *x, const json_t *arg, CXCursor a, const json_t *requires)
{
	const char *key = json_string_value(json_object_get(arg, "key"));
	if (!key) {
		/* fcntl(*p, ...) on the function's pointer parameter p: what
		 * its callers pass the address of (fd_passed, deref). */
		CXCursor d = unary_operand(a, "*");
		int p = x->fn_usr && !clang_Cursor_isNull(d) ? param_index(x, d) : -1;
		if (p >= 0)
			wrapper_mark(x, "*", p, 1, requires);
		return;
	}
	json_t *m = json_pack("{s:s, s:b}", "key", key, "blocking", 0);
	if (json_array_size(requires)) {
		json_object_set(m, "requires", (json_t *)requires);
		json_object_set_new(m, "fn", json_string(x->fn_usr));
	}
	json_array_append_new(x->fdmarks, m);
	int p = x->fn_usr ? param_index(x, a) : -1;
	if (p >= 0)
		wrapper_mark(x, key, p, 0, requires);
}

/* Does the model entry e's condition hold of the call with one of the
 * values or-ed into a flags variable it passes? The guards of that value
 * and of the call then into *requires (new). */
static int holds_via_orvals(struct ext *x, const json_t *e, json_t *call, json_t **requires)
{
	size_t i, j;
	json_t *a, *ov;
	json_t *args = json_object_get(call, "args");
	json_array_foreach(args, i, a) {
		const json_t *vals = json_object_get(x->orvals, json_string_value(json_object_get(a, "key")));
		json_array_foreach(vals, j, ov) {
			json_t *c = json_deep_copy(call);
			json_t *ca = json_array_get(json_object_get(c, "args"), i);
			json_object_set(ca, "text", json_object_get(ov, "text"));
			json_object_del(ca, "name");
			int ok = ls_model_conditions_hold(e, c, NULL);
			json_decref(c);
			if (ok) {
				*requires = json_deep_copy(x->guards);
				json_array_extend(*requires, json_object_get(ov, "requires"));
				return 1;
			}
		}
	}
	return 0;
}

/* The struct a field belongs to, by name ("ev_io", "uv_process_options_s"). */
static char *field_struct(CXCursor field)
{
	return str(clang_getCursorSpelling(clang_getCursorSemanticParent(field)));
}

static void field_store(struct ext *x, CXCursor field, CXCursor fnref, CXCursor fn)
{
	char *fusr = str(clang_getCursorUSR(field));
	char *sname = field_struct(field);
	char *fname = str(clang_getCursorSpelling(field));
	add_ref(x, fn, fnref, "field",
		json_pack("{s:s, s:s, s:s}", "field", fusr, "struct", sname, "field_name", fname));
	free(fusr);
	free(sname);
	free(fname);
	set_add(&x->handled, fnref);
}

/* Is the expression a string literal naming a pseudo-file (the models'
 * `pseudo_files` prefixes: /proc/, /sys/, /dev/)? A format counts by its
 * literal text before the first conversion. */
static int pseudo_literal(struct ext *x, CXCursor e)
{
	e = strip(e, 1);
	if (clang_getCursorKind(e) != CXCursor_StringLiteral || !json_array_size(x->pseudo_prefixes))
		return 0;
	char *lit = str(clang_getCursorSpelling(e));
	int yes = 0;
	size_t i;
	json_t *p;
	json_array_foreach(x->pseudo_prefixes, i, p) {
		const char *pre = json_string_value(p);
		if (pre && lit[0] == '"' && !strncmp(lit + 1, pre, strlen(pre)))
			yes = 1;
	}
	free(lit);
	return yes;
}

/* A path argument is a pseudo-file: a literal, or a variable of this
 * function that a literal or a format was written into (see pseudo_note). */
static int pseudo_path(struct ext *x, CXCursor a)
{
	if (pseudo_literal(x, a))
		return 1;
	char *key = expr_key(a);
	int yes = key && json_object_get(x->pseudo_paths, key);
	free(key);
	return yes;
}

/* A call writing a pseudo-file path into its first argument (snprintf(buf,
 * n, "/proc/%d/stat", pid), asprintf(&p, "/proc/..."), strcpy(buf,
 * "/dev/null")) makes that variable a pseudo-file path for what follows in
 * the function, until a call that may write something else there: one
 * whose first parameter is a writable string (char *, char **: snprintf,
 * strcpy, asprintf, getcwd) passed no such literal (snprintf(buf, n,
 * "%s/state", dir) after the /proc path). */
static void pseudo_note(struct ext *x, CXCursor call, int nargs)
{
	char *key = expr_key(strip(clang_Cursor_getArgument(call, 0), 1));
	if (!key)
		return;
	for (int i = 1; i < nargs; i++) {
		if (!pseudo_literal(x, clang_Cursor_getArgument(call, (unsigned)i)))
			continue;
		json_object_set_new(x->pseudo_paths, key, json_true());
		free(key);
		return;
	}
	CXType t = clang_getCanonicalType(clang_getArgType(
		clang_getCursorType(clang_getCursorReferenced(call)), 0));
	if (t.kind == CXType_Pointer) {
		CXType pt = clang_getCanonicalType(clang_getPointeeType(t));
		if (char_pointer(t) ? !clang_isConstQualifiedType(pt) : char_pointer(pt))
			json_object_del(x->pseudo_paths, key);
	}
	free(key);
}

/* A local `struct timespec` or `struct timeval` whose fields the function
 * sets only to constants (an initializer, or one assignment each): the
 * interval it holds in ns, or -1. For nanosleep(&ts, ...)'s and select(0,
 * NULL, NULL, NULL, &tv)'s duration. `frac` is the name of the field below
 * a second (tv_nsec, tv_usec) and `unit` its length in ns. */
struct timespec_scan {
	CXTranslationUnit tu;
	CXCursor var;
	const char *frac;
	long long unit;
	long long sec, nsec;
	int nsets_sec, nsets_nsec, addr, bad;
};

static int refers_to(CXCursor e, CXCursor var)
{
	e = strip(e, 0);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(e), var);
}

static enum CXChildVisitResult timespec_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct timespec_scan *t = d;
	enum CXCursorKind k = clang_getCursorKind(cur);
	if (k == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(cur), t->var)) {
		/* every use is a field store below, or the one &ts handed on */
		enum CXCursorKind pk = clang_getCursorKind(parent);
		if (pk == CXCursor_UnaryOperator)
			t->addr++;
		else if (pk != CXCursor_MemberRefExpr)
			t->bad = 1;
		return CXChildVisit_Continue;
	}
	if (k != CXCursor_BinaryOperator && k != CXCursor_CompoundAssignOperator && k != CXCursor_UnaryOperator)
		return CXChildVisit_Recurse;
	struct kids ch = children(cur);
	CXCursor lhs = ch.n ? strip(ch.v[0], 0) : clang_getNullCursor();
	struct kids base = children(lhs);
	if (clang_getCursorKind(lhs) != CXCursor_MemberRefExpr || base.n != 1 || !refers_to(base.v[0], t->var))
		return CXChildVisit_Recurse;
	char *field = str(clang_getCursorSpelling(lhs));
	long long v;
	int sec = !strcmp(field, "tv_sec"), nsec = !strcmp(field, t->frac);
	free(field);
	if (k == CXCursor_BinaryOperator && ch.n == 2 && constant_of(ch.v[1], &v) && (sec || nsec)) {
		*(sec ? &t->sec : &t->nsec) = v;
		(*(sec ? &t->nsets_sec : &t->nsets_nsec))++;
	} else {
		t->bad = 1; /* ++, +=, a computed value: not a constant */
	}
	return CXChildVisit_Continue;
}

/* The interval in ns of the local time struct a pointer argument `a`
 * takes the address of (&ts), or -1; *kind says which struct it is
 * ("timespec_ns" or "timeval_ns", the key of the argument's record). */
static long long timespec_ns(struct ext *x, CXCursor a, const char **kind)
{
	static const struct {
		const char *type, *frac, *key;
		long long unit;
	} kinds[] = {{"struct timespec", "tv_nsec", "timespec_ns", 1},
		     {"struct timeval", "tv_usec", "timeval_ns", 1000}};
	CXCursor e = strip(a, 0);
	struct kids ek = children(e);
	if (clang_getCursorKind(e) != CXCursor_UnaryOperator || ek.n != 1)
		return -1;
	CXCursor ref = strip(ek.v[0], 0);
	if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr)
		return -1;
	CXCursor var = clang_getCursorReferenced(ref);
	CXType ty = clang_getCanonicalType(clang_getCursorType(var));
	char *tn = str(clang_getTypeSpelling(ty));
	int which = -1;
	for (int i = 0; i < (int)LS_ARRAY_LEN(kinds); i++)
		if (!strcmp(tn, kinds[i].type))
			which = i;
	int ok = which >= 0 && clang_getCursorKind(var) == CXCursor_VarDecl &&
		 clang_getCursorKind(clang_getCursorSemanticParent(var)) == CXCursor_FunctionDecl;
	free(tn);
	if (!ok)
		return -1;
	struct timespec_scan t = {x->tu, var, kinds[which].frac, kinds[which].unit, 0, 0, 0, 0, 0, 0};
	/* the initializer: {sec, nsec} */
	struct kids vk = children(var);
	for (int i = 0; i < vk.n; i++)
		if (clang_getCursorKind(vk.v[i]) == CXCursor_InitListExpr) {
			struct kids il = children(vk.v[i]);
			long long v = 0;
			for (int j = 0; j < il.n && j < 2; j++) {
				if (!constant_of(il.v[j], &v))
					t.bad = 1;
				*(j ? &t.nsec : &t.sec) = v;
			}
			t.nsets_sec = t.nsets_nsec = 1;
		}
	clang_visitChildren(clang_getCursorSemanticParent(var), timespec_visit, &t);
	if (t.bad || t.addr != 1 || t.nsets_sec != 1 || t.nsets_nsec != 1 || t.sec < 0 || t.nsec < 0)
		return -1;
	*kind = kinds[which].key;
	return t.sec * 1000000000LL + t.nsec * t.unit;
}

static json_t *arg_record(struct ext *x, CXCursor a)
{
	json_t *o = json_object();
	char *text = spell(x->tu, a);
	json_object_set_new(o, "text", json_string(text));
	if (pseudo_path(x, a))
		json_object_set_new(o, "pseudo", json_true());
	/* A string literal's text between its quotes, as written (escapes
	 * unexpanded), for `string` conditions (fopen's mode). */
	CXCursor lit = strip(a, 1);
	if (clang_getCursorKind(lit) == CXCursor_StringLiteral) {
		char *sp = str(clang_getCursorSpelling(lit));
		char *open = strchr(sp, '"'), *close = strrchr(sp, '"');
		if (open && close > open)
			json_object_set_new(o, "string", json_stringn(open + 1, (size_t)(close - open - 1)));
		free(sp);
	}
	const char *t = text;
	if (!strcmp(t, "NULL") || !strcmp(t, "0") || !strcmp(t, "( void * ) 0") ||
	    !strcmp(t, "( ( void * ) 0 )") || !strcmp(t, "nullptr"))
		json_object_set_new(o, "null", json_true());
	free(text);
	CXType ty = clang_getCanonicalType(clang_getCursorType(a));
	if (ty.kind >= CXType_Bool && ty.kind <= CXType_LongDouble && ty.kind != CXType_Float &&
	    ty.kind != CXType_Double && ty.kind != CXType_LongDouble) {
		CXEvalResult ev = clang_Cursor_Evaluate(a);
		if (ev) {
			if (clang_EvalResult_getKind(ev) == CXEval_Int)
				json_object_set_new(o, "value",
						    json_integer(clang_EvalResult_getAsLongLong(ev)));
			clang_EvalResult_dispose(ev);
		}
	}
	const char *kind = NULL;
	long long ns = clang_getCursorType(a).kind == CXType_Pointer ? timespec_ns(x, a, &kind) : -1;
	if (ns >= 0)
		json_object_set_new(o, kind, json_integer(ns));
	/* The variable an argument names (stderr, stdout), for `has` conditions
	 * when the argument's tokens are a macro's (fflush(stderr) in FATAL(...)). */
	CXCursor sa = strip(a, 0);
	if (clang_getCursorKind(sa) == CXCursor_DeclRefExpr) {
		char *nm = str(clang_getCursorSpelling(clang_getCursorReferenced(sa)));
		json_object_set_new(o, "name", json_string(nm));
		free(nm);
	}
	char *key = expr_key(a);
	if (key) {
		json_object_set_new(o, "key", json_string(key));
		free(key);
		if (stored_storage(a))
			json_object_set_new(o, "stored", json_true());
	}
	CXCursor fn = function_ref(a);
	if (!clang_Cursor_isNull(fn)) {
		char *u = str(clang_getCursorUSR(fn));
		json_object_set_new(o, "fn", json_string(u));
		free(u);
	}
	int p = param_index(x, a);
	if (p >= 0)
		json_object_set_new(o, "param", json_integer(p));
	return o;
}

/* Where does the value of the call at the top of the stack go? */
static void call_use(struct ext *x, json_t *call)
{
	if (x->depth < 2)
		return;
	struct frame *self = &x->stack[x->depth - 1];
	struct frame *p = &x->stack[x->depth - 2];
	int discarded = 0;
	switch (p->kind) {
	case CXCursor_CompoundStmt:
	case CXCursor_LabelStmt:
	case CXCursor_DefaultStmt:
		discarded = 1;
		break;
	case CXCursor_CaseStmt:
	case CXCursor_IfStmt:
	case CXCursor_WhileStmt:
	case CXCursor_SwitchStmt:
		discarded = self->index > 0 && p->kind != CXCursor_SwitchStmt;
		break;
	case CXCursor_DoStmt:
		discarded = self->index == 0;
		break;
	case CXCursor_CStyleCastExpr:
		if (clang_getCanonicalType(clang_getCursorType(p->c)).kind == CXType_Void)
			json_object_set_new(call, "voided", json_true());
		break;
	default:
		break;
	}
	if (discarded)
		json_object_set_new(call, "discarded", json_true());
}

struct objkind {
	const char *kind, *from;
	const json_t *only;
	int described;
};

static struct objkind object_kind(struct ls_model_match *mm, size_t n, const json_t *call, int arg)
{
	int nargs = (int)json_integer_value(json_object_get(call, "nargs"));
	struct objkind o = {0};
	for (size_t i = 0; i < n && !o.kind && (!o.from || o.only); i++) {
		const json_t *a = json_object_get(mm[i].entry, "arg");
		if ((a ? ls_model_arg(json_integer_value(a), nargs) : -1) != arg)
			continue;
		o.described = 1;
		if (!ls_model_conditions_hold(mm[i].entry, call, NULL))
			continue;
		const json_t *f = json_object_get(mm[i].entry, "from");
		int fi = f ? ls_model_arg(json_integer_value(f), nargs) : -1;
		const char *fk = fi < 0 ? NULL : json_string_value(json_object_get(
			json_array_get(json_object_get(call, "args"), (size_t)fi), "key"));
		if (!f)
			o.kind = json_string_value(json_object_get(mm[i].entry, "kind"));
		else if (o.from)
			continue; /* one conditional `from` per object */
		else if (json_object_get(mm[i].entry, "only"))
			/* from that argument if the link finds it made only as
			 * `only`, else as the next entry that holds says */
			o.only = fk && (o.from = fk) ? json_object_get(mm[i].entry, "only") : NULL;
		else if (!(o.from = fk))
			o.kind = "";
	}
	return o;
}

/*
 * An `objects` entry: what kind of object a creating call makes, stored
 * under key (the variable or field holding it). `arg` is where the entry
 * says the object is (-1: the result). The first entry for that position
 * whose conditions hold names the kind; a creation no entry describes is
 * recorded with kind "", so a field that sometimes holds another kind is
 * never taken for one kind only. An entry with `from: N` makes an object
 * of whatever kinds the object at argument N was made as (a stream
 * fdopen'ed over an fd): recorded as {key, from: that argument's key},
 * which the link step resolves over the whole program, or as kind "" when
 * the argument names no variable or field.
 *
 * A path the function was handed in a parameter (open_ro(const char *p)
 * { return open(p, O_RDONLY); }) may be a pseudo-file for every caller:
 * when taking the parameter for one changes the kind, the mark says so
 * ({pseudo_param: P, pseudo_kind: K}) and the link step decides it from
 * what the callers pass (analyzer/link.c, pseudo_params).
 */
static void object_mark(struct ext *x, const char *name, const json_t *call, int arg,
			const char *key)
{
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(x->m, "objects", name, &mm);
	struct objkind o = object_kind(mm, n, call, arg);
	const char *kind = o.kind, *from = o.from;
	const json_t *only = o.only;
	int described = o.described;
	const char *pkind = NULL;
	int pparam = -1;
	size_t i;
	const json_t *a;
	json_array_foreach(x->fn_usr && (kind || only) ? json_object_get(call, "args") : NULL, i, a) {
		if (!json_is_integer(json_object_get(a, "param")) || json_object_get(a, "pseudo"))
			continue;
		json_t *c = json_deep_copy(call);
		json_object_set_new(json_array_get(json_object_get(c, "args"), i), "pseudo", json_true());
		struct objkind po = object_kind(mm, n, c, arg);
		if (po.kind && (!po.from || po.only) && !ls_streq(po.kind, kind ? kind : "")) {
			pkind = po.kind;
			pparam = (int)json_integer_value(json_object_get(a, "param"));
		}
		json_decref(c);
		if (pkind)
			break;
	}
	json_t *m = NULL;
	if (from || described)
		json_object_set_new(x->objkeys, key, json_true());
	if (from && only)
		m = json_pack("{s:s, s:s, s:O, s:s}", "key", key, "from", from, "only", only, "kind",
			      kind ? kind : "");
	else if (from)
		m = json_pack("{s:s, s:s}", "key", key, "from", from);
	else if (described)
		m = json_pack("{s:s, s:s}", "key", key, "kind", kind ? kind : "");
	if (m && pkind && (!from || only))
		json_object_update_new(m, json_pack("{s:s, s:i, s:s}", "pseudo_fn", x->fn_usr,
						    "pseudo_param", pparam, "pseudo_kind", pkind));
	if (m)
		json_array_append_new(x->objmarks, m);
	free(mm);
}

/* A name for one call expression of the TU: its hash and where it is
 * spelled (the hash alone could collide). */
static const char *call_id(CXCursor call, char *buf, size_t n)
{
	unsigned off;
	clang_getExpansionLocation(clang_getCursorLocation(call), NULL, NULL, NULL, &off);
	snprintf(buf, n, "%u:%u", clang_hashCursor(call), off);
	return buf;
}

static int socket_result(struct ext *x, CXCursor call, const char *key)
{
	/* Called when a call's value is stored under key: record whether a
	 * socket is born blocking, and what kind of object a creating call
	 * made. */
	char *name = str(clang_getCursorSpelling(clang_getCursorReferenced(call)));
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(x->m, "sockets", name, &mm);
	struct ls_model_match *om;
	int objects = ls_models_lookup(x->m, "objects", name, &om) > 0;
	free(om);
	if (n || objects) {
		int nargs = clang_Cursor_getNumArguments(call);
		json_t *args = json_array();
		for (int i = 0; i < nargs; i++)
			json_array_append_new(args, arg_record(x, clang_Cursor_getArgument(call, (unsigned)i)));
		json_t *c = json_pack("{s:i, s:o}", "nargs", nargs, "args", args);
		if (n) {
			/* nonblocking: one condition, or a list of which any
			 * makes the socket one that never blocks */
			const json_t *nb = json_object_get(mm[0].entry, "nonblocking");
			int nonblocking = nb && !json_is_array(nb) && ls_model_condition(nb, c, NULL);
			size_t ci;
			const json_t *cond;
			json_array_foreach(json_is_array(nb) ? nb : NULL, ci, cond)
				nonblocking |= ls_model_condition(cond, c, NULL);
			add_fdmark(x, key, !nonblocking);
		}
		if (objects) {
			object_mark(x, name, c, -1, key);
			/* the call's record says where its value went ({result: true}
			 * conditions); handle_call comes to the call after this */
			char h[32];
			json_object_set_new(x->results, call_id(call, h, sizeof h), json_string(key));
		}
		json_decref(c);
	}
	free(mm);
	free(name);
	return objects;
}

/* Is t a pointer to char (a string, a path)? */
static int char_pointer(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return 0;
	enum CXTypeKind k = clang_getCanonicalType(clang_getPointeeType(t)).kind;
	return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar || k == CXType_UChar;
}

/* The function a call calls when the program defines it (its declaration
 * is not in a system header); a null cursor for a library call. */
static CXCursor program_callee(CXCursor call)
{
	CXCursor fn = clang_getCursorReferenced(call);
	if (!is_function_decl(fn) || clang_Location_isInSystemHeader(clang_getCursorLocation(fn)))
		return clang_getNullCursor();
	return fn;
}

/* The result-position `objects` entry of a call's callee that takes its
 * kinds from an argument (`from`, no conditions: strdup, fileno): that
 * argument's index, or -1. */
static int from_arg(struct ext *x, CXCursor call)
{
	char *name = str(clang_getCursorSpelling(clang_getCursorReferenced(call)));
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(x->m, "objects", name, &mm);
	int nargs = clang_Cursor_getNumArguments(call), a = -1;
	for (size_t i = 0; i < n && a < 0; i++) {
		const json_t *e = mm[i].entry;
		if (!json_object_get(e, "arg") && json_object_get(e, "from") &&
		    !json_object_get(e, "when") && !json_object_get(e, "unless"))
			a = ls_model_arg(json_integer_value(json_object_get(e, "from")), nargs);
	}
	free(mm);
	free(name);
	return a;
}

/* The key of the object an argument names: its variable or field, also
 * through a call that returns the same object seen another way
 * (fsync(fileno(f)) uses f). */
static char *object_key(struct ext *x, CXCursor e)
{
	for (int guard = 0; guard < 8; guard++) {
		char *key = expr_key(e);
		e = strip(e, 0);
		int a = key || clang_getCursorKind(e) != CXCursor_CallExpr ? -1 : from_arg(x, e);
		if (a < 0)
			return key;
		e = clang_Cursor_getArgument(e, (unsigned)a);
	}
	return NULL;
}

/* What a value stored under key (a variable or field of type t; stored:
 * a field or file-scope variable) was made from, for `made`: an
 * `objects` call's kind, another variable's kinds (an int or string
 * copied), a call of the program's own (via: resolved at link, where a
 * function that returns a copy of a parameter passes that argument's
 * kinds on), or unknown. Each arm of a conditional counts as an
 * assignment of its own; constants (0, NULL, -1) make nothing. Unknown is
 * recorded for int fields and globals (fds) and for every string
 * variable (paths), so `made` never holds for storage also filled from
 * elsewhere. */
static void value_origin(struct ext *x, const char *key, CXType t, int stored, CXCursor rhs)
{
	rhs = strip(rhs, 0);
	enum CXCursorKind k = clang_getCursorKind(rhs);
	int is_int = clang_getCanonicalType(t).kind == CXType_Int, is_str = char_pointer(t);
	int unknown = (is_int && stored) || is_str;
	if (k == CXCursor_ConditionalOperator) {
		struct kids ch = children(rhs);
		if (ch.n == 3) {
			value_origin(x, key, t, stored, ch.v[1]);
			value_origin(x, key, t, stored, ch.v[2]);
			return;
		}
	}
	long long v;
	if (k == CXCursor_CallExpr) {
		CXCursor fn = program_callee(rhs);
		if (socket_result(x, rhs, key))
			return;
		if (!is_str && !clang_Cursor_isNull(fn)) {
			/* what the function returns (see return_origin) */
			char *u = str(clang_getCursorUSR(fn));
			char *ret = ls_xasprintf("R:%s", u);
			json_array_append_new(x->objmarks, json_pack("{s:s, s:s}", "key", key, "from", ret));
			free(ret);
			free(u);
			return;
		}
		if (!unknown)
			return;
		if (is_str && !clang_Cursor_isNull(fn)) {
			char *usr = str(clang_getCursorUSR(fn));
			json_t *args = json_array();
			for (int i = 0; i < clang_Cursor_getNumArguments(rhs); i++) {
				char *a = expr_key(clang_Cursor_getArgument(rhs, (unsigned)i));
				json_array_append_new(args, json_string(a ? a : ""));
				free(a);
			}
			json_array_append_new(x->objmarks, json_pack("{s:s, s:s, s:o}", "key", key,
								     "via", usr, "args", args));
			free(usr);
			return;
		}
	} else if (constant_of(rhs, &v)) {
		return;
	} else if (is_int || is_str) {
		char *from = expr_key(rhs);
		if (from && is_int)
			json_array_append_new(x->fdmarks, json_pack("{s:s, s:s}", "key", key, "copy_of", from));
		else if (from)
			json_array_append_new(x->objmarks, json_pack("{s:s, s:s}", "key", key, "from", from));
		unknown = !from && unknown;
		free(from);
	}
	if (unknown)
		json_array_append_new(x->objmarks, json_pack("{s:s, s:s}", "key", key, "kind", ""));
}

/* A return statement of a function returning an int or a pointer that is
 * not a string (an fd, a stream): what it returns, for `made`, recorded
 * under the key of the function's result (R:usr), which a caller storing
 * the result takes its kinds from (value_origin). An `objects` call's kind (open_ro(const char *p) {
 * return open(p, O_RDONLY); }), a variable's kinds, a call of the
 * program's own; anything else is unknown, constants make nothing. */
static void return_origin(struct ext *x, const char *key, CXCursor e)
{
	e = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	long long v;
	if (k == CXCursor_ConditionalOperator) {
		struct kids ch = children(e);
		if (ch.n == 3) {
			return_origin(x, key, ch.v[1]);
			return_origin(x, key, ch.v[2]);
			return;
		}
	}
	if (constant_of(e, &v))
		return;
	char *from = expr_key(e);
	if (k == CXCursor_CallExpr) {
		char *name = str(clang_getCursorSpelling(clang_getCursorReferenced(e)));
		struct ls_model_match *mm;
		size_t n = ls_models_lookup(x->m, "objects", name, &mm);
		free(mm);
		if (n) {
			int nargs = clang_Cursor_getNumArguments(e);
			json_t *args = json_array();
			for (int i = 0; i < nargs; i++)
				json_array_append_new(args, arg_record(x, clang_Cursor_getArgument(e, (unsigned)i)));
			json_t *c = json_pack("{s:i, s:o}", "nargs", nargs, "args", args);
			object_mark(x, name, c, -1, key);
			json_decref(c);
			free(name);
			free(from);
			return;
		}
		free(name);
		CXCursor fn = program_callee(e);
		if (!clang_Cursor_isNull(fn)) {
			char *u = str(clang_getCursorUSR(fn));
			free(from);
			from = ls_xasprintf("R:%s", u);
			free(u);
		}
	}
	if (from && strcmp(from, key))
		json_array_append_new(x->objmarks, json_pack("{s:s, s:s}", "key", key, "from", from));
	else
		json_array_append_new(x->objmarks, json_pack("{s:s, s:s}", "key", key, "kind", ""));
	free(from);
}

/* A return statement of a string-returning function: is what it returns
 * a copy of one parameter? A call whose `objects` entry takes its kinds
 * from that parameter (strdup(s)) is; a local is, if all its marks are
 * copies of that parameter (decided at the function's end, copy_function);
 * a constant (NULL) returns no string; anything else is not a copy. */
static void copy_return(struct ext *x, CXCursor ret)
{
	struct kids ch = children(ret);
	if (!x->copy_locals || x->copy_param == -2)
		return;
	CXCursor e = ch.n == 1 ? strip(ch.v[0], 0) : clang_getNullCursor();
	CXCursor r = clang_getCursorReferenced(e);
	long long v;
	int p = -2;
	if (clang_getCursorKind(e) == CXCursor_CallExpr) {
		int a = from_arg(x, e);
		p = a >= 0 ? param_index(x, clang_Cursor_getArgument(e, (unsigned)a)) : -1;
	} else if (clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
		   clang_getCursorKind(r) == CXCursor_VarDecl &&
		   clang_getCursorKind(clang_getCursorSemanticParent(r)) != CXCursor_TranslationUnit) {
		char *usr = str(clang_getCursorUSR(r));
		json_array_append_new(x->copy_locals, json_string(usr));
		free(usr);
		return;
	} else if (!clang_Cursor_isNull(e) && constant_of(e, &v)) {
		return;
	}
	if (p < 0 || (x->copy_param >= 0 && x->copy_param != p))
		x->copy_param = -2;
	else
		x->copy_param = p;
}

/* At the end of a string-returning function: it returns a copy of
 * parameter P when every return does (copy_return) and every mark of
 * each local it returns copies P's value. */
static void copy_function(struct ext *x)
{
	int p = x->copy_param;
	size_t i, j;
	json_t *l, *m;
	json_array_foreach(x->copy_locals, i, l) {
		int marks = 0;
		for (j = x->objmarks_at; p != -2 && j < json_array_size(x->objmarks); j++) {
			m = json_array_get(x->objmarks, j);
			if (!ls_streq(json_string_value(json_object_get(m, "key")), json_string_value(l)))
				continue;
			const char *from = json_string_value(json_object_get(m, "from"));
			int q = -1;
			for (int k = 0; from && k < x->nparams; k++)
				if (!strcmp(x->params[k], from))
					q = k;
			p = q < 0 || (p >= 0 && p != q) ? -2 : q;
			marks++;
		}
		if (!marks)
			p = -2;
	}
	if (p >= 0)
		json_object_set_new(x->fn, "copies", json_integer(p));
}

static int glob_any(const json_t *globs, const char *name)
{
	size_t i;
	json_t *g;
	json_array_foreach(globs, i, g)
		if (fnmatch(json_string_value(g), name, 0) == 0)
			return 1;
	return 0;
}

/* A callback or signal handler passed as argument i of a call that runs
 * it when a signal arrives (an entry of the models' `callbacks` or
 * `signal_handlers` with `signal`, whose conditions hold): the signal
 * argument's text goes into the ref as `signal`, for link.c's gates. */
static void signal_of(struct ext *x, const char *name, const json_t *call, int i, json_t *ref)
{
	static const char *const sections[] = {"callbacks", "signal_handlers"};
	int nargs = (int)json_integer_value(json_object_get(call, "nargs"));
	for (size_t s = 0; s < LS_ARRAY_LEN(sections); s++) {
		struct ls_model_match *mm;
		size_t n = ls_models_lookup(x->m, sections[s], name, &mm);
		for (size_t k = 0; k < n; k++) {
			const json_t *sig = json_object_get(mm[k].entry, "signal");
			if (!sig ||
			    ls_model_arg(json_integer_value(json_object_get(mm[k].entry, "arg")), nargs) != i ||
			    !ls_model_conditions_hold(mm[k].entry, call, NULL))
				continue;
			int a = ls_model_arg(json_integer_value(sig), nargs);
			const json_t *arg = a >= 0 ? json_array_get(json_object_get(call, "args"), (size_t)a) : NULL;
			const char *text = json_string_value(json_object_get(arg, "text"));
			/* spelled in another macro: the operator signal of that value */
			const char *nm;
			json_t *v;
			json_object_foreach(x->sigvals, nm, v)
				if (json_is_integer(json_object_get(arg, "value")) && !json_object_get(x->sigvals, text ? text : "") &&
				    json_integer_value(v) == json_integer_value(json_object_get(arg, "value")))
					text = nm;
			json_object_set_new(ref, "signal", json_string(text ? text : ""));
			if (json_is_integer(json_object_get(arg, "value")))
				json_object_set(ref, "signal_value", json_object_get(arg, "value"));
			const json_t *sp = json_object_get(mm[k].entry, "signal_param");
			if (json_is_integer(sp) && json_integer_value(sp) >= 0)
				json_object_set_new(ref, "signal_param", json_integer(json_integer_value(sp)));
			free(mm);
			return;
		}
		free(mm);
	}
}

static void add_use(struct ext *x, const char *key, const char *use)
{
	json_array_append_new(x->usemarks, json_pack("{s:s, s:s}", "key", key, "use", use));
}

/* What the call does with the objects it is passed: the models'
 * `object_uses` (fread reads its stream, fsync syncs its fd), and
 * "passed" for every variable or field handed to a function of the
 * program, which may do anything with it. */
static void object_uses(struct ext *x, CXCursor callee, const char *name, const json_t *call,
			CXCursor c, int nargs)
{
	if (!clang_Location_isInSystemHeader(clang_getCursorLocation(callee))) {
		for (int i = 0; i < nargs; i++) {
			char *key = expr_key(clang_Cursor_getArgument(c, (unsigned)i));
			if (key)
				add_use(x, key, "passed");
			free(key);
		}
	}
	if (!json_object_get(call, "args"))
		return;
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(x->m, "object_uses", name, &mm);
	for (size_t k = 0; k < n; k++) {
		int a = ls_model_arg(json_integer_value(json_object_get(mm[k].entry, "arg")), nargs);
		const char *use = json_string_value(json_object_get(mm[k].entry, "use"));
		if (a < 0 || !use || !ls_model_conditions_hold(mm[k].entry, call, NULL))
			continue;
		char *key = object_key(x, clang_Cursor_getArgument(c, (unsigned)a));
		if (key)
			add_use(x, key, use);
		free(key);
	}
	free(mm);
}

static void handle_call(struct ext *x, CXCursor c)
{
	struct kids ch = children(c);
	CXCursor callee_expr = ch.n ? strip(ch.v[0], 1) : clang_getNullCursor();
	CXCursor callee = clang_getCursorReferenced(c);
	int nargs = clang_Cursor_getNumArguments(c);
	if (nargs < 0)
		nargs = 0;

	/* (f)(x), as macros write it, may leave the call itself without a callee. */
	if (!is_function_decl(callee) && clang_getCursorKind(callee_expr) == CXCursor_DeclRefExpr &&
	    is_function_decl(clang_getCursorReferenced(callee_expr)))
		callee = clang_getCursorReferenced(callee_expr);
	/* f()(x) calls what f returns: libclang names f as both calls' callee. */
	if (is_function_decl(callee) && clang_getCursorKind(callee_expr) != CXCursor_CallExpr) {
		if (!clang_Cursor_isNull(callee_expr))
			set_add(&x->handled, callee_expr);
		char *name = str(clang_getCursorSpelling(callee));
		char *usr = str(clang_getCursorUSR(callee));
		json_t *call = json_pack("{s:s, s:s, s:i}", "usr", usr, "name", name, "nargs", nargs);
		set_location(call, c);
		end_line(call, c);
		call_use(x, call);
		if (x->dying)
			json_object_set_new(call, "dying", json_true());
		char h[32];
		const char *rkey = json_string_value(json_object_get(x->results, call_id(c, h, sizeof h)));
		if (rkey) {
			json_object_set_new(call, "result", json_pack("{s:s}", "key", rkey));
			json_object_del(x->results, h);
		}
		int interesting = ls_models_interesting(x->m, name);
		/* The declared arity, against which the models' argument
		 * indexes are checked (ls_models_check_arity); unknown for a
		 * variadic or unprototyped callee. */
		CXType ft = clang_getCursorType(callee);
		if (interesting && ft.kind == CXType_FunctionProto && !clang_isFunctionTypeVariadic(ft))
			json_object_set_new(call, "arity", json_integer(clang_getNumArgTypes(ft)));
		if (interesting) {
			json_t *args = json_array();
			for (int i = 0; i < nargs; i++)
				json_array_append_new(args, arg_record(x, clang_Cursor_getArgument(c, (unsigned)i)));
			json_object_set_new(call, "args", args);
		}
		/* Calls that make an fd non-blocking (fcntl O_NONBLOCK, ...). */
		if (interesting) {
			struct ls_model_match *mm;
			size_t nm = ls_models_lookup(x->m, "nonblocking", name, &mm);
			for (size_t k = 0; k < nm; k++) {
				int a = ls_model_arg(json_integer_value(json_object_get(mm[k].entry, "arg")), nargs);
				json_t *req = NULL;
				if (a < 0 || (!ls_model_conditions_hold(mm[k].entry, call, NULL) &&
					      !holds_via_orvals(x, mm[k].entry, call, &req)))
					continue;
				nonblocking_mark(x, json_array_get(json_object_get(call, "args"), (size_t)a),
						 clang_Cursor_getArgument(c, (unsigned)a), req ? req : x->guards);
				json_decref(req);
			}
			free(mm);
		}
		if (nargs > 1)
			pseudo_note(x, c, nargs);
		object_uses(x, callee, name, call, c, nargs);
		/* Objects made in place (event_assign(&ev, ...)): the kind goes
		 * to the variable or field the argument names. */
		if (interesting) {
			struct ls_model_match *mm;
			size_t nm = ls_models_lookup(x->m, "objects", name, &mm);
			for (size_t k = 0; k < nm; k++) {
				const json_t *ea = json_object_get(mm[k].entry, "arg");
				int a = ea ? ls_model_arg(json_integer_value(ea), nargs) : -1;
				if (a < 0)
					continue;
				char *key = expr_key(strip(clang_Cursor_getArgument(c, (unsigned)a), 1));
				if (key)
					object_mark(x, name, call, a, key);
				free(key);
				break;
			}
			free(mm);
		}
		/* Function addresses and function-pointer parameters passed on. */
		for (int i = 0; i < nargs; i++) {
			CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
			CXCursor fn = function_ref(a);
			if (!clang_Cursor_isNull(fn) || fp_like(clang_getCursorType(strip(a, 0)))) {
				char *param = ls_xasprintf("P:%s#%d", usr, i);
				flow(x, param, a);
				free(param);
			}
			if (!clang_Cursor_isNull(fn)) {
				json_t *extra = json_pack("{s:s, s:s, s:i, s:i}", "callee", name,
							  "callee_usr", usr, "arg", i, "nargs", nargs);
				signal_of(x, name, call, i, extra);
				add_ref(x, fn, a, "arg", extra);
				set_add(&x->handled, strip(a, 1));
				continue;
			}
			int p = param_index(x, a);
			if (x->fn_usr && !clang_Location_isInSystemHeader(clang_getCursorLocation(callee))) {
				CXCursor addr = unary_operand(a, "&");
				if (is_integer(clang_getCursorType(strip(a, 0))))
					fd_passed(x, c, usr, i, a, p, 0);
				else if (!clang_Cursor_isNull(addr) &&
					 is_integer(clang_getCursorType(strip(addr, 0))))
					fd_passed(x, c, usr, i, addr, -1, 1);
			}
			if (p >= 0 && is_function_pointer(clang_getCursorType(strip(a, 0)))) {
				json_t *fw = json_pack("{s:i, s:s, s:s, s:i, s:i}", "param", p, "callee", name,
						       "callee_usr", usr, "arg", i, "nargs", nargs);
				set_location(fw, a);
				json_array_append_new(x->forwards, fw);
			}
		}
		if (interesting || kept_callee(x, callee, name))
			keep_call(x, c, call);
		else
			json_decref(call);
		free(name);
		free(usr);
		return;
	}

	/* Indirect call: through a struct field, or a function-pointer variable. */
	if (clang_Cursor_isNull(callee_expr))
		return;
	json_t *ic = json_object();
	CXType t = clang_getCanonicalType(clang_getCursorType(callee_expr));
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	char *ts = str(clang_getTypeSpelling(t));
	json_object_set_new(ic, "type", json_string(ts));
	free(ts);
	if (clang_getCursorKind(callee_expr) == CXCursor_MemberRefExpr) {
		CXCursor field = clang_getCursorReferenced(callee_expr);
		if (clang_getCursorKind(field) == CXCursor_FieldDecl) {
			char *fusr = str(clang_getCursorUSR(field));
			char *sname = field_struct(field);
			json_object_set_new(ic, "field", json_string(fusr));
			json_object_set_new(ic, "struct", json_string(sname));
			free(fusr);
			free(sname);
		}
	}
	/* The variable, parameter or function (whose result is called) it
	 * goes through, by name, for the chain. */
	CXCursor via = clang_getNullCursor();
	char *slot = slot_of(x, callee_expr, &via);
	if (slot) {
		json_object_set_new(ic, "slot", json_string(slot));
		if (*slot != 'F') {
			char *nm = str(clang_getCursorSpelling(via));
			json_object_set_new(ic, "via", json_string(nm));
			free(nm);
		}
	}
	free(slot);
	set_location(ic, c);
	place(x, ic);
	passes(x, c, ic);
	json_array_append_new(x->icalls, ic);
	/* Function addresses passed to an indirect call are still taken; the
	 * link step passes them on to the parameters of its targets. */
	json_t *fargs = json_array();
	for (int i = 0; i < nargs; i++) {
		CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
		struct flow_to ft = {fargs, ""};
		size_t before = json_array_size(fargs);
		value_sources(x, a, flow_add, &ft);
		for (size_t j = before; j < json_array_size(fargs); j++) {
			json_t *fa = json_array_get(fargs, j);
			json_object_del(fa, "to");
			json_object_set_new(fa, "arg", json_integer(i));
		}
		CXCursor fn = function_ref(a);
		if (!clang_Cursor_isNull(fn)) {
			add_ref(x, fn, a, "addr", NULL);
			set_add(&x->handled, strip(a, 1));
		}
	}
	if (json_array_size(fargs))
		json_object_set_new(ic, "fargs", fargs);
	else
		json_decref(fargs);
}

/* `fl |= K` or `fl = fl | K` on a local int: what K is and the guards
 * it sits under, for the `has` conditions of a call passed fl (x->orvals). */
static void or_value(struct ext *x, CXCursor c)
{
	struct kids ch = children(c);
	char buf[16];
	const char *op = ch.n == 2 ? ls_cfg_operator(x->tu, c, buf) : NULL;
	CXCursor lhs = ch.n == 2 ? strip(ch.v[0], 0) : clang_getNullCursor(), rhs = clang_getNullCursor();
	if (ls_streq(op, "|="))
		rhs = ch.v[1];
	else if (ls_streq(op, "=")) {
		CXCursor e = strip(ch.v[1], 0);
		struct kids b = children(e);
		if (clang_getCursorKind(e) == CXCursor_BinaryOperator && b.n == 2 &&
		    ls_streq(ls_cfg_operator(x->tu, e, buf), "|"))
			rhs = e;
	}
	if (clang_Cursor_isNull(rhs) || clang_getCursorKind(lhs) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(clang_getCursorReferenced(lhs)) != CXCursor_VarDecl ||
	    !is_integer(clang_getCursorType(lhs)))
		return;
	char *key = expr_key(lhs), *text = spell(x->tu, rhs);
	json_t *l = json_object_get(x->orvals, key);
	if (!l)
		json_object_set_new(x->orvals, key, l = json_array());
	json_array_append_new(l, json_pack("{s:s, s:o}", "text", text, "requires", json_deep_copy(x->guards)));
	free(key);
	free(text);
}

static const json_t *local_writes(struct ext *x, CXCursor decl);

/* An integer parameter of the function being walked that the function
 * writes (=, op=, ++, --, or its address taken): from the first write on
 * it may hold something else than the caller's value, so it is read as an
 * int local whose first store, at the function's entry, is that value
 * (param_index does not take it for the parameter). */
static int written_int_param(struct ext *x, CXCursor d)
{
	if (clang_getCursorKind(d) != CXCursor_ParmDecl || !is_integer(clang_getCursorType(d)) ||
	    !x->fn_usr)
		return 0;
	char *u = str(clang_getCursorUSR(d));
	int w = json_object_get(local_writes(x, d), u) != NULL;
	free(u);
	return w;
}

/* An int local (not static) of the function being walked, or a parameter
 * it writes (written_int_param). */
static int int_local_decl(struct ext *x, CXCursor d)
{
	if (clang_getCursorKind(d) == CXCursor_ParmDecl)
		return written_int_param(x, d);
	return clang_getCursorKind(d) == CXCursor_VarDecl && is_integer(clang_getCursorType(d)) &&
	       clang_getCursorKind(clang_getCursorSemanticParent(d)) == CXCursor_FunctionDecl &&
	       clang_Cursor_getStorageClass(d) != CX_SC_Static;
}

static int push_guard(struct ext *x, CXCursor cond, int truth);
static void pointer_store(struct ext *x, CXCursor var, CXCursor rhs, int at, int init);
static void note_jump(struct ext *x, enum CXCursorKind k);
static void chain_record(struct ext *x, struct frame *f);
static void truncate_array(json_t *a, size_t n);

/* One value a store gives a local, into l: {k} a constant, {param, name}
 * a parameter the function never writes, {} anything else; with the
 * guards it runs under (requires, requires_any), and dead when a constant
 * local makes its branch false. `v = c ? A : B` gives A under c and B
 * under !c. */
static void store_value(struct ext *x, json_t *l, CXCursor e, int depth)
{
	e = strip(e, 0);
	if (clang_getCursorKind(e) == CXCursor_ConditionalOperator && depth < 4) {
		struct kids ch = children(e);
		if (ch.n == 3) {
			for (int arm = 1; arm <= 2; arm++) {
				size_t g0 = json_array_size(x->guards), a0 = json_array_size(x->anys);
				int g = push_guard(x, ch.v[0], arm == 1);
				store_value(x, l, ch.v[arm], depth + 1);
				truncate_array(x->guards, g0);
				truncate_array(x->anys, a0);
				x->dead -= g == 2;
			}
			return;
		}
	}
	json_t *o = json_pack("{s:o}", "requires", json_deep_copy(x->guards));
	if (json_array_size(x->anys))
		json_object_set_new(o, "requires_any", json_deep_copy(x->anys));
	long long k;
	int p = param_index(x, e);
	if (constant_of(e, &k)) {
		json_object_set_new(o, "k", json_integer(k));
	} else if (p >= 0 && is_integer(clang_getCursorType(e))) {
		/* param_index: a parameter the function never writes */
		char *name = str(clang_getCursorSpelling(e));
		json_object_set_new(o, "param", json_integer(p));
		json_object_set_new(o, "name", json_string(name));
		free(name);
	}
	if (x->dead)
		json_object_set_new(o, "dead", json_true());
	json_array_append_new(l, o);
}

/* A store into int local v of E (an assignment, or v's initializer),
 * whose statement is the child of frame at (-1: none) of the walk: when
 * that frame is a block, the store runs before whatever follows it in the
 * block on every path there (a loop around the block runs it again first)
 * unless a label (goto's, case, default) comes between, so it hides the
 * stores before it from those not in a loop it is not in (dom: where the
 * block is, how many labels came before it, how many loops are around). */
static void add_store(struct ext *x, CXCursor v, CXCursor e, int at)
{
	char *u = str(clang_getCursorUSR(v));
	json_t *l = json_object_get(x->setvals, u);
	if (!l)
		json_object_set_new(x->setvals, u, l = json_array());
	json_t *st = json_array();
	store_value(x, st, e, 0);
	json_t *rec = json_pack("{s:o, s:i}", "vals", st, "seq", x->seq);
	if (at >= 0 && x->stack[at].kind == CXCursor_CompoundStmt)
		json_object_set_new(rec, "dom", json_pack("[i, I, i, i]", at, (json_int_t)clang_hashCursor(x->stack[at].c),
							  x->nlabels, x->loop_at.n));
	json_array_append_new(l, rec);
	free(u);
}

/* The first store of each parameter the function writes
 * (written_int_param): at its entry, the caller's value (no dom: it is
 * hidden only by a later store that dominates the read). */
static void entry_stores(struct ext *x, CXCursor fn)
{
	for (int i = 0; i < x->nparams; i++) {
		CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);
		if (!written_int_param(x, p))
			continue;
		char *name = str(clang_getCursorSpelling(p));
		json_t *vals = json_pack("[{s:[], s:i, s:s}]", "requires", "param", i, "name", name);
		free(name);
		json_object_set_new(x->setvals, x->params[i],
				    json_pack("[{s:o, s:i}]", "vals", vals, "seq", x->seq));
	}
}

/* A plain store `v = E` into an int local of the function: the values it
 * gives (store_value), for local_guard and the locals calls pass. */
static void set_value(struct ext *x, CXCursor lhs, CXCursor rhs)
{
	if (!x->calls || clang_getCursorKind(lhs) != CXCursor_DeclRefExpr ||
	    !int_local_decl(x, clang_getCursorReferenced(lhs)))
		return;
	add_store(x, clang_getCursorReferenced(lhs), rhs, x->depth - 2);
}

static void handle_binop(struct ext *x, CXCursor c)
{
	struct kids ch = children(c);
	if (ch.n != 2)
		return;
	or_value(x, c);
	if (x->fvals) {
		char *t = int_field(ch.v[0], NULL);
		if (!t)
			t = int_local(ch.v[0]);
		if (t && is_assignment(c, ch.v[0]))
			value_store(x, ch.v[0], ch.v[1]);
		free(t);
	}
	CXCursor lhs = strip(ch.v[0], 0);
	CXCursor rhs = strip(ch.v[1], 1);
	enum CXCursorKind rk = clang_getCursorKind(rhs);
	if (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr && is_assignment(c, ch.v[0]))
		pointer_store(x, clang_getCursorReferenced(lhs), ch.v[1], x->depth - 2, 0);
	if ((fp_like(clang_getCursorType(lhs)) || !clang_Cursor_isNull(function_ref(rhs))) &&
	    is_assignment(c, ch.v[0]))
		flow_into(x, lhs, ch.v[1]);
	if (rk == CXCursor_DeclRefExpr && clang_getCursorKind(lhs) == CXCursor_MemberRefExpr &&
	    is_function_decl(clang_getCursorReferenced(rhs))) {
		CXCursor field = clang_getCursorReferenced(lhs);
		if (clang_getCursorKind(field) == CXCursor_FieldDecl && is_assignment(c, ch.v[0]))
			field_store(x, field, rhs, clang_getCursorReferenced(rhs));
	} else {
		char *key = expr_key(lhs);
		if (key && is_assignment(c, ch.v[0])) {
			set_value(x, lhs, ch.v[1]);
			value_origin(x, key, clang_getCursorType(lhs), stored_storage(lhs), ch.v[1]);
			if (rk == CXCursor_CallExpr && clang_getCursorKind(lhs) == CXCursor_DeclRefExpr)
				assign_result(x, clang_getCursorReferenced(lhs), rhs);
		}
		free(key);
	}
}

/* A variable of function-pointer type, or one initialised with a function
 * address (void *p = f), gets its initializer's value. */
static void vardecl_flow(struct ext *x, CXCursor c)
{
	CXCursor init = clang_Cursor_getVarDeclInitializer(c);
	if (clang_Cursor_isNull(init) ||
	    (!fp_like(clang_getCursorType(c)) && clang_Cursor_isNull(function_ref(init))))
		return;
	char *u = str(clang_getCursorUSR(c));
	char *to = ls_xasprintf("V:%s", u);
	flow(x, to, init);
	free(to);
	free(u);
}

static void handle_vardecl(struct ext *x, CXCursor c)
{
	vardecl_flow(x, c);
	CXCursor vi = clang_Cursor_getVarDeclInitializer(c);
	if (x->calls && !clang_Cursor_isNull(vi) && int_local_decl(x, c)) /* frames: ..., block, DeclStmt, c */
		add_store(x, c, vi, x->depth - 3);
	if (x->calls && !clang_Cursor_isNull(vi))
		pointer_store(x, c, vi, x->depth - 3, 1);
	struct kids ch = children(c);
	if (!ch.n)
		return;
	if (x->lvals && is_integer(clang_getCursorType(c)) &&
	    clang_getCursorKind(clang_getCursorSemanticParent(c)) == CXCursor_FunctionDecl &&
	    clang_Cursor_getStorageClass(c) != CX_SC_Static) {
		char *u = str(clang_getCursorUSR(c));
		json_t *e = stored_value(x, ch.v[ch.n - 1]);
		if (!json_object_get(e, "k")) {
			json_decref(e);
			e = json_pack("{s:b}", "any", 1);
		}
		json_t *l = json_object_get(x->lvals, u);
		if (!l)
			json_object_set_new(x->lvals, u, l = json_array());
		json_array_append_new(l, e);
		free(u);
	}
	CXCursor init = strip(ch.v[ch.n - 1], 0);
	enum CXCursorKind ik = clang_getCursorKind(init);
	char *key = str(clang_getCursorUSR(c));
	if (ik != CXCursor_CallExpr && pseudo_literal(x, init))
		json_object_set_new(x->pseudo_paths, key, json_true());
	else if (ik != CXCursor_InitListExpr && clang_isExpression(ik))
		value_origin(x, key, clang_getCursorType(c),
			     clang_getCursorKind(clang_getCursorSemanticParent(c)) ==
				     CXCursor_TranslationUnit,
			     init);
	free(key);
	if (ik == CXCursor_CallExpr)
		assign_result(x, c, init);
}

struct fields {
	CXCursor v[256];
	int n;
};

static enum CXVisitorResult field_cb(CXCursor c, CXClientData d)
{
	struct fields *f = d;
	if (f->n < (int)LS_ARRAY_LEN(f->v))
		f->v[f->n++] = c;
	return CXVisit_Continue;
}

struct init_walk {
	struct ext *x;
	struct fields fields;
	int pos;
};

static enum CXChildVisitResult init_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct init_walk *w = d;
	CXCursor field = clang_getNullCursor();
	CXCursor value = c;
	/* Designated initializer: children are the designators (MemberRef, or
	 * an index) and the value. The first names the position in this
	 * record; the last field named is the one stored into (.ops.write). */
	struct kids ch = children(c);
	if (clang_getCursorKind(c) == CXCursor_UnexposedExpr && ch.n >= 2 &&
	    clang_getCursorKind(ch.v[0]) == CXCursor_MemberRef) {
		field = clang_getCursorReferenced(ch.v[0]);
		value = ch.v[ch.n - 1];
		for (int i = 0; i < w->fields.n; i++)
			if (clang_equalCursors(w->fields.v[i], field))
				w->pos = i;
		for (int i = 1; i < ch.n - 1; i++)
			if (clang_getCursorKind(ch.v[i]) == CXCursor_MemberRef)
				field = clang_getCursorReferenced(ch.v[i]);
	} else if (w->pos < w->fields.n) {
		field = w->fields.v[w->pos];
	}
	w->pos++;
	if (!clang_Cursor_isNull(field)) {
		char *fusr = str(clang_getCursorUSR(field));
		char *to = ls_xasprintf("F:%s", fusr);
		flow(w->x, to, value);
		free(to);
		free(fusr);
	}
	CXCursor vs = strip(value, 1);
	if (!clang_Cursor_isNull(field) && clang_getCursorKind(vs) == CXCursor_DeclRefExpr) {
		CXCursor fn = clang_getCursorReferenced(vs);
		if (is_function_decl(fn))
			field_store(w->x, field, vs, fn);
	}
	return CXChildVisit_Continue;
}

static void handle_initlist(struct ext *x, CXCursor c)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(c));
	if (t.kind != CXType_Record)
		return;
	struct init_walk w = {.x = x};
	clang_Type_visitFields(t, field_cb, &w.fields);
	clang_visitChildren(c, init_cb, &w);
}

static enum CXChildVisitResult collect_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct frame *f = d;
	if ((f->nkids & (f->nkids - 1)) == 0) /* 0, 1, 2, 4, ...: grow */
		f->kids = ls_xrealloc(f->kids, (f->nkids ? 2 * f->nkids : 1) * sizeof *f->kids);
	f->kids[f->nkids++] = c;
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult noreturn_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct ext *x = ((void **)d)[0];
	int *found = ((void **)d)[1];
	CXCursor s = strip(c, 0);
	if (clang_getCursorKind(s) == CXCursor_CallExpr && ls_cfg_call_noreturn(x->tu, s)) {
		*found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* Does a compound statement contain, as a statement of its own, a call
 * that never returns (abort, exit, a noreturn error helper)? Its other
 * calls then sit on a path that ends the process: a blocking fflush before
 * abort() does not stall a loop that is about to die. */
static int ends_in_noreturn(struct ext *x, CXCursor compound)
{
	int found = 0;
	void *d[2] = {x, &found};
	clang_visitChildren(compound, noreturn_cb, d);
	return found;
}

/* `(report(...), __builtin_unreachable())`: a comma expression (the only
 * binary operator of type void) whose right operand never returns — an
 * assertion macro telling the compiler its failure handler does not come
 * back. Its left operand is on a path that ends the process. */
static int comma_dies(struct ext *x, CXCursor c)
{
	if (clang_getCanonicalType(clang_getCursorType(c)).kind != CXType_Void)
		return 0;
	struct kids ch = children(c);
	if (ch.n != 2)
		return 0;
	CXCursor r = strip(ch.v[1], 0);
	return clang_getCursorKind(r) == CXCursor_CallExpr && ls_cfg_call_noreturn(x->tu, r);
}

/* A return statement: where it ends, or the outermost loop statement
 * around it (a later iteration may come back to it), for final_part. */
static int runs_once(CXCursor c);
static void note_return(struct ext *x, CXCursor c)
{
	CXCursor at = c;
	for (int i = 0; i < x->depth; i++) {
		enum CXCursorKind k = x->stack[i].kind;
		if ((k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt) &&
		    !runs_once(x->stack[i].c)) {
			at = x->stack[i].c;
			break;
		}
	}
	unsigned line, col;
	clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(at)), NULL, &line, &col,
				   NULL);
	if (line > x->last_return[0] || (line == x->last_return[0] && col > x->last_return[1])) {
		x->last_return[0] = line;
		x->last_return[1] = col;
	}
}

/*
 * After a walk: the part of a function from which it never returns, its
 * "final" [line, column]: what comes after that position (calls, refs,
 * flows) runs in a process that never gets back to the function's caller.
 * Only when the body's last statement is a call that does not return
 * (exit, a noreturn helper) and no goto jumps backward: then past the
 * last return statement, or the outermost loop around it, every path
 * ends the process. Without a return, the whole body is final.
 */
static void final_part(struct ext *x, CXCursor fn)
{
	CXCursor body = ls_cfg_last_child(fn);
	if (clang_getCursorKind(body) != CXCursor_CompoundStmt ||
	    json_object_get(x->fn, "backjumps"))
		return;
	CXCursor last = strip(ls_cfg_last_child(body), 0);
	if (clang_getCursorKind(last) != CXCursor_CallExpr || !ls_cfg_call_noreturn(x->tu, last))
		return;
	unsigned line = x->last_return[0], col = x->last_return[1];
	if (!x->nreturns)
		clang_getExpansionLocation(clang_getCursorLocation(body), NULL, &line, &col, NULL);
	json_object_set_new(x->fn, "final", json_pack("[i, i]", (int)line, (int)col));
}

/* After a walk: does the function never return — no return statement,
 * and its body ends in a call that does not return (noreturn), or in a
 * call of a program function that may not either (tail_call: the link
 * step decides, see analyzer/link.c)? */
static void never_returns(struct ext *x, CXCursor fn)
{
	if (x->nreturns)
		return;
	CXCursor body = ls_cfg_last_child(fn);
	if (clang_getCursorKind(body) != CXCursor_CompoundStmt)
		return;
	if (ends_in_noreturn(x, body)) {
		json_object_set_new(x->fn, "noreturn", json_true());
		return;
	}
	CXCursor last = strip(ls_cfg_last_child(body), 0);
	if (clang_getCursorKind(last) != CXCursor_CallExpr)
		return;
	CXCursor callee = clang_getCursorReferenced(last);
	if (is_function_decl(callee)) {
		char *u = str(clang_getCursorUSR(callee));
		json_object_set_new(x->fn, "tail_call", json_string(u));
		free(u);
	}
}

static void note_write(struct ext *x, CXCursor c, enum CXCursorKind k);
static int clean_end(struct ext *x, CXCursor s);
static CXCursor tested_call(struct ext *x, CXCursor cond);
/* A for loop's iteration bound, when it counts between constants (below). */
static int counted_loop(struct ext *x, CXCursor loop, long long *trips);

/* `do { ... } while (0)`: the body runs once, the usual body of a macro
 * that must read as one statement (`#define FAIL() do { ...; goto out; }
 * while (0)`). It is no loop: a wait its body reaches makes no driver, and
 * its calls belong to the loops around it. */
static int runs_once(CXCursor c)
{
	if (clang_getCursorKind(c) != CXCursor_DoStmt)
		return 0;
	struct kids ch = children(c);
	long long v;
	return ch.n == 2 && ls_cfg_eval_int(ch.v[1], &v) && v == 0;
}
/* May a variable of type t hold a function's address, directly or in
 * what it points to (a function pointer, void *, a record with such a
 * field, arrays and pointers of those)? Depth-bounded: records refer to
 * themselves. */
static int holds_code(CXType t, int depth)
{
	t = clang_getCanonicalType(t);
	if (depth > 4)
		return 0;
	switch (t.kind) {
	case CXType_Pointer: {
		CXType p = clang_getCanonicalType(clang_getPointeeType(t));
		return p.kind == CXType_Void || p.kind == CXType_FunctionProto ||
		       p.kind == CXType_FunctionNoProto || holds_code(p, depth + 1);
	}
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_VariableArray:
		return holds_code(clang_getArrayElementType(t), depth);
	case CXType_Record: {
		struct fields f = {.n = 0};
		clang_Type_visitFields(t, field_cb, &f);
		for (int i = 0; i < f.n; i++)
			if (holds_code(clang_getCursorType(f.v[i]), depth + 1))
				return 1;
		return 0;
	}
	default:
		return 0;
	}
}

/* The set of globals a file-scope variable's initializer names. */
static json_t *global_entry(struct ext *x, const char *usr)
{
	json_t *e = json_object_get(x->globals, usr);
	if (!e)
		json_object_set_new(x->globals, usr, e = json_object());
	return e;
}

/* Keys of a set object, as a sorted array (deterministic summaries). */
static json_t *set_keys(const json_t *set)
{
	json_t *a = json_array();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)set, k, v)
		json_array_append_new(a, json_string(k));
	return a;
}

/* A file-scope variable that may hold code is named here: the function
 * being walked uses it (its initializer's function addresses are live
 * once the function is), or the initializer being walked does. */
static void global_use(struct ext *x, CXCursor var)
{
	if (clang_getCursorKind(clang_getCursorSemanticParent(var)) != CXCursor_TranslationUnit ||
	    (!x->fn_usr && !x->init_usr))
		return;
	char *u = str(clang_getCursorUSR(var));
	json_t *known = json_object_get(x->code_vars, u);
	if (!known) {
		known = json_boolean(holds_code(clang_getCursorType(var), 0));
		json_object_set_new(x->code_vars, u, known);
	}
	if (json_is_true(known)) {
		if (x->fn_usr)
			json_object_set_new(x->uses, u, json_true());
		else if (strcmp(u, x->init_usr) != 0)
			json_object_set_new(global_entry(x, x->init_usr), u, json_true());
	}
	free(u);
}

/* Act on the cursor of the top frame; returns whether to walk its
 * children, after setting what to undo once they are done. */
/* `if (A && (pid = fork()) != 0) {parent} else {...}`: the else runs where
 * fork returned 0, and also, without a fork, when A fails (a mode that
 * serves in-process, a failed pipe()); `if (A || fork() == 0)` likewise
 * for the then side. Records that side on f for zero_or_side. */
static void shared_zero_side(struct ext *x, struct frame *f, CXCursor cond, unsigned nkids)
{
	cond = strip(cond, 0);
	char buf[16];
	const char *op = clang_getCursorKind(cond) == CXCursor_BinaryOperator
				 ? ls_cfg_operator(x->tu, cond, buf) : NULL;
	struct kids ch = children(cond);
	if (!op || ch.n != 2 || (strcmp(op, "&&") && strcmp(op, "||")))
		return;
	int on_zero = 0, and = !strcmp(op, "&&");
	CXCursor t = zero_tested(x, ch.v[1], &on_zero);
	if (clang_Cursor_isNull(t) || on_zero == and || (and && nkids < 3))
		return;
	f->zero_call = t;
	f->zero_branch = and ? 2 : 1;
	f->zero_rest = ch.v[0];
	f->zero_holds = !and;
}

/* A goto that may run the code before it again, its label first in the
 * file: fn's "backjumps" gets the lines [label's, goto's] it repeats (a
 * goto to a computed address: the whole function). */
static enum CXChildVisitResult label_of(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LabelRef) {
		*(CXCursor *)d = clang_getCursorReferenced(c);
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

static void backward_goto(json_t *fn, CXCursor c)
{
	CXCursor label = clang_getNullCursor();
	if (clang_getCursorKind(c) == CXCursor_GotoStmt)
		clang_visitChildren(c, label_of, &label);
	unsigned at = 0, to = 0, at_line = 0, to_line = 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &at_line, NULL, &at);
	if (!clang_Cursor_isNull(label))
		clang_getExpansionLocation(clang_getCursorLocation(label), NULL, &to_line, NULL, &to);
	if (!clang_Cursor_isNull(label) && to > at)
		return;
	json_t *b = json_object_get(fn, "backjumps");
	if (!b)
		json_object_set_new(fn, "backjumps", b = json_array());
	json_array_append_new(b, clang_Cursor_isNull(label) ? json_pack("[i, i]", 0, INT_MAX)
							   : json_pack("[i, i]", (int)to_line, (int)at_line));
}

static int enter(struct ext *x, struct frame *f)
{
	CXCursor c = f->c;
	enum CXCursorKind k = f->kind;
	switch (k) {
	case CXCursor_CallExpr:
		handle_call(x, c);
		break;
	case CXCursor_BinaryOperator:
		handle_binop(x, c);
		note_write(x, c, k);
		break;
	case CXCursor_CompoundAssignOperator:
		or_value(x, c);
		note_write(x, c, k);
		if (children(c).n)
			value_store(x, children(c).v[0], clang_getNullCursor());
		break;
	case CXCursor_UnaryOperator:
		note_write(x, c, k);
		unary_store(x, c);
		break;
	case CXCursor_VarDecl:
		handle_vardecl(x, c);
		break;
	case CXCursor_LabelStmt:
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		x->nlabels++;
		break;
	case CXCursor_GotoStmt:
	case CXCursor_IndirectGotoStmt:
		if (x->fn)
			backward_goto(x->fn, c);
		if (x->calls)
			note_jump(x, k);
		break;
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
		if (x->calls)
			note_jump(x, k);
		break;
	case CXCursor_IfStmt:
		if (x->calls)
			chain_record(x, f);
		break;
	case CXCursor_InitListExpr:
		handle_initlist(x, c);
		break;
	case CXCursor_ReturnStmt:
		x->nreturns++;
		note_return(x, c);
		copy_return(x, c);
		if (x->returns_obj || x->returns_fp) {
			/* what it returns, under the key of the function's result */
			struct kids ch = children(c);
			if (ch.n) {
				char *to = ls_xasprintf("R:%s", x->fn_usr);
				(x->returns_fp ? flow : return_origin)(x, to, ch.v[0]);
				free(to);
			}
		}
		break;
	case CXCursor_DeclRefExpr: {
		CXCursor r = clang_getCursorReferenced(c);
		if (!set_has(&x->handled, c) && is_function_decl(r))
			add_ref(x, r, c, "addr", NULL);
		else if (clang_getCursorKind(r) == CXCursor_VarDecl)
			global_use(x, r);
		return 0;
	}
	default:
		break;
	}
	int switch_body = x->depth >= 2 && x->stack[x->depth - 2].kind == CXCursor_SwitchStmt;
	if ((k == CXCursor_CompoundStmt && !switch_body && ends_in_noreturn(x, c)) ||
	    (k == CXCursor_BinaryOperator && comma_dies(x, c))) {
		x->dying++;
		f->leave = LEAVE_DYING;
	} else if ((k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt) &&
		   x->loops && !runs_once(c)) {
		json_t *l = json_object();
		set_location(l, c);
		long long trips;
		if (k == CXCursor_ForStmt && counted_loop(x, c, &trips))
			json_object_set_new(l, "trips", json_integer(trips));
		place(x, l);
		istack_push(&x->loop_at, (int)json_array_size(x->loops));
		json_array_append_new(x->loops, l);
		f->leave = LEAVE_LOOP;
	} else if ((k == CXCursor_IfStmt || k == CXCursor_SwitchStmt) && x->calls) {
		struct kids ch = children(c);
		int on_zero = 0;
		CXCursor t = ch.n >= 2 ? zero_tested(x, ch.v[0], &on_zero) : clang_getNullCursor();
		if (!clang_Cursor_isNull(t) && (k == CXCursor_IfStmt || !on_zero)) {
			f->zero_call = t;
			f->zero_branch = on_zero ? 1 : 2;
		} else if (k == CXCursor_IfStmt && ch.n >= 2) {
			shared_zero_side(x, f, ch.v[0], ch.n);
		}
		/* `if (shutdown() == OK) exit(0);`: see link.c's gates */
		CXCursor tc = k == CXCursor_IfStmt && ch.n >= 2 ? tested_call(x, ch.v[0]) : clang_getNullCursor();
		if (!clang_Cursor_isNull(tc) &&
		    (clean_end(x, ch.v[1]) || (ch.n > 2 && clean_end(x, ch.v[2]))))
			f->exit_call = tc;
	}
	return 1;
}

/* ---- guards: constants that decide whether code runs ----
 *
 * A call under `if (wait)`, `if (!p)`, `if (mode == 2)` or on the right of
 * `wait && ...` runs only when that holds of a parameter: the call records
 * the relation in `requires` [{param, op, k}] and the link step evaluates
 * it with the constants the function's callers pass (analyzer/link.c). A
 * relation on a local initialised with a constant and never written
 * (`int debugmsg = 0; if (debugmsg) ...`) is decided here: calls where it
 * is false are `dead`. */

struct writes {
	struct ext *x;
	json_t *written; /* USR -> how many writes (=, op=, ++, --, &); "!USR": some not = */
};

static enum CXChildVisitResult writes_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct writes *w = d;
	CXCursor v = ls_cfg_written_var(w->x->tu, c);
	if (!clang_Cursor_isNull(v)) {
		char *u = str(clang_getCursorUSR(v));
		json_object_set_new(w->written, u,
				    json_integer(json_integer_value(json_object_get(w->written, u)) + 1));
		if (clang_getCursorKind(c) != CXCursor_BinaryOperator) { /* op=, ++, --, & */
			char *h = ls_xasprintf("!%s", u);
			json_object_set_new(w->written, h, json_true());
			free(h);
		}
		free(u);
	}
	return CXChildVisit_Recurse;
}

/* The function's writes of its variables (USR -> count), found on first
 * use in the function. */
static const json_t *local_writes(struct ext *x, CXCursor decl)
{
	if (!json_object_get(x->const_locals, "")) { /* first use in this function */
		struct writes w = {x, json_object()};
		clang_visitChildren(clang_getCursorSemanticParent(decl), writes_cb, &w);
		json_object_set_new(x->const_locals, "", w.written);
	}
	return json_object_get(x->const_locals, "");
}

/* A local int (not static) of the function, initialised with a constant:
 * that constant into *v; 0 if not such a local. */
static int local_init(CXCursor decl, long long *v)
{
	if (clang_getCursorKind(decl) != CXCursor_VarDecl || !is_integer(clang_getCursorType(decl)) ||
	    clang_getCursorKind(clang_getCursorSemanticParent(decl)) != CXCursor_FunctionDecl ||
	    clang_Cursor_getStorageClass(decl) == CX_SC_Static)
		return 0;
	struct kids ch = children(decl);
	CXCursor init = ch.n ? strip(ch.v[ch.n - 1], 0) : clang_getNullCursor();
	enum CXCursorKind ik = clang_getCursorKind(init);
	int ok = 0;
	if (ik == CXCursor_IntegerLiteral || ik == CXCursor_CharacterLiteral) {
		CXEvalResult r = clang_Cursor_Evaluate(init);
		if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
			*v = clang_EvalResult_getAsLongLong(r);
			ok = 1;
		}
		if (r)
			clang_EvalResult_dispose(r);
	}
	return ok;
}

/* The constant a local is initialised with, if the function never writes
 * it (nor takes its address); 0 if not such a local. */
static int const_local(struct ext *x, CXCursor decl, long long *v)
{
	if (!local_init(decl, v))
		return 0;
	char *u = str(clang_getCursorUSR(decl));
	int ok = !json_object_get(local_writes(x, decl), u);
	free(u);
	return ok;
}

/* A constant expression's value (a literal, an enumerator, a macro
 * spelling one); 0 if it is not one. */
static int constant_of(CXCursor e, long long *v)
{
	e = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(e)) != CXCursor_EnumConstantDecl)
		return 0;
	if (k == CXCursor_BinaryOperator) {
		/* flags or-ed together (NONBLOCK|BIND): constants on both sides */
		struct kids ch = children(e);
		long long a;
		if (ch.n != 2 || !constant_of(ch.v[0], &a) || !constant_of(ch.v[1], &a))
			return 0;
	} else if (k != CXCursor_IntegerLiteral && k != CXCursor_CharacterLiteral &&
		   k != CXCursor_DeclRefExpr && k != CXCursor_UnaryOperator) {
		return 0;
	}
	return ls_cfg_eval_int(e, v);
}

static int same_decl(CXCursor a, CXCursor b)
{
	return !clang_Cursor_isNull(a) &&
	       clang_equalCursors(clang_getCanonicalCursor(a), clang_getCanonicalCursor(b));
}

/* The variable a counter expression names (i, not i + 1); null if not one. */
static CXCursor counter_var(CXCursor e)
{
	e = strip(e, 0);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(e)
							      : clang_getNullCursor();
}

/* How many times at most a for loop runs its body, when it counts one
 * variable up from a constant to a constant, one step per iteration, and
 * neither its condition nor its body writes it otherwise:
 * `for (i = 0; i < 5; i++)`, `for (int i = 1; i <= N; ++i)` with N a
 * constant. A `break` only makes it shorter. */
static int counted_loop(struct ext *x, CXCursor loop, long long *trips)
{
	struct kids ch = children(loop);
	if (ch.n != 4)
		return 0;
	char buf[16];
	CXCursor var = clang_getNullCursor(), from = clang_getNullCursor();
	CXCursor init = strip(ch.v[0], 0);
	if (clang_getCursorKind(init) == CXCursor_DeclStmt) {
		struct kids d = children(init);
		if (d.n == 1 && clang_getCursorKind(d.v[0]) == CXCursor_VarDecl) {
			var = d.v[0];
			from = clang_Cursor_getVarDeclInitializer(d.v[0]);
		}
	} else if (clang_getCursorKind(init) == CXCursor_BinaryOperator &&
		   ls_streq(ls_cfg_operator(x->tu, init, buf), "=")) {
		struct kids b = children(init);
		if (b.n == 2) {
			var = counter_var(b.v[0]);
			from = b.v[1];
		}
	}
	long long lo, hi;
	if (clang_Cursor_isNull(var) || clang_Cursor_isNull(from) || !constant_of(from, &lo))
		return 0;
	CXCursor cond = strip(ch.v[1], 0);
	if (clang_getCursorKind(cond) != CXCursor_BinaryOperator)
		return 0;
	const char *op = ls_cfg_operator(x->tu, cond, buf);
	int inclusive = ls_streq(op, "<=");
	struct kids c2 = children(cond);
	if ((!inclusive && !ls_streq(op, "<")) || c2.n != 2 ||
	    !same_decl(counter_var(c2.v[0]), var) || !constant_of(c2.v[1], &hi))
		return 0;
	CXCursor inc = strip(ch.v[2], 0);
	struct kids i1 = children(inc);
	if (clang_getCursorKind(inc) != CXCursor_UnaryOperator ||
	    !ls_streq(ls_cfg_operator(x->tu, inc, buf), "++") || i1.n != 1 ||
	    !same_decl(counter_var(i1.v[0]), var))
		return 0;
	/* The body must not write the counter (i = 0 restarts the loop). */
	struct writes w = {x, json_object()};
	clang_visitChildren(ch.v[3], writes_cb, &w);
	char *u = str(clang_getCursorUSR(var));
	int written = json_object_get(w.written, u) != NULL;
	free(u);
	json_decref(w.written);
	if (written)
		return 0;
	*trips = hi - lo + inclusive;
	if (*trips < 0)
		*trips = 0;
	return 1;
}

static int relation_holds(const char *op, long long v, long long k)
{
	return !strcmp(op, "==") ? v == k : !strcmp(op, "!=") ? v != k : !strcmp(op, "<") ? v < k
	     : !strcmp(op, "<=") ? v <= k : !strcmp(op, ">") ? v > k : !strcmp(op, ">=") ? v >= k
	     : !strcmp(op, "&") ? (v & k) != 0 : !strcmp(op, "!&") ? (v & k) == 0 : 1;
}

/* A bit test `v & K` (K constant, either side): the variable into *var,
 * K into *mask; 0 if e is not one. */
static int bit_test(struct ext *x, CXCursor e, CXCursor *var, long long *mask)
{
	e = strip(e, 0);
	if (clang_getCursorKind(e) != CXCursor_BinaryOperator)
		return 0;
	struct kids ch = children(e);
	char buf[16];
	if (ch.n != 2 || !ls_streq(ls_cfg_operator(x->tu, e, buf), "&"))
		return 0;
	int side = constant_of(ch.v[1], mask) ? 1 : constant_of(ch.v[0], mask) ? 0 : -1;
	if (side < 0 || !*mask)
		return 0;
	*var = strip(ch.v[1 - side], 0);
	return clang_getCursorKind(*var) == CXCursor_DeclRefExpr;
}

/* The leaves of a chain of op (|| or &&) that each compare one integer
 * parameter with a constant by rel (== or !=): their constants into ks,
 * the parameter into *param. 0 when a leaf is anything else. */
static int same_param_chain(struct ext *x, CXCursor e, const char *op, const char *rel, int *param,
			    json_t *ks, int depth)
{
	char buf[16];
	e = strip(e, 0);
	struct kids ch = children(e);
	const char *o = clang_getCursorKind(e) == CXCursor_BinaryOperator && ch.n == 2
		? ls_cfg_operator(x->tu, e, buf) : NULL;
	if (!o || depth > 32)
		return 0;
	if (!strcmp(o, op))
		return same_param_chain(x, ch.v[0], op, rel, param, ks, depth + 1) &&
		       same_param_chain(x, ch.v[1], op, rel, param, ks, depth + 1);
	long long k;
	int side = constant_of(ch.v[1], &k) ? 1 : constant_of(ch.v[0], &k) ? 0 : -1;
	int p = side < 0 ? -1 : param_index(x, ch.v[1 - side]);
	if (strcmp(o, rel) || p < 0 || (*param >= 0 && p != *param) ||
	    !is_integer(clang_getCursorType(strip(ch.v[1 - side], 0))))
		return 0;
	*param = p;
	json_array_append_new(ks, json_integer(k));
	return 1;
}

/* `sig == A || sig == B` (taken: one of A, B; not taken: neither), and
 * `sig != A && sig != B` the other way round, as a switch case's guard
 * {param, op: in | out, ks}; 1 when pushed. */
static int push_set_guard(struct ext *x, CXCursor cond, int truth)
{
	static const char *const forms[][2] = {{"||", "=="}, {"&&", "!="}};
	for (size_t i = 0; i < LS_ARRAY_LEN(forms); i++) {
		int param = -1;
		json_t *ks = json_array();
		CXCursor e = strip(cond, 0);
		char buf[16];
		const char *o = clang_getCursorKind(e) == CXCursor_BinaryOperator ? ls_cfg_operator(x->tu, e, buf) : NULL;
		if (o && !strcmp(o, forms[i][0]) &&
		    same_param_chain(x, e, forms[i][0], forms[i][1], &param, ks, 0)) {
			int in = (i == 0) == (truth != 0);
			json_array_append_new(x->guards, json_pack("{s:i, s:s, s:o}", "param", param, "op",
								   in ? "in" : "out", "ks", ks));
			return 1;
		}
		json_decref(ks);
	}
	return 0;
}

/* The values an int local of the function can hold where it is read now:
 * the entries of store_value of the stores that can reach here, a new
 * array; NULL when they are not all known (op=, ++, -- or & of it
 * anywhere; a store later in the function that may reach here: with a
 * loop around here or a label before). The stores that reach are the last
 * one in a block around here (add_store's dom) and those after it;
 * without one, every store walked so far. An uninitialized local holds what a store put there. */
static json_t *local_stores(struct ext *x, CXCursor decl)
{
	if (!x->calls || !int_local_decl(x, decl))
		return NULL;
	char *u = str(clang_getCursorUSR(decl));
	char *h = ls_xasprintf("!%s", u);
	const json_t *l = json_object_get(x->setvals, u), *w = local_writes(x, decl);
	json_int_t nw = json_integer_value(json_object_get(w, u)) +
			(clang_getCursorKind(decl) == CXCursor_ParmDecl ||
			 !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(decl)));
	int hidden = json_object_get(w, h) != NULL;
	free(h);
	free(u);
	if (!l || hidden)
		return NULL;
	size_t from = json_array_size(l), i, j;
	while (from > 0) {
		const json_t *d = json_object_get(json_array_get(l, from - 1), "dom");
		int at = d ? (int)json_integer_value(json_array_get(d, 0)) : -1;
		/* a label since (goto, case) may lead past the store, and a loop
		 * around here but not around it brings later stores back */
		if (at >= 0 && at < x->depth &&
		    (json_int_t)clang_hashCursor(x->stack[at].c) == json_integer_value(json_array_get(d, 1)) &&
		    json_integer_value(json_array_get(d, 2)) == x->nlabels &&
		    json_integer_value(json_array_get(d, 3)) == x->loop_at.n)
			break;
		from--;
	}
	if (from > 0)
		from--; /* the dominating store itself */
	else if ((json_int_t)json_array_size(l) != nw && (x->loop_at.n || x->nlabels))
		return NULL; /* a store not walked yet may come back here by a loop
				or a goto; with neither around or before, it cannot */
	json_t *vals = json_array();
	json_t *e;
	for (i = from; i < json_array_size(l); i++)
		json_array_foreach(json_object_get(json_array_get(l, i), "vals"), j, e) {
			json_t *c = json_deep_copy(e);
			json_object_set(c, "_seq", json_object_get(json_array_get(l, i), "seq"));
			json_array_append_new(vals, c);
		}
	return vals;
}

/* A relation `v OP K` on an int local whose stores local_stores knows:
 * it holds only after a store of a value satisfying it, under that
 * store's guards (with the relation on the parameter it stored, for a
 * parameter). `int do_popen = 0; if (mode == SCRIPT) do_popen = 1; ...
 * if (do_popen) popen(...)`: the popen runs only when mode == SCRIPT.
 * One way: its guards pushed (1); several: pushed as one disjunction on
 * x->anys (1); none that can run: a dead branch (2); 0 when the local
 * says nothing (a store under no guard that may satisfy it, too many). */
#define LS_LOCAL_WAYS 8
static int local_guard(struct ext *x, CXCursor decl, const char *op, long long k)
{
	json_t *vals = local_stores(x, decl);
	if (!vals)
		return 0;
	json_t *ways = json_array();
	int r = 1;
	size_t i;
	json_t *e;
	json_array_foreach(vals, i, e) {
		const json_t *kv = json_object_get(e, "k"), *pv = json_object_get(e, "param");
		if (json_object_get(e, "dead") || (kv && !relation_holds(op, json_integer_value(kv), k)))
			continue;
		json_t *way = json_deep_copy(json_object_get(e, "requires"));
		if (pv)
			json_array_append_new(way, json_pack("{s:O, s:s, s:I, s:O}", "param", pv, "op", op,
							     "k", (json_int_t)k, "name",
							     json_object_get(e, "name")));
		if (!json_array_size(way) || json_array_size(ways) == LS_LOCAL_WAYS) {
			json_decref(way);
			r = 0;
			break;
		}
		json_array_append_new(ways, way);
	}
	if (r && !json_array_size(ways)) {
		x->dead++;
		r = 2;
	} else if (r && json_array_size(ways) == 1) {
		json_array_extend(x->guards, json_array_get(ways, 0));
	} else if (r) {
		json_array_append(x->anys, ways);
	}
	json_decref(ways);
	json_decref(vals);
	return r;
}

/* ---- fall-through chains: what a null pointer local says ----
 *
 * `errmess = NULL; ... if (!option) errmess = "bad option"; else if
 * (mode == REV && option != 'S') errmess = "illegal option"; ...
 * if (errmess || !use(option))`: use runs where errmess is null, and a
 * value option got before the chain reaches it only through the chain's
 * fall-through, where no test of the chain held. null_narrow narrows the
 * stores of an int local passed to a call by the tests of such chains,
 * when that holds on every path:
 *  - the call runs where a pointer local P is null (a test of P, the
 *    right of `P || ...`), with no label, loop, store of P or store of
 *    the local between that test and the call;
 *  - the chain is an if / else-if chain directly in a block, each branch
 *    of it (the chain ends at the first that is not) a single store into
 *    P of a value never null (a string literal, an address, a call the
 *    models' `never_null` names); the store of the local lies before it
 *    in that block with no goto and no break or continue leaving the
 *    block between, and the test of P lies after the whole chain;
 *  - every store of P that may be null (NULL, anything else) has a store
 *    of the local directly before it in its block (no label between) and
 *    the narrowed store is not between those two: a path that stored a
 *    never-null value and then null again stored the local again too;
 *    every write of P is a plain store the walk has seen, and its
 *    address is never taken.
 * A test of the chain is read as a conjunction of relations of integer
 * parameters the function never writes and of int locals with constants
 * (a test of anything else, or a disjunction, says nothing); its negation
 * holds at the fall-through: a constant the local stored must satisfy one
 * of the negated relations on the local, a parameter gets them as guards
 * (requires), an unknown value becomes the constant of a negated `!=`,
 * and a negated relation on a parameter adds to the store's requires. */

static int ptr_local_decl(CXCursor d)
{
	return clang_getCursorKind(d) == CXCursor_VarDecl &&
	       clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_Pointer &&
	       clang_getCursorKind(clang_getCursorSemanticParent(d)) == CXCursor_FunctionDecl &&
	       clang_Cursor_getStorageClass(d) != CX_SC_Static;
}

static int model_call_holds(struct ext *x, CXCursor call, const char *section);

/* A value that is never a null pointer. */
static int never_null(struct ext *x, CXCursor e)
{
	e = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	char buf[16];
	if (k == CXCursor_StringLiteral)
		return 1;
	if (k == CXCursor_UnaryOperator)
		return ls_streq(ls_cfg_operator(x->tu, e, buf), "&");
	return k == CXCursor_CallExpr && model_call_holds(x, e, "never_null");
}

/* The block a statement that is the child of frame at lies directly in
 * (add_store's dom), or NULL. */
static json_t *dom_of(struct ext *x, int at)
{
	if (at < 0 || x->stack[at].kind != CXCursor_CompoundStmt)
		return NULL;
	return json_pack("[i, I, i, i]", at, (json_int_t)clang_hashCursor(x->stack[at].c), x->nlabels,
			 x->loop_at.n);
}

/* A store of rhs into var (init: its initializer), when var is a pointer
 * local: x->pstores. */
static void pointer_store(struct ext *x, CXCursor var, CXCursor rhs, int at, int init)
{
	if (!x->calls || !ptr_local_decl(var))
		return;
	char *u = str(clang_getCursorUSR(var));
	json_t *l = json_object_get(x->pstores, u);
	if (!l)
		json_object_set_new(x->pstores, u, l = json_array());
	json_t *r = json_pack("{s:i}", "seq", x->seq);
	if (never_null(x, rhs))
		json_object_set_new(r, "nn", json_true());
	if (init)
		json_object_set_new(r, "init", json_true());
	json_t *d = dom_of(x, at);
	if (d)
		json_object_set_new(r, "dom", d);
	json_array_append_new(l, r);
	free(u);
}

/* goto, break, continue: where it leaves to (the frame index of the loop
 * or switch a break or continue ends; -1 for a goto). */
static void note_jump(struct ext *x, enum CXCursorKind k)
{
	int t = -1;
	for (int d = x->depth - 2; d >= 0 && (k == CXCursor_BreakStmt || k == CXCursor_ContinueStmt); d--) {
		enum CXCursorKind dk = x->stack[d].kind;
		if (dk == CXCursor_ForStmt || dk == CXCursor_WhileStmt || dk == CXCursor_DoStmt ||
		    (k == CXCursor_BreakStmt && dk == CXCursor_SwitchStmt)) {
			t = d;
			break;
		}
	}
	json_array_append_new(x->jumps, json_pack("[i, i]", x->seq, t));
}

/* The pointer local a statement `P = V;` (alone, or alone in braces)
 * stores a never-null V into: its USR, or NULL. */
static char *nn_store(struct ext *x, CXCursor s)
{
	s = strip(s, 0);
	if (clang_getCursorKind(s) == CXCursor_CompoundStmt) {
		struct kids ch = children(s);
		if (ch.total != 1)
			return NULL;
		s = strip(ch.v[0], 0);
	}
	struct kids ch = children(s);
	if (clang_getCursorKind(s) != CXCursor_BinaryOperator || ch.n != 2 || !is_assignment(s, ch.v[0]))
		return NULL;
	CXCursor lhs = strip(ch.v[0], 0);
	if (clang_getCursorKind(lhs) != CXCursor_DeclRefExpr || !ptr_local_decl(clang_getCursorReferenced(lhs)) ||
	    !never_null(x, ch.v[1]))
		return NULL;
	return str(clang_getCursorUSR(clang_getCursorReferenced(lhs)));
}

/* The relation of a variable with a constant that cond states when it
 * is truth: `v`, `!v`, `v OP K`, `K OP v`, and bit tests (`flags & K`,
 * `!(flags & K)`, `(flags & K) == 0`) as the relations "&" ((v & K) != 0)
 * and "!&". 1 with the variable's reference (a DeclRefExpr) in *var, the
 * operator in *op and K in *k; 0 when cond is none of these. */
static int cond_relation(struct ext *x, CXCursor cond, int truth, CXCursor *var, const char **op,
			 long long *k)
{
	static const char *const rel[] = {"==", "!=", "<", "<=", ">", ">=", "&", "!&"};
	static const char *const inv[] = {"!=", "==", ">=", ">", "<=", "<", "!&", "&"};
	static const char *const flip[] = {"==", "!=", ">", ">=", "<", "<="};
	CXCursor e = strip(cond, 0), bv;
	char buf[16];
	*op = "!=";
	*k = 0;
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator) {
		const char *o = ls_cfg_operator(x->tu, e, buf);
		struct kids ch = children(e);
		if (!o || strcmp(o, "!") || ch.n != 1)
			return 0;
		*op = "==";
		e = strip(ch.v[0], 0);
		if (bit_test(x, e, &bv, k)) {
			*op = "!&";
			e = bv;
		}
	} else if (bit_test(x, e, &bv, k)) {
		*op = "&";
		e = bv;
	} else if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		struct kids ch = children(e);
		if (ch.n != 2)
			return 0;
		int side = constant_of(ch.v[1], k) ? 1 : constant_of(ch.v[0], k) ? 0 : -1;
		const char *o = side < 0 ? NULL : ls_cfg_operator(x->tu, e, buf);
		int ri = -1;
		for (int i = 0; o && i < 6; i++)
			if (!strcmp(o, rel[i]))
				ri = i;
		if (ri < 0)
			return 0;
		*op = side == 1 ? rel[ri] : flip[ri];
		e = strip(ch.v[1 - side], 0);
		if (*k == 0 && ri < 2 && bit_test(x, e, &bv, k)) {
			*op = ri == 0 ? "!&" : "&";
			e = bv;
		}
	}
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return 0;
	if (!truth)
		for (size_t i = 0; i < LS_ARRAY_LEN(rel); i++)
			if (!strcmp(*op, rel[i])) {
				*op = inv[i];
				break;
			}
	*var = e;
	return 1;
}

/* A relation of e with a constant, as it holds when e is truth: {param,
 * op, k, name} on a parameter the function never writes, {local, op, k}
 * on an int local (or a parameter it writes); NULL for anything else. */
static json_t *relation_of(struct ext *x, CXCursor e, int truth)
{
	const char *op;
	long long k;
	if (!cond_relation(x, e, truth, &e, &op, &k) || !is_integer(clang_getCursorType(e)))
		return NULL;
	CXCursor r = clang_getCursorReferenced(e);
	char *u = str(clang_getCursorUSR(r));
	json_t *a = NULL;
	int p = param_index(x, e);
	if (p >= 0) {
		char *name = str(clang_getCursorSpelling(e));
		a = json_pack("{s:i, s:s, s:I, s:s}", "param", p, "op", op, "k", (json_int_t)k, "name", name);
		free(name);
	} else if (int_local_decl(x, r)) {
		a = json_pack("{s:s, s:s, s:I}", "local", u, "op", op, "k", (json_int_t)k);
	}
	free(u);
	return a;
}

/* The negated relations of a conjunction of tests, one clause (any of
 * them holds where the conjunction fails) into cl; 0 if a leaf is not a
 * relation. */
static int negated_conjunction(struct ext *x, CXCursor e, json_t *cl, int depth)
{
	char buf[16];
	e = strip(e, 0);
	struct kids ch = children(e);
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator && ch.n == 2 &&
	    ls_streq(ls_cfg_operator(x->tu, e, buf), "&&"))
		return depth < 16 && negated_conjunction(x, ch.v[0], cl, depth + 1) &&
		       negated_conjunction(x, ch.v[1], cl, depth + 1);
	json_t *a = relation_of(x, e, 0);
	if (!a)
		return 0;
	json_array_append_new(cl, a);
	return 1;
}

/* An if / else-if chain directly in a block (frame f, an if), whose
 * branches store never-null values into one pointer local: x->chains. */
static void chain_record(struct ext *x, struct frame *f)
{
	if (x->depth < 2 || x->stack[x->depth - 2].kind != CXCursor_CompoundStmt)
		return;
	CXCursor link = f->c;
	char *pu = NULL;
	json_t *clauses = json_array();
	for (int n = 0; n < 256; n++) {
		struct kids ch = children(link);
		char *u = ch.n >= 2 ? nn_store(x, ch.v[1]) : NULL;
		if (!u || (pu && strcmp(u, pu))) {
			free(u);
			break;
		}
		if (!pu)
			pu = u;
		else
			free(u);
		json_t *cl = json_array();
		if (negated_conjunction(x, ch.v[0], cl, 0))
			json_array_append_new(clauses, cl);
		else
			json_decref(cl);
		if (ch.n < 3 || clang_getCursorKind(ch.v[2]) != CXCursor_IfStmt)
			break;
		link = ch.v[2];
	}
	if (pu && json_array_size(clauses))
		json_array_append_new(x->chains, json_pack("{s:s, s:i, s:i, s:i, s:o}", "p", pu, "seq", f->seq,
							   "bdepth", x->depth - 2, "bseq",
							   x->stack[x->depth - 2].seq, "clauses", clauses));
	else
		json_decref(clauses);
	free(pu);
}

/* Frame f runs where cond is truth: when that says a pointer local is
 * null (`!p`, `p == 0`, the else of `if (p)`, the right of `p || ...`),
 * x->nullside. */
static void null_side(struct ext *x, struct frame *f, CXCursor cond, int truth)
{
	CXCursor e = strip(cond, 0);
	char buf[16];
	int null_when = 0; /* cond's value where the pointer is null */
	struct kids ch = children(e);
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator && ch.n == 1 &&
	    ls_streq(ls_cfg_operator(x->tu, e, buf), "!")) {
		null_when = 1;
		e = strip(ch.v[0], 0);
	} else if (clang_getCursorKind(e) == CXCursor_BinaryOperator && ch.n == 2) {
		const char *o = ls_cfg_operator(x->tu, e, buf);
		int side = is_zero_literal(ch.v[1]) ? 1 : is_zero_literal(ch.v[0]) ? 0 : -1;
		if (side < 0 || (!ls_streq(o, "==") && !ls_streq(o, "!=")))
			return;
		null_when = ls_streq(o, "==");
		e = strip(ch.v[1 - side], 0);
	}
	if ((truth != 0) != null_when || clang_getCursorKind(e) != CXCursor_DeclRefExpr ||
	    !ptr_local_decl(clang_getCursorReferenced(e)))
		return;
	char *u = str(clang_getCursorUSR(clang_getCursorReferenced(e)));
	json_array_append_new(x->nullside, json_pack("{s:s, s:i, s:i, s:i}", "p", u, "seq", f->seq, "nl",
						     x->nlabels, "lo", x->loop_at.n));
	f->null_pushed = 1;
	free(u);
}

static int push_guard(struct ext *x, CXCursor cond, int truth);

/* guard_side's push_guard, and null_side when it understood nothing. */
static int side_guard(struct ext *x, struct frame *f, CXCursor cond, int truth)
{
	int r = push_guard(x, cond, truth);
	if (!r && x->calls)
		null_side(x, f, cond, truth);
	return r;
}

/* Any store of usr (in x->setvals or x->pstores) walked after seq? */
static int stored_since(const json_t *recs, int seq)
{
	size_t i;
	json_t *r;
	json_array_foreach(recs, i, r)
		if (json_integer_value(json_object_get(r, "seq")) > seq)
			return 1;
	return 0;
}

/* Does every store of pointer local pu that may be null have a store of
 * int local lu directly before it in its block, with s (a store of lu)
 * not between them? Every write of pu must be a store walked. */
static int null_stores_restore(struct ext *x, const char *pu, const char *lu, CXCursor ldecl, int s)
{
	const json_t *recs = json_object_get(x->pstores, pu), *w = local_writes(x, ldecl);
	const json_t *lrecs = json_object_get(x->setvals, lu);
	char *h = ls_xasprintf("!%s", pu);
	int hidden = json_object_get(w, h) != NULL;
	free(h);
	size_t i, j, plain = 0;
	json_t *r, *l;
	json_array_foreach(recs, i, r)
		plain += !json_object_get(r, "init");
	if (hidden || (json_int_t)plain != json_integer_value(json_object_get(w, pu)))
		return 0;
	json_array_foreach(recs, i, r) {
		if (json_object_get(r, "nn"))
			continue;
		const json_t *d = json_object_get(r, "dom");
		int m = (int)json_integer_value(json_object_get(r, "seq")), ok = 0;
		json_array_foreach(lrecs, j, l) {
			const json_t *ld = json_object_get(l, "dom");
			int ls = (int)json_integer_value(json_object_get(l, "seq"));
			if (d && ld && json_equal(d, ld) && ls < m && !(ls <= s && s <= m))
				ok = 1;
		}
		if (!ok)
			return 0;
	}
	return 1;
}

/* May the chain ch's fall-through narrow a store (walked at s) of the int
 * local lu whose value reaches a call where pointer local ns->p is null? */
static int chain_applies(struct ext *x, const json_t *ch, const json_t *ns, const char *lu, CXCursor ldecl,
			 int s)
{
	const char *pu = json_string_value(json_object_get(ns, "p"));
	int cseq = (int)json_integer_value(json_object_get(ch, "seq"));
	int bd = (int)json_integer_value(json_object_get(ch, "bdepth"));
	int bseq = (int)json_integer_value(json_object_get(ch, "bseq"));
	int tseq = (int)json_integer_value(json_object_get(ns, "seq"));
	if (strcmp(json_string_value(json_object_get(ch, "p")), pu) || !(bseq < s && s < cseq) || cseq >= tseq)
		return 0;
	/* the call (and the test of P, an ancestor of it) lies not in the chain */
	if (x->depth > bd + 1 && x->stack[bd].seq == bseq && x->stack[bd + 1].seq == cseq)
		return 0;
	size_t i;
	json_t *j;
	json_array_foreach(x->jumps, i, j) {
		int js = (int)json_integer_value(json_array_get(j, 0));
		if (js > s && js < cseq && json_integer_value(json_array_get(j, 1)) < bd)
			return 0;
	}
	return null_stores_restore(x, pu, lu, ldecl, s);
}

static int entry_possible(json_t *e);

/* e (an lstores entry) where one of clause's relations holds, into out;
 * lu: the local e is a value of. */
static void narrow_entry(const json_t *e, const json_t *clause, const char *lu, json_t *out)
{
	size_t i;
	json_t *a;
	const json_t *k = json_object_get(e, "k"), *p = json_object_get(e, "param");
	json_array_foreach(clause, i, a) {
		const char *op = json_string_value(json_object_get(a, "op"));
		long long ak = json_integer_value(json_object_get(a, "k"));
		const char *al = json_string_value(json_object_get(a, "local"));
		json_t *c = json_deep_copy(e);
		json_t *req = json_object_get(c, "requires");
		if (!req)
			json_object_set_new(c, "requires", req = json_array());
		if (!al) {
			json_array_append(req, a);
		} else if (strcmp(al, lu)) {
			; /* another local: nothing known of it here */
		} else if (k) {
			if (!relation_holds(op, json_integer_value(k), ak)) {
				json_decref(c);
				continue;
			}
		} else if (p) {
			json_array_append_new(req, json_pack("{s:O, s:s, s:I, s:O}", "param", p, "op", op, "k",
							     (json_int_t)ak, "name", json_object_get(e, "name")));
		} else if (!strcmp(op, "==")) {
			json_object_set_new(c, "k", json_integer(ak));
		}
		if (entry_possible(c))
			json_array_append_new(out, c);
		else
			json_decref(c);
	}
}

/* Can one value satisfy both relations a and b ({param, op, k}) of one
 * parameter? Orders and equalities only (anything else may); a value
 * satisfying two of them, if any does, lies next to a constant. */
static int relations_meet(const json_t *a, const json_t *b)
{
	static const char *const ord[] = {"==", "!=", "<", "<=", ">", ">="};
	const char *oa = json_string_value(json_object_get(a, "op")), *ob = json_string_value(json_object_get(b, "op"));
	int known = 0;
	for (size_t i = 0; i < LS_ARRAY_LEN(ord); i++)
		known += ls_streq(oa, ord[i]) + ls_streq(ob, ord[i]);
	if (known != 2 || !json_is_integer(json_object_get(a, "k")) || !json_is_integer(json_object_get(b, "k")) ||
	    json_integer_value(json_object_get(a, "param")) != json_integer_value(json_object_get(b, "param")) ||
	    !json_is_integer(json_object_get(a, "param")) || !json_is_integer(json_object_get(b, "param")))
		return 1;
	long long ka = json_integer_value(json_object_get(a, "k")), kb = json_integer_value(json_object_get(b, "k"));
	long long cand[] = {ka - 1, ka, ka + 1, kb - 1, kb, kb + 1};
	for (size_t i = 0; i < LS_ARRAY_LEN(cand); i++)
		if (relation_holds(oa, cand[i], ka) && relation_holds(ob, cand[i], kb))
			return 1;
	return 0;
}

/* Do the guards of way w meet those of list r? */
static int way_meets(const json_t *w, const json_t *r)
{
	size_t i, j;
	json_t *a, *b;
	json_array_foreach(w, i, a)
		json_array_foreach(r, j, b)
			if (!relations_meet(a, b))
				return 0;
	return 1;
}

/* An entry the narrowing made: 0 when its requires contradict each other
 * or every way of one of its requires_any contradicts them (those ways
 * are dropped). */
static int entry_possible(json_t *e)
{
	json_t *req = json_object_get(e, "requires"), *any = json_object_get(e, "requires_any"), *d, *w;
	if (!way_meets(req, req))
		return 0;
	size_t i, j;
	json_array_foreach(any, i, d) {
		for (j = json_array_size(d); j-- > 0;) {
			w = json_array_get(d, j);
			if (!way_meets(w, req))
				json_array_remove(d, j);
		}
		if (!json_array_size(d))
			return 0;
	}
	return 1;
}

#define LS_NARROW_MAX 32

/* Narrow vals (local_stores of int local decl, passed to a call being
 * walked) by the chains whose fall-through they pass (see above). */
static void null_narrow(struct ext *x, CXCursor decl, json_t *vals)
{
	if (!json_array_size(x->nullside) || !json_array_size(x->chains))
		return;
	char *lu = str(clang_getCursorUSR(decl));
	size_t i, j, n;
	json_t *ns, *ch, *cl;
	json_array_foreach(x->nullside, i, ns) {
		const char *pu = json_string_value(json_object_get(ns, "p"));
		int tseq = (int)json_integer_value(json_object_get(ns, "seq"));
		if (json_integer_value(json_object_get(ns, "nl")) != x->nlabels ||
		    json_integer_value(json_object_get(ns, "lo")) != x->loop_at.n ||
		    stored_since(json_object_get(x->pstores, pu), tseq) ||
		    stored_since(json_object_get(x->setvals, lu), tseq))
			continue;
		json_t *out = json_array();
		json_array_foreach(vals, j, ch) {
			json_t *cur = json_array();
			json_array_append(cur, ch);
			int s = (int)json_integer_value(json_object_get(ch, "_seq"));
			size_t c;
			json_t *chain;
			json_array_foreach(x->chains, c, chain) {
				if (!chain_applies(x, chain, ns, lu, decl, s))
					continue;
				json_array_foreach(json_object_get(chain, "clauses"), n, cl) {
					json_t *next = json_array(), *e;
					size_t m;
					json_array_foreach(cur, m, e)
						narrow_entry(e, cl, lu, next);
					if (json_array_size(next) > LS_NARROW_MAX) {
						json_decref(next);
						continue;
					}
					json_decref(cur);
					cur = next;
				}
			}
			json_array_extend(out, cur);
			json_decref(cur);
		}
		if (json_array_size(out) <= LS_NARROW_MAX) {
			json_array_clear(vals);
			json_array_extend(vals, out);
		}
		json_decref(out);
	}
	free(lu);
}

/* Push the guard cond (taken when truth) says: 1 pushed on a parameter,
 * 2 a dead branch (counted in x->dead), 0 nothing understood. Bit tests
 * (`flags & K`, `!(flags & K)`, `(flags & K) == 0`) are the relations
 * "&" ((v & K) != 0) and "!&". */
static int push_guard(struct ext *x, CXCursor cond, int truth)
{
	const char *op;
	long long k;
	CXCursor e;
	if (push_set_guard(x, cond, truth))
		return 1;
	if (!cond_relation(x, cond, truth, &e, &op, &k))
		return 0;
	long long v;
	if (const_local(x, clang_getCursorReferenced(e), &v)) {
		if (relation_holds(op, v, k))
			return 0;
		x->dead++;
		return 2;
	}
	int lg = local_guard(x, clang_getCursorReferenced(e), op, k);
	if (lg)
		return lg;
	int p = param_index(x, e);
	if (p < 0)
		return 0;
	char *name = str(clang_getCursorSpelling(e));
	json_array_append_new(x->guards, json_pack("{s:i, s:s, s:I, s:s}", "param", p, "op", op, "k",
						   (json_int_t)k, "name", name));
	free(name);
	return 1;
}

/* Could e be a guard push_guard understands — a variable, or an operator
 * with one as an operand? (Cheap: it spares tokenizing the operator of
 * every binary expression in the program.) */
static int names_variable(CXCursor e)
{
	e = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_DeclRefExpr)
		return 1;
	if (k != CXCursor_UnaryOperator && k != CXCursor_BinaryOperator)
		return 0;
	struct kids ch = children(e);
	for (int i = 0; i < ch.n; i++) {
		CXCursor s = strip(ch.v[i], 0);
		enum CXCursorKind sk = clang_getCursorKind(s);
		if (sk == CXCursor_DeclRefExpr)
			return 1;
		/* a bit test one level down: `!(v & K)`, `(v & K) == 0` */
		struct kids g = sk == CXCursor_BinaryOperator ? children(s) : (struct kids){0};
		for (int j = 0; j < g.n; j++)
			if (clang_getCursorKind(strip(g.v[j], 0)) == CXCursor_DeclRefExpr)
				return 1;
	}
	return 0;
}

/* Does frame f (just entered; parent p) run only under a condition of
 * its parent: the branches of if and ?:, the right of && and ||? */
static int guard_side(struct ext *x, struct frame *p, struct frame *f)
{
	if (!p || !x->calls || f->index < 1)
		return 0;
	enum CXCursorKind pk = p->kind;
	if ((pk == CXCursor_IfStmt || pk == CXCursor_ConditionalOperator) && f->index <= 2)
		return side_guard(x, f, p->kids[0], f->index == 1);
	if (pk == CXCursor_BinaryOperator && f->index == 1 && p->nkids == 2 && names_variable(p->kids[0]) &&
	    clang_getCursorKind(strip(f->c, 0)) != CXCursor_DeclRefExpr &&
	    (clang_getCursorKind(strip(f->c, 0)) < CXCursor_IntegerLiteral ||
	     clang_getCursorKind(strip(f->c, 0)) > CXCursor_CharacterLiteral)) {
		char buf[16];
		const char *o = ls_cfg_operator(x->tu, p->c, buf);
		if (o && (!strcmp(o, "&&") || !strcmp(o, "||")))
			return side_guard(x, f, p->kids[0], !strcmp(o, "&&"));
	}
	return 0;
}

/* Is the statement of frame f (just entered; its parent is p) the zero
 * side of a test of a call's result? Returns that call's index, or -1. The
 * link step decides whether the call is fork. */
static int zero_side(struct ext *x, struct frame *p, struct frame *f)
{
	if (!p || !x->calls)
		return -1;
	if (p->kind == CXCursor_IfStmt && p->zero_branch == f->index)
		return clang_Cursor_isNull(p->zero_rest) ? call_index(x, p->zero_call) : -1;
	if (p->kind == CXCursor_SwitchStmt && f->kind == CXCursor_CompoundStmt && f->index > 0 &&
	    !clang_Cursor_isNull(p->zero_call)) {
		f->switch_zero = call_index(x, p->zero_call);
		return -1;
	}
	if (p->switch_zero < 0)
		return -1;
	if (f->kind == CXCursor_CaseStmt) {
		struct kids ch = children(f->c);
		p->in_case_zero = ch.n && is_zero_literal(ch.v[0]);
	} else if (f->kind == CXCursor_DefaultStmt) {
		p->in_case_zero = 0;
	}
	return p->in_case_zero ? p->switch_zero : -1;
}

/* Is the statement of frame f a zero side shared with the failure of
 * another test (shared_zero_side)? Pushes {call, when, holds} on
 * x->zero_or; 1 if it did. */
static int zero_or_side(struct ext *x, struct frame *p, struct frame *f)
{
	if (!p || !x->calls || p->kind != CXCursor_IfStmt || clang_Cursor_isNull(p->zero_rest) ||
	    p->zero_branch != f->index)
		return 0;
	int i = call_index(x, p->zero_call);
	if (i < 0)
		return 0;
	char *when = spell(x->tu, p->zero_rest);
	json_array_append_new(x->zero_or, json_pack("{s:i, s:s, s:b}", "call", i, "when", when,
						    "holds", p->zero_holds));
	free(when);
	return 1;
}

/* A return statement, its operand walked: a function returning an integer
 * records which call's result it returns (fork's, perhaps). */
static void returned(struct ext *x, struct frame *f)
{
	struct kids ch = children(f->c);
	int i = ch.n == 1 ? call_index(x, result_call(x, ch.v[0])) : -1;
	if (i >= 0)
		json_array_append_new(x->returns, json_integer(i));
}

/* ---- flags: global state that decides whether code runs ----
 *
 * A call under `if (reload_requested)` runs only once that variable was
 * set; one after `if (done) return;` or under `if (!initialized)` only
 * while it was clear. Such tests of a global or static variable, or of a
 * field, of integer type are recorded on the calls below them: `flags`
 * [{key, name}] tested nonzero, `unset` [{key, name}] (variables only)
 * tested zero. Every function records how it writes such state, `writes`
 * {key: mask}: 1 a constant zero, 2 a nonzero constant, 4 anything else
 * (a computed value, ++, op=, its address taken). The link step decides
 * which keys are signal flags and once-only guards (analyzer/link.c). */

/* The key (USR) of the global or static variable or field of integer type
 * that expression e names, or NULL; *var says whether it is a variable. */
static char *flag_var(CXCursor e, int *var, char **name)
{
	e = strip(e, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k != CXCursor_DeclRefExpr && k != CXCursor_MemberRefExpr)
		return NULL;
	CXCursor r = clang_getCursorReferenced(e);
	enum CXCursorKind rk = clang_getCursorKind(r);
	if (!is_integer(clang_getCursorType(r)))
		return NULL;
	if (rk == CXCursor_VarDecl) {
		if (clang_getCursorKind(clang_getCursorSemanticParent(r)) == CXCursor_FunctionDecl &&
		    clang_Cursor_getStorageClass(r) != CX_SC_Static)
			return NULL;
	} else if (rk != CXCursor_FieldDecl) {
		return NULL;
	}
	*var = rk == CXCursor_VarDecl;
	if (name)
		*name = str(clang_getCursorSpelling(r));
	return str(clang_getCursorUSR(r));
}

/* Could e be (or combine) tests of flags? Cheap: spares tokenizing the
 * operators of conditions that read no global state. */
static int flagish(CXCursor e, int depth)
{
	int var;
	char *k = flag_var(e, &var, NULL);
	if (k) {
		free(k);
		return 1;
	}
	e = strip(e, 0);
	enum CXCursorKind ek = clang_getCursorKind(e);
	if (depth > 3 || (ek != CXCursor_UnaryOperator && ek != CXCursor_BinaryOperator))
		return 0;
	struct kids ch = children(e);
	for (int i = 0; i < ch.n; i++)
		if (flagish(ch.v[i], depth + 1))
			return 1;
	return 0;
}

static void push_flag(struct ext *x, CXCursor e, int nonzero)
{
	int var;
	char *name = NULL;
	char *key = flag_var(e, &var, &name);
	if (key && (nonzero || var))
		json_array_append_new(nonzero ? x->flags : x->unset,
				      json_pack("{s:s, s:s}", "key", key, "name", name));
	free(key);
	free(name);
}

/* Record what cond, evaluated as truth, says of flags: `a && b` true says
 * both, `a || b` false says neither holds, `!a` flips, `a == K` / `a != K`
 * against a constant say zero or nonzero. */
static void push_flags(struct ext *x, CXCursor cond, int truth, int depth)
{
	CXCursor e = strip(cond, 0);
	enum CXCursorKind k = clang_getCursorKind(e);
	if (depth > 8 || !flagish(e, 0))
		return;
	if (k != CXCursor_UnaryOperator && k != CXCursor_BinaryOperator) {
		push_flag(x, e, truth);
		return;
	}
	struct kids ch = children(e);
	char buf[16];
	const char *o = ls_cfg_operator(x->tu, e, buf);
	if (!o)
		return;
	if (k == CXCursor_UnaryOperator) {
		if (ch.n == 1 && !strcmp(o, "!"))
			push_flags(x, ch.v[0], !truth, depth + 1);
		return;
	}
	if (ch.n != 2)
		return;
	if ((!strcmp(o, "&&") && truth) || (!strcmp(o, "||") && !truth)) {
		push_flags(x, ch.v[0], truth, depth + 1);
		push_flags(x, ch.v[1], truth, depth + 1);
		return;
	}
	long long v;
	int side = constant_of(ch.v[1], &v) ? 1 : constant_of(ch.v[0], &v) ? 0 : -1;
	int eq = !strcmp(o, "=="), ne = !strcmp(o, "!=");
	if (side < 0 || (!eq && !ne))
		return;
	if (!truth) {
		int t = eq;
		eq = ne;
		ne = t;
	}
	if (eq)
		push_flag(x, ch.v[1 - side], v != 0);
	else if (v == 0)
		push_flag(x, ch.v[1 - side], 1);
}

static void truncate_array(json_t *a, size_t n)
{
	while (json_array_size(a) > n)
		json_array_remove(a, json_array_size(a) - 1);
}

/* Does statement s never fall through (return, goto, break, continue, a
 * call that does not return, or a block ending in one)? */
static int leaves(struct ext *x, CXCursor s)
{
	s = strip(s, 0);
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt || k == CXCursor_BreakStmt ||
	    k == CXCursor_ContinueStmt)
		return 1;
	if (k == CXCursor_CallExpr)
		return ls_cfg_call_noreturn(x->tu, s);
	if (k != CXCursor_CompoundStmt)
		return 0;
	unsigned n;
	CXCursor *kids = ls_cfg_children(s, &n);
	int r = n && leaves(x, kids[n - 1]);
	free(kids);
	return r;
}

/* Entering child f of a block p: the statements after `if (C) return;`
 * (no else) run only where C was false, for flags and for guards on
 * parameters. Pushed on p's behalf, so they stay until p is left. */
static void early_exits(struct ext *x, struct frame *p, struct frame *f)
{
	if (!p || p->kind != CXCursor_CompoundStmt || f->index < 1 || !x->calls)
		return;
	CXCursor prev = p->kids[f->index - 1];
	if (clang_getCursorKind(prev) != CXCursor_IfStmt)
		return;
	struct kids ch = children(prev);
	if (ch.total == 2 && leaves(x, ch.v[1])) {
		push_flags(x, ch.v[0], 0, 0);
		size_t g0 = json_array_size(x->guards), a0 = json_array_size(x->anys);
		int g = push_guard(x, ch.v[0], 0);
		p->early_guards += (int)(json_array_size(x->guards) - g0);
		p->early_anys += (int)(json_array_size(x->anys) - a0);
		p->early_dead += g == 2;
	}
}

/* ---- switch cases on a parameter ----
 *
 * In `switch (sig)` on a parameter, a statement after `case A: case B:`
 * runs when the parameter is A or B, or a value whose case falls through
 * into it; after `default:` also for every value no label names. The
 * calls there record it in `requires` like an if's relation: {param, op:
 * "in", ks} (one of ks), or after default {param, op: "out", ks} (none of
 * ks: the labels whose statements do not reach it). The link step reads
 * them with the constants callers pass and the signals a callback's
 * signal argument carries (link.c, "signal cases"). Only switches whose
 * labels are all constants, at the top level of its block and at most
 * LS_CASE_LABELS_MAX, are read. */
#define LS_CASE_LABELS_MAX 512

static void add_unique(json_t *a, long long v)
{
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e)
		if (json_integer_value(e) == v)
			return;
	json_array_append_new(a, json_integer(v));
}

/* The labels heading statement *s (`case A: case B: default: stmt`):
 * their values go to labels (when not NULL), *dflt is set when default is
 * one, *s becomes the statement they label. 0 when a label is not a
 * constant or is a range. */
static int case_chain(CXCursor *s, json_t *labels, int *dflt)
{
	for (int guard = 0; guard < 4096; guard++) {
		enum CXCursorKind k = clang_getCursorKind(*s);
		if (k != CXCursor_CaseStmt && k != CXCursor_DefaultStmt)
			return 1;
		unsigned n;
		CXCursor *kids = ls_cfg_children(*s, &n);
		long long v;
		if (k == CXCursor_CaseStmt && (n != 2 || !constant_of(kids[0], &v))) {
			free(kids);
			return 0;
		}
		if (k == CXCursor_CaseStmt && labels)
			add_unique(labels, v);
		else if (k == CXCursor_DefaultStmt)
			*dflt = 1;
		if (!n) {
			free(kids);
			return 1;
		}
		*s = kids[n - 1];
		free(kids);
	}
	return 0;
}

static enum CXChildVisitResult count_labels_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_SwitchStmt)
		return CXChildVisit_Continue; /* its labels are its own */
	if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt)
		++*(size_t *)d;
	return CXChildVisit_Recurse;
}

/* Entering the block f of a switch p on a parameter: note its labels. */
static void switch_body(struct ext *x, struct frame *p, struct frame *f)
{
	if (!p || p->kind != CXCursor_SwitchStmt || f->kind != CXCursor_CompoundStmt ||
	    f->index < 1 || f->index + 1 != (int)p->nkids || !x->calls)
		return;
	int param = param_index(x, p->kids[0]);
	char *fname = NULL;
	char *key = param < 0 ? int_field(p->kids[0], &fname) : NULL;
	if ((param < 0 && !key) || !is_integer(clang_getCursorType(strip(p->kids[0], 0)))) {
		free(key);
		free(fname);
		return;
	}
	json_t *labels = json_array();
	size_t heads = 0, all = 0;
	unsigned nk;
	CXCursor *body = ls_cfg_children(f->c, &nk);
	for (unsigned i = 0; i < nk; i++) {
		CXCursor s = body[i];
		int dflt = 0;
		enum CXCursorKind k = clang_getCursorKind(s);
		if (!case_chain(&s, labels, &dflt) || json_array_size(labels) > LS_CASE_LABELS_MAX) {
			json_decref(labels);
			free(body);
			free(key);
			free(fname);
			return;
		}
		/* labels in one chain: `case A: case B:` is a CaseStmt in a CaseStmt */
		for (CXCursor t = body[i]; k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt;) {
			heads++;
			unsigned n;
			CXCursor *kids = ls_cfg_children(t, &n);
			t = n ? kids[n - 1] : clang_getNullCursor();
			free(kids);
			k = clang_getCursorKind(t);
		}
	}
	free(body);
	/* a label inside a nested statement (Duff's device) is not read */
	clang_visitChildren(f->c, count_labels_cb, &all);
	if (all != heads) {
		json_decref(labels);
		free(key);
		free(fname);
		return;
	}
	f->case_param = param;
	f->case_key = key;
	f->case_name = fname;
	f->case_labels = labels;
	f->case_in = json_array();
}

/* Entering statement f of such a block p: the values that reach it, as a
 * guard; 1 when one was pushed. */
static int switch_case(struct ext *x, struct frame *p, struct frame *f)
{
	if (!p || (p->case_param < 0 && !p->case_key))
		return 0;
	CXCursor s = f->c;
	json_t *now = json_array();
	int dflt = 0;
	if (f->kind == CXCursor_CaseStmt || f->kind == CXCursor_DefaultStmt) {
		case_chain(&s, now, &dflt);
		if (!p->case_fell) {
			json_array_clear(p->case_in);
			p->case_default = 0;
		}
		size_t i;
		json_t *e;
		json_array_foreach(now, i, e)
			add_unique(p->case_in, json_integer_value(e));
		p->case_default |= dflt;
	}
	json_decref(now);
	p->case_fell = !leaves(x, s);
	json_t *ks = json_array();
	size_t i;
	json_t *e;
	if (p->case_default) {
		json_array_foreach(p->case_labels, i, e) {
			size_t j;
			json_t *in;
			int reached = 0;
			json_array_foreach(p->case_in, j, in)
				reached |= json_integer_value(in) == json_integer_value(e);
			if (!reached)
				json_array_append(ks, e);
		}
	} else {
		json_array_extend(ks, p->case_in);
	}
	if (!json_array_size(ks) && p->case_default) {
		json_decref(ks);
		return 0; /* default, and every label falls into it: all values */
	}
	if (p->case_key) {
		json_array_append_new(x->cases, json_pack("{s:s, s:s, s:s, s:o}", "key", p->case_key, "name",
							  p->case_name, "op", p->case_default ? "out" : "in",
							  "ks", ks));
		return 3;
	}
	json_array_append_new(x->guards, json_pack("{s:i, s:s, s:o, s:b}", "param", p->case_param, "op",
						   p->case_default ? "out" : "in", "ks", ks, "switch", 1));
	return 1;
}

/* The write of global state that cursor c (just entered) makes, if any. */
static void note_write(struct ext *x, CXCursor c, enum CXCursorKind k)
{
	if (!x->writes)
		return;
	struct kids ch = children(c);
	int var, mask = 4;
	if ((k == CXCursor_BinaryOperator && ch.n != 2) || ch.n < 1)
		return;
	char *key = flag_var(ch.v[0], &var, NULL);
	if (!key)
		return;
	char buf[16];
	if (k == CXCursor_BinaryOperator) {
		long long v;
		const char *o = ls_cfg_operator(x->tu, c, buf);
		if (!o || strcmp(o, "="))
			mask = 0;
		else if (constant_of(ch.v[1], &v))
			mask = v ? 2 : 1;
	} else if (k == CXCursor_UnaryOperator) {
		const char *o = ls_cfg_operator(x->tu, c, buf);
		if (!o || (strcmp(o, "++") && strcmp(o, "--") && strcmp(o, "&")))
			mask = 0;
	}
	if (mask)
		json_object_set_new(x->writes, key,
				    json_integer(json_integer_value(json_object_get(x->writes, key)) | mask));
	free(key);
}

/* Is the call a clean end of the process (the models' `clean_exits`:
 * exit(0), _exit(EXIT_SUCCESS), ...)? */
static int clean_exit_call(struct ext *x, CXCursor call)
{
	return model_call_holds(x, call, "clean_exits");
}

/* Does an entry of the models' section (clean_exits, never_null) name the
 * call, its conditions holding? */
static int model_call_holds(struct ext *x, CXCursor call, const char *section)
{
	char *name = ls_cfg_callee_name(call);
	struct ls_model_match *mm = NULL;
	size_t n = name ? ls_models_lookup(x->m, section, name, &mm) : 0;
	int found = 0;
	if (n) {
		int nargs = clang_Cursor_getNumArguments(call);
		json_t *args = json_array();
		for (int i = 0; i < nargs; i++)
			json_array_append_new(args, arg_record(x, clang_Cursor_getArgument(call, (unsigned)i)));
		json_t *c = json_pack("{s:s, s:i, s:o}", "name", name, "nargs", nargs, "args", args);
		for (size_t i = 0; i < n && !found; i++)
			found = ls_model_conditions_hold(mm[i].entry, c, NULL);
		json_decref(c);
	}
	free(mm);
	free(name);
	return found;
}

/* Does statement s (a branch) end the process cleanly: a clean exit, or
 * a block holding one as a statement of its own? */
static int clean_end(struct ext *x, CXCursor s)
{
	s = strip(s, 0);
	if (clang_getCursorKind(s) == CXCursor_CallExpr)
		return clean_exit_call(x, s);
	if (clang_getCursorKind(s) != CXCursor_CompoundStmt)
		return 0;
	unsigned n;
	CXCursor *kids = ls_cfg_children(s, &n);
	int r = 0;
	for (unsigned i = 0; i < n && !r; i++)
		r = clang_getCursorKind(strip(kids[i], 0)) == CXCursor_CallExpr &&
		    clean_exit_call(x, strip(kids[i], 0));
	free(kids);
	return r;
}

/* The call whose result an if condition tests (`f()`, `!f()`, `f() == K`,
 * `a && f() == K`). */
static CXCursor tested_call(struct ext *x, CXCursor cond)
{
	CXCursor e = strip(cond, 0);
	char buf[16];
	for (int guard = 0; guard < 4; guard++) {
		enum CXCursorKind k = clang_getCursorKind(e);
		if (k == CXCursor_CallExpr)
			return e;
		struct kids ch = children(e);
		long long v;
		if (k == CXCursor_UnaryOperator && ch.n == 1)
			e = strip(ch.v[0], 0);
		else if (k == CXCursor_BinaryOperator && ch.n == 2 && constant_of(ch.v[1], &v))
			e = strip(ch.v[0], 0);
		else if (k == CXCursor_BinaryOperator && ch.n == 2 && constant_of(ch.v[0], &v))
			e = strip(ch.v[1], 0);
		else if (k == CXCursor_BinaryOperator && ch.n == 2 &&
			 ls_streq(ls_cfg_operator(x->tu, e, buf), "&&"))
			e = strip(ch.v[1], 0);
		else
			break;
	}
	return clang_getNullCursor();
}

/* Does frame f (just entered; parent p) run only under a test of flags:
 * the branches of if and ?:, the right of && and ||? */
static void flag_side(struct ext *x, struct frame *p, struct frame *f)
{
	if (!p || !x->calls || f->index < 1)
		return;
	if ((p->kind == CXCursor_IfStmt || p->kind == CXCursor_ConditionalOperator) && f->index <= 2) {
		push_flags(x, p->kids[0], f->index == 1, 0);
	} else if (p->kind == CXCursor_BinaryOperator && f->index == 1 && p->nkids == 2 &&
		   flagish(p->kids[0], 0)) {
		char buf[16];
		const char *o = ls_cfg_operator(x->tu, p->c, buf);
		if (o && (!strcmp(o, "&&") || !strcmp(o, "||")))
			push_flags(x, p->kids[0], !strcmp(o, "&&"), 0);
	}
}

/* Pre-order walk of the children of root (not root itself), in the order
 * clang_visitChildren gives them. The stack holds the path from a child
 * of root down to the cursor being handled: stack[depth - 1] is that
 * cursor, stack[depth - 2] its parent (call_use reads both). */
/* A switch's body p does not end the process where it holds a call that
 * does not return: only the statements from the label before that call
 * to it do (`case TERM: flush(); exit(0);`), the other cases go on. */
static char *case_deaths(struct ext *x, const struct frame *p)
{
	char *d = ls_xcalloc(p->nkids + 1, 1);
	size_t start = 0;
	for (size_t i = 0; i < p->nkids; i++) {
		CXCursor s = p->kids[i];
		enum CXCursorKind k = clang_getCursorKind(s);
		int dflt;
		if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt) {
			start = i;
			case_chain(&s, NULL, &dflt);
		}
		s = strip(s, 0);
		if (clang_getCursorKind(s) == CXCursor_CallExpr && ls_cfg_call_noreturn(x->tu, s))
			memset(d + start, 1, i - start + 1);
	}
	return d;
}

static void walk(struct ext *x, CXCursor root)
{
	struct frame top = {.c = root, .case_param = -1};
	clang_visitChildren(root, collect_cb, &top);
	x->depth = 0;
	for (;;) {
		struct frame *p = x->depth ? &x->stack[x->depth - 1] : &top;
		if (p->next == p->nkids) {
			if (!x->depth)
				break;
			if (p->leave == LEAVE_DYING)
				x->dying--;
			else if (p->leave == LEAVE_LOOP)
				x->loop_at.n--;
			if (p->zero_pushed)
				x->zero_at.n--;
			if (p->zero_or_pushed)
				json_array_remove(x->zero_or, json_array_size(x->zero_or) - 1);
			truncate_array(x->guards, json_array_size(x->guards) - (size_t)p->early_guards);
			truncate_array(x->anys, json_array_size(x->anys) - (size_t)p->early_anys);
			x->dead -= p->early_dead;
			if (p->guard_pushed == 1) {
				truncate_array(x->guards, json_array_size(x->guards) - p->guard_n);
				truncate_array(x->anys, json_array_size(x->anys) - p->any_n);
			}
			else if (p->guard_pushed == 2)
				x->dead--;
			else if (p->guard_pushed == 3)
				json_array_remove(x->cases, json_array_size(x->cases) - 1);
			if (p->null_pushed)
				json_array_remove(x->nullside, json_array_size(x->nullside) - 1);
			free(p->case_key);
			free(p->case_name);
			free(p->case_dies);
			if (p->case_dying)
				x->dying--;
			truncate_array(x->flags, p->flags_at);
			truncate_array(x->unset, p->unset_at);
			json_decref(p->case_labels);
			json_decref(p->case_in);
			if (!clang_Cursor_isNull(p->exit_call)) {
				int i = call_index(x, p->exit_call);
				if (i >= 0)
					json_object_set_new(json_array_get(x->calls, (size_t)i), "exits",
							    json_true());
			}
			if (p->kind == CXCursor_ReturnStmt && x->returns)
				returned(x, p);
			free(p->kids);
			x->depth--;
			continue;
		}
		CXCursor c = p->kids[p->next];
		int index = x->depth ? (int)p->next : 0;
		p->next++;
		if (x->depth == x->cap) {
			x->cap = x->cap ? 2 * x->cap : 64;
			x->stack = ls_xrealloc(x->stack, (size_t)x->cap * sizeof *x->stack);
		}
		struct frame *f = &x->stack[x->depth++];
		*f = (struct frame){.c = c, .kind = clang_getCursorKind(c), .index = index,
				    .zero_call = clang_getNullCursor(), .zero_branch = -1,
				    .zero_rest = clang_getNullCursor(),
				    .switch_zero = -1, .exit_call = clang_getNullCursor(),
				    .case_param = -1, .seq = ++x->seq};
		/* the parent again: the stack may have moved */
		struct frame *up = x->depth >= 3 ? f - 1 : NULL;
		if (up && up->kind == CXCursor_CompoundStmt && (up - 1)->kind == CXCursor_SwitchStmt) {
			if (!up->case_dies)
				up->case_dies = case_deaths(x, up);
			if (up->case_dies[index]) {
				x->dying++;
				f->case_dying = 1;
			}
		}
		early_exits(x, x->depth > 1 ? f - 1 : NULL, f);
		f->flags_at = json_array_size(x->flags);
		f->unset_at = json_array_size(x->unset);
		flag_side(x, x->depth > 1 ? f - 1 : NULL, f);
		int zero = zero_side(x, x->depth > 1 ? f - 1 : NULL, f);
		if (zero >= 0) {
			istack_push(&x->zero_at, zero);
			f->zero_pushed = 1;
		} else {
			f->zero_or_pushed = zero_or_side(x, x->depth > 1 ? f - 1 : NULL, f);
		}
		size_t g0 = json_array_size(x->guards), a0 = json_array_size(x->anys);
		f->guard_pushed = guard_side(x, x->depth > 1 ? f - 1 : NULL, f);
		switch_body(x, x->depth > 1 ? f - 1 : NULL, f);
		if (!f->guard_pushed)
			f->guard_pushed = switch_case(x, x->depth > 1 ? f - 1 : NULL, f);
		f->guard_n = json_array_size(x->guards) - g0;
		f->any_n = json_array_size(x->anys) - a0;
		if (enter(x, f))
			clang_visitChildren(c, collect_cb, f);
	}
	free(top.kids);
}

/* ---- per function ---- */

static enum CXChildVisitResult annot_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
		char *s = str(clang_getCursorSpelling(c));
		json_array_append_new(d, json_string(s));
		free(s);
	}
	return CXChildVisit_Continue;
}

static void coroutine_macro(struct ext *x, CXCursor fn)
{
	if (!x->nmacros)
		return;
	CXSourceRange r = clang_getCursorExtent(fn);
	unsigned b, e;
	CXFile fb;
	clang_getExpansionLocation(clang_getRangeStart(r), &fb, NULL, NULL, &b);
	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &e);
	for (size_t i = 0; i < x->nmacros; i++)
		if (x->macro_off[i] >= b && x->macro_off[i] < e) {
			json_object_set_new(x->fn, "coroutine_macro", json_string(x->macro_name[i]));
			return;
		}
}

static void function(struct ext *x, CXCursor c, struct ls_intra *intra)
{
	char *usr = str(clang_getCursorUSR(c));
	char *name = str(clang_getCursorSpelling(c));
	char *type = function_type(c);
	unsigned line, col;
	char *file = ls_cursor_location(c, &line, &col);
	x->fn = json_pack("{s:s, s:s, s:s, s:i, s:i, s:b, s:s}", "usr", usr, "name", name,
			  "file", file, "line", (json_int_t)line, "column", (json_int_t)col,
			  "static", clang_Cursor_getStorageClass(c) == CX_SC_Static, "type", type);
	json_t *annots = json_array();
	clang_visitChildren(c, annot_cb, annots);
	json_object_set_new(x->fn, "annotations", annots);
	coroutine_macro(x, c);
	x->calls = json_array();
	x->icalls = json_array();
	x->forwards = json_array();
	x->fn_usr = usr;
	x->fn_name = name;
	json_object_clear(x->uses);
	int np = clang_Cursor_getNumArguments(c);
	x->nparams = np > 0 ? np : 0;
	x->returns_fp = fp_like(clang_getResultType(clang_getCursorType(c)));
	CXType rt = clang_getCanonicalType(clang_getResultType(clang_getCursorType(c)));
	x->returns_obj = !x->returns_fp && !char_pointer(rt) &&
			 (rt.kind == CXType_Int || rt.kind == CXType_Pointer);
	x->params = ls_xcalloc((size_t)x->nparams + 1, sizeof *x->params);
	for (int i = 0; i < x->nparams; i++)
		x->params[i] = str(clang_getCursorUSR(clang_Cursor_getArgument(c, (unsigned)i)));
	x->nreturns = 0;
	x->last_return[0] = x->last_return[1] = 0;
	json_array_clear(x->guards);
	json_array_clear(x->flags);
	json_array_clear(x->unset);
	x->writes = json_object();
	x->fvals = json_object();
	x->lvals = json_object();
	json_array_clear(x->cases);
	json_object_clear(x->const_locals);
	json_object_clear(x->orvals);
	json_object_clear(x->setvals);
	json_object_clear(x->pstores);
	json_array_clear(x->jumps);
	json_array_clear(x->chains);
	json_array_clear(x->nullside);
	x->seq = 0;
	x->nlabels = 0;
	x->dead = 0;
	json_object_clear(x->pseudo_paths);
	x->loops = json_array();
	x->returns = is_integer(clang_getCursorResultType(c)) ? json_array() : NULL;
	x->copy_param = -1;
	x->copy_locals = char_pointer(clang_getCursorResultType(c)) ? json_array() : NULL;
	x->objmarks_at = json_array_size(x->objmarks);
	entry_stores(x, c);
	walk(x, c);
	never_returns(x, c);
	final_part(x, c);
	if (x->copy_locals)
		copy_function(x);
	json_decref(x->copy_locals);
	x->copy_locals = NULL;
	json_object_set_new(x->fn, "calls", x->calls);
	json_object_set_new(x->fn, "icalls", x->icalls);
	json_object_set_new(x->fn, "forwards", x->forwards);
	if (json_object_size(x->writes))
		json_object_set(x->fn, "writes", x->writes);
	json_decref(x->writes);
	x->writes = NULL;
	resolve_values(x);
	if (json_object_size(x->fvals))
		json_object_set(x->fn, "fvals", x->fvals);
	json_decref(x->fvals);
	json_decref(x->lvals);
	x->fvals = x->lvals = NULL;
	if (json_object_size(x->uses))
		json_object_set_new(x->fn, "uses", set_keys(x->uses));
	if (json_array_size(x->loops))
		json_object_set(x->fn, "loops", x->loops);
	if (json_array_size(x->returns))
		json_object_set(x->fn, "returns", x->returns);
	json_decref(x->loops);
	json_decref(x->returns);
	x->loops = x->returns = NULL;
	x->calls = x->icalls = x->forwards = NULL;
	x->ncall_cur = 0;
	x->loop_at.n = x->zero_at.n = 0;
	for (size_t i = 0; i < LS_ARRAY_LEN(x->assigned); i++) {
		free(x->assigned[i].usr);
		x->assigned[i].usr = NULL;
	}
	x->nassigned = 0;
	json_array_append_new(x->functions, x->fn);

	for (const struct ls_intra_rule *r = ls_intra_rules; r->fn; r++)
		r->fn(intra, c, name, usr);

	for (int i = 0; i < x->nparams; i++)
		free(x->params[i]);
	free(x->params);
	x->params = NULL;
	x->nparams = 0;
	x->returns_fp = 0;
	x->fn = NULL;
	x->fn_usr = x->fn_name = NULL;
	set_clear(&x->handled);
	free(usr);
	free(name);
	free(type);
	free(file);
}

/* A static or inline function defined in one of the program's headers
 * (an accessor that calls through a table of operations, say): every TU
 * that includes it summarises it, the link step keeps one. */
static int header_function(CXCursor c)
{
	return clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_isCursorDefinition(c) &&
	       (clang_Cursor_getStorageClass(c) == CX_SC_Static || clang_Cursor_isFunctionInlined(c)) &&
	       !clang_Location_isInSystemHeader(clang_getCursorLocation(c));
}

/* `#define SIGHUP 1` for a name of the models' operator_signals: its
 * value, to name a signal argument spelled inside another macro
 * (evsignal_new(base, SIGHUP, cb, arg) expands to event_new(...)). */
static void signal_macro(struct ext *x, CXCursor c)
{
	if (!json_array_size(x->signames))
		return;
	char *name = str(clang_getCursorSpelling(c));
	size_t i;
	json_t *n;
	int wanted = 0;
	json_array_foreach(x->signames, i, n)
		wanted |= ls_streq(json_string_value(n), name);
	if (wanted) {
		CXToken *toks;
		unsigned nt;
		clang_tokenize(x->tu, clang_getCursorExtent(c), &toks, &nt);
		if (nt == 2 && clang_getTokenKind(toks[1]) == CXToken_Literal) {
			char *v = str(clang_getTokenSpelling(x->tu, toks[1]));
			json_object_set_new(x->sigvals, name, json_integer(strtoll(v, NULL, 0)));
			free(v);
		}
		clang_disposeTokens(x->tu, toks, nt);
	}
	free(name);
}

struct top {
	struct ext *x;
	struct ls_intra *intra;
	json_t *coroutine_macros;
};

static enum CXChildVisitResult top_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct top *t = d;
	struct ext *x = t->x;
	enum CXCursorKind k = clang_getCursorKind(c);
	/* Written in the main file: by expansion location, so that functions
	 * declared through a macro (PT_THREAD(name(args))) count too. */
	CXFile f;
	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
	if (k == CXCursor_MacroDefinition && (!f || !clang_File_isEqual(f, x->main_file))) {
		signal_macro(x, c);
		return CXChildVisit_Continue;
	}
	if (!f || !clang_File_isEqual(f, x->main_file)) {
		if (f && header_function(c))
			function(x, c, t->intra);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_MacroDefinition) {
		signal_macro(x, c);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_MacroExpansion) {
		if (!json_array_size(t->coroutine_macros))
			return CXChildVisit_Continue;
		char *name = str(clang_getCursorSpelling(c));
		size_t i;
		json_t *m;
		json_array_foreach(t->coroutine_macros, i, m)
			if (ls_streq(json_string_value(m), name)) {
				unsigned off;
				clang_getExpansionLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
				x->macro_off = ls_xrealloc(x->macro_off, (x->nmacros + 1) * sizeof *x->macro_off);
				x->macro_name = ls_xrealloc(x->macro_name, (x->nmacros + 1) * sizeof *x->macro_name);
				x->macro_off[x->nmacros] = off;
				x->macro_name[x->nmacros] = ls_xstrdup(name);
				x->nmacros++;
				break;
			}
		free(name);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(c)) {
		function(x, c, t->intra);
		return CXChildVisit_Continue;
	}
	/* File-scope initialisers: tables of callbacks, function pointers. */
	if (k == CXCursor_VarDecl || k == CXCursor_StructDecl || k == CXCursor_TypedefDecl) {
		char *usr = k == CXCursor_VarDecl ? str(clang_getCursorUSR(c)) : NULL;
		x->init_usr = usr;
		if (k == CXCursor_VarDecl)
			vardecl_flow(x, c);
		walk(x, c);
		x->init_usr = NULL;
		free(usr);
		set_clear(&x->handled);
	}
	return CXChildVisit_Continue;
}

/* A header the TU includes that a model's `headers` name, in inclusion
 * order: `confirmed` once it is known to be that framework's header. */
struct incl_hit {
	CXFile file;
	const json_t *model;
	int confirmed;
};

struct incl {
	struct ls_models *m;
	CXTranslationUnit tu;
	json_t *includes;
	struct incl_hit *hits;
	size_t nhits, npending;
};

static void inclusion_cb(CXFile f, CXSourceLocation *stack, unsigned n, CXClientData d)
{
	struct incl *in = d;
	char *name = str(clang_getFileName(f));
	char *abs = ls_abspath(name, NULL);
	json_array_append_new(in->includes, json_string(abs));
	/* A framework's header counts where the program (or a non-system
	 * header) includes it, not where a system header pulls in a file of
	 * the same name: <signal.h> brings <sys/ucontext.h>, <openssl/ssl.h>
	 * its <openssl/async.h>; neither means the program uses a framework.
	 * A file the include found in a system include directory (an installed
	 * library: /usr/include, -isystem) is the framework's by its name;
	 * a file of the program's own tree (found through -I or beside its
	 * includer) is only if it defines a name of the model's `declares` —
	 * a vendored copy of the library, not the program's own "event.h" or
	 * "async.h" (decided in confirm_headers). */
	if (n == 0 || !clang_Location_isInSystemHeader(stack[0])) {
		int sys = clang_Location_isInSystemHeader(clang_getLocationForOffset(in->tu, f, 0));
		size_t next = 0;
		const json_t *model;
		while ((model = ls_models_header_model(in->m, abs, &next))) {
			if (!sys && !json_array_size(json_object_get(model, "declares")))
				continue;
			in->hits = ls_xrealloc(in->hits, (in->nhits + 1) * sizeof *in->hits);
			in->hits[in->nhits++] = (struct incl_hit){f, model, sys};
			in->npending += !sys;
		}
	}
	free(name);
	free(abs);
}

static enum CXChildVisitResult declares_cb(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct incl *in = d;
	CXFile f;
	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
	if (!f)
		return CXChildVisit_Continue;
	char *name = NULL;
	for (size_t i = 0; i < in->nhits && in->npending; i++) {
		struct incl_hit *h = &in->hits[i];
		if (h->confirmed || !clang_File_isEqual(f, h->file))
			continue;
		if (!name)
			name = str(clang_getCursorSpelling(c));
		size_t j;
		json_t *e;
		json_array_foreach(json_object_get(h->model, "declares"), j, e)
			if (ls_streq(json_string_value(e), name)) {
				h->confirmed = 1;
				in->npending--;
				break;
			}
	}
	free(name);
	return in->npending ? CXChildVisit_Continue : CXChildVisit_Break;
}

/* The TU's frameworks: the models of its confirmed headers, in inclusion
 * order, once each. A header of the program's tree is its model's when it
 * defines (a function, type, variable or macro, at file scope) a name the
 * model `declares`. */
static json_t *confirm_headers(struct incl *in)
{
	if (in->npending)
		clang_visitChildren(clang_getTranslationUnitCursor(in->tu), declares_cb, in);
	json_t *out = json_array();
	for (size_t i = 0; i < in->nhits; i++) {
		if (!in->hits[i].confirmed)
			continue;
		const char *fw = json_string_value(json_object_get(in->hits[i].model, "model"));
		int seen = 0;
		size_t j;
		json_t *e;
		json_array_foreach(out, j, e)
			seen |= ls_streq(json_string_value(e), fw);
		if (!seen)
			json_array_append_new(out, json_string(fw));
	}
	return out;
}

static json_t *diagnostics(CXTranslationUnit tu, int *nerrors)
{
	json_t *out = json_array();
	unsigned n = clang_getNumDiagnostics(tu);
	*nerrors = 0;
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			(*nerrors)++;
			CXFile f;
			unsigned line, col;
			clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &line, &col, NULL);
			char *file = f ? str(clang_getFileName(f)) : ls_xstrdup("");
			char *abs = *file ? ls_abspath(file, NULL) : ls_xstrdup("");
			char *msg = str(clang_getDiagnosticSpelling(d));
			if (json_array_size(out) < 20)
				json_array_append_new(out, json_pack("{s:s, s:i, s:i, s:s, s:s}", "file", abs,
								     "line", (json_int_t)line, "column",
								     (json_int_t)col, "severity",
								     sev == CXDiagnostic_Fatal ? "fatal" : "error",
								     "message", msg));
			free(file);
			free(abs);
			free(msg);
		}
		clang_disposeDiagnostic(d);
	}
	return out;
}

static const char *parse_error_text(enum CXErrorCode e)
{
	switch (e) {
	case CXError_Crashed:
		return "libclang crashed while parsing";
	case CXError_InvalidArguments:
		return "invalid compiler arguments";
	case CXError_ASTReadError:
		return "cannot read AST";
	default:
		return "libclang could not parse the file";
	}
}

/* The TU's usemarks, once each: every use a model names, and "passed"
 * only for objects an `objects` call of the TU makes, or an int copied
 * from or into one (a variable handed to the program's functions, a
 * string above all, is not worth a mark otherwise). */
static json_t *tu_uses(const json_t *uses, const json_t *made_keys, const json_t *fdmarks)
{
	json_t *made = json_deep_copy(made_keys), *seen = json_object(), *out = json_array();
	size_t i;
	json_t *u;
	json_array_foreach(fdmarks, i, u) {
		const char *to = json_string_value(json_object_get(u, "key"));
		const char *from = json_string_value(json_object_get(u, "copy_of"));
		if (to && from && (json_object_get(made, to) || json_object_get(made, from))) {
			json_object_set_new(made, to, json_true());
			json_object_set_new(made, from, json_true());
		}
	}
	json_array_foreach(uses, i, u) {
		const char *key = json_string_value(json_object_get(u, "key"));
		const char *use = json_string_value(json_object_get(u, "use"));
		if (ls_streq(use, "passed") && !json_object_get(made, key))
			continue;
		char *k = ls_xasprintf("%s\n%s", key, use);
		if (!json_object_get(seen, k)) {
			json_object_set_new(seen, k, json_true());
			json_array_append(out, u);
		}
		free(k);
	}
	json_decref(made);
	json_decref(seen);
	return out;
}

json_t *ls_extract(const struct ls_job *job, struct ls_models *m)
{
	json_t *sum = json_pack("{s:i, s:s, s:b}", "version", LS_SUMMARY_VERSION, "tu", job->file,
				"ok", 0);
	if (job->directory && chdir(job->directory) < 0) {
		json_object_set_new(sum, "error",
				    json_sprintf("cannot enter directory %s: %s", job->directory,
						 strerror(errno)));
		return sum;
	}
	/* The compile command, with flags that make clang as lenient as the
	 * compiler the project builds with. */
	int argc = 0;
	const char **argv = ls_xcalloc((size_t)job->argc + 8, sizeof *argv);
	for (int i = 0; i < job->argc; i++)
		argv[argc++] = job->argv[i];
	argv[argc++] = "-Wno-unknown-warning-option";
	argv[argc++] = "-Qunused-arguments";
	argv[argc++] = "-ferror-limit=20";

	CXIndex idx = clang_createIndex(0, 0);
	CXTranslationUnit tu = NULL;
	unsigned opts = CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_KeepGoing |
			CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
	enum CXErrorCode err = clang_parseTranslationUnit2FullArgv(idx, NULL, argv, argc, NULL, 0,
								   opts, &tu);
	free(argv);
	if (err != CXError_Success || !tu) {
		json_object_set_new(sum, "error", json_string(parse_error_text(err)));
		clang_disposeIndex(idx);
		return sum;
	}
	int nerrors;
	json_object_set_new(sum, "diagnostics", diagnostics(tu, &nerrors));

	struct ext x = {.tu = tu, .m = m, .sum = sum};
	x.framework_globs = json_array();
	clang_getExpansionLocation(clang_getCursorLocation(clang_getTranslationUnitCursor(tu)) ,
				   &x.main_file, NULL, NULL, NULL);
	if (!x.main_file)
		x.main_file = clang_getFile(tu, job->file);
	x.functions = json_array();
	x.refs = json_array();
	x.fdmarks = json_array();
	x.flows = json_array();
	x.globals = json_object();
	x.uses = json_object();
	x.code_vars = json_object();
	x.objmarks = json_array();
	x.usemarks = json_array();
	x.objkeys = json_object();
	x.results = json_object();
	x.pseudo_prefixes = json_array();
	x.pseudo_paths = json_object();
	x.guards = json_array();
	x.anys = json_array();
	x.zero_or = json_array();
	x.cases = json_array();
	x.flags = json_array();
	x.unset = json_array();
	x.signames = json_array();
	x.sigvals = json_object();
	x.const_locals = json_object();
	x.orvals = json_object();
	x.setvals = json_object();
	x.pstores = json_object();
	x.jumps = json_array();
	x.chains = json_array();
	x.nullside = json_array();
	struct incl in = {.m = m, .tu = tu, .includes = json_array()};
	clang_getInclusions(tu, inclusion_cb, &in);
	json_t *frameworks = confirm_headers(&in);
	free(in.hits);

	struct ls_intra intra = {.tu = tu, .cat = m->cat, .findings = json_array(),
				 .facts = json_object()};
	for (size_t i = 0; i < json_array_size(frameworks); i++) {
		const char *fw = json_string_value(json_array_get(frameworks, i));
		if (strcmp(fw, "posix") != 0) {
			intra.framework = fw;
			break;
		}
	}
	struct top t = {.x = &x, .intra = &intra, .coroutine_macros = json_array()};
	size_t i;
	json_t *model;
	json_array_foreach(m->cat->models, i, model) {
		json_array_extend(t.coroutine_macros, json_object_get(model, "coroutine_macros"));
		json_array_extend(x.framework_globs, json_object_get(model, "opaque"));
		json_array_extend(x.pseudo_prefixes, json_object_get(model, "pseudo_files"));
		json_array_extend(x.signames, json_object_get(model, "operator_signals"));
	}
	clang_visitChildren(clang_getTranslationUnitCursor(tu), top_cb, &t);

	json_object_set_new(sum, "ok", json_true());
	json_object_set_new(sum, "functions", x.functions);
	json_object_set_new(sum, "refs", x.refs);
	json_object_set_new(sum, "fdmarks", x.fdmarks);
	json_object_set_new(sum, "flows", x.flows);
	json_t *globals = json_array();
	const char *gusr;
	json_t *guses;
	json_object_foreach(x.globals, gusr, guses)
		if (json_object_size(guses))
			json_array_append_new(globals, json_pack("{s:s, s:o}", "usr", gusr, "uses",
								 set_keys(guses)));
	json_object_set_new(sum, "globals", globals);
	json_decref(x.globals);
	json_decref(x.uses);
	json_decref(x.code_vars);
	json_object_set_new(sum, "usemarks", tu_uses(x.usemarks, x.objkeys, x.fdmarks));
	json_decref(x.objkeys);
	json_decref(x.usemarks);
	json_decref(x.results);
	json_object_set_new(sum, "objmarks", x.objmarks);
	json_object_set_new(sum, "frameworks", frameworks);
	json_object_set_new(sum, "includes", in.includes);
	json_object_set_new(sum, "findings", intra.findings);
	if (json_object_size(x.sigvals))
		json_object_set(sum, "sigvals", x.sigvals);
	json_object_set_new(sum, "facts", intra.facts);
	json_decref(t.coroutine_macros);
	json_decref(x.framework_globs);
	json_decref(x.pseudo_prefixes);
	json_decref(x.pseudo_paths);
	json_decref(x.guards);
	json_decref(x.anys);
	json_decref(x.zero_or);
	json_decref(x.cases);
	json_decref(x.flags);
	json_decref(x.unset);
	json_decref(x.signames);
	json_decref(x.sigvals);
	json_decref(x.const_locals);
	json_decref(x.orvals);
	json_decref(x.setvals);
	json_decref(x.pstores);
	json_decref(x.jumps);
	json_decref(x.chains);
	json_decref(x.nullside);
	for (size_t j = 0; j < x.nmacros; j++)
		free(x.macro_name[j]);
	free(x.macro_name);
	free(x.macro_off);
	free(x.stack);
	free(x.loop_at.v);
	free(x.zero_at.v);
	free(x.call_cur);
	/* A worker about to exit leaves the AST to the kernel: freeing it
	 * piece by piece costs more than the analysis of a small TU. */
	if (!job->exit_after) {
		clang_disposeTranslationUnit(tu);
		clang_disposeIndex(idx);
	}
	return sum;
}

void ls_job_free(struct ls_job *job)
{
	if (!job)
		return;
	free(job->file);
	free(job->directory);
	for (int i = 0; i < job->argc; i++)
		free(job->argv[i]);
	free(job->argv);
}
