/*
 * resource.c — the resource dataflow (see resource.h for the overview).
 *
 * Vocabulary. A *resource* ("res") is one thing this function is
 * responsible for: an acquisition site bound to a local (the fd in
 * `fd = socket(...)`, the handle in `uv_tcp_init(loop, &c->tcp)` where c
 * is a local), a uv_close site whose handle must not be freed before the
 * close callback (close-then-free), the read callback's buf->base
 * (buffer-leak), or a helper's parameter (summaries). A *key* names an
 * lvalue path: `c->tcp`, `&c->tcp` and `(uv_handle_t *)&c->tcp` share
 * the key "c@N.tcp" (N: the declaration's offset, so shadowed names
 * differ); a key K *covers* key R when R == K or R lies inside K. A
 * pointer-typed field starts a new object: `req->handle` is "(req@N.handle)",
 * which "req@N" does not cover (freeing req does not free the stream).
 *
 * Each CFG element is compiled once into a list of events (acquire,
 * release, close, escape, register, free, loop run, ...) already resolved
 * to resource indexes, and each condition into a test; the dataflow then
 * only moves small integer states. A state holds, per resource, its
 * status and the pending test of a call result that decides it ("the
 * handle exists only if uv_tcp_init returned 0"; "the handle was handed
 * to uv_tcp_connect's callback only if it returned 0"). States are kept
 * as sets per block, deduplicated on those fields only; the witness (the
 * conditions taken, the call that failed) rides along for the messages.
 * A block whose set would exceed MAX_STATES ends the analysis of the
 * function without findings: precision first. Leaks are collected per
 * resource while the dataflow runs and handed to the rule at the end, the
 * most telling path of each (after a failed call, then around a loop).
 *
 * Caches are per thread: the model index (per catalog) and, per TU, the
 * helper summaries and the read callbacks already analyzed.
 */
#include "analyzer/resource.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/cfg.h"
#include "common/strmap.h"
#include "common/util.h"

#define MAX_STATES 64
#define MAX_RES 32
#define MAX_WIT 8
#define MAX_DEPTH 3
#define MAX_FACTS 8
#define MAX_PARAM_FACTS 3 /* facts tracked only as a leak's parameter guards */
#define MAX_WAYS 8

/* ------------------------------------------------------------------ */
/* Model index                                                         */

enum sem { SEM_NONE, SEM_NULL, SEM_NEG, SEM_NONZERO };

struct spec {
	const json_t *e;
	const char *model;
	int arg;      /* -1: the return value */
	int elements; /* >0: array out-parameter with that many elements */
	enum sem fails;
	int at_free;  /* leaks only when its memory is freed while held */
	int unknown_borrows;
	int reg_borrows; /* passing it to a callback registration keeps it ours */
	const char *what, *acquired, *released;
};

enum {
	C_RELEASE = 1,  /* releases some spec's resource */
	C_FREE = 2,     /* frees memory (free, g_free) */
	C_LOOPRUN = 4,  /* runs the loop: pending closes complete */
	C_BUFSTART = 8, /* uv_read_start & co. */
	C_CALLBACK = 16, /* registers a callback */
	C_OWN = 32,     /* takes ownership of some argument */
	C_ALLOC = 64,
	C_CLOSE = 128,  /* a release whose completion is a callback */
	C_RELALL = 256, /* releases every resource of its spec (uv_walk) */
	C_LIBRARY = 512, /* a framework's public API, wherever its header is */
	C_STATUS = 1024, /* returns 0 or an error code */
	C_OOMHELD = 2048, /* fails on a held resource only when memory runs out */
	C_OUTPARAM = 4096, /* stores through an out-parameter, keeps no copy of it */
};

struct cls {
	int acquire; /* spec index or -1 */
	unsigned flags;
};

struct mix {
	const struct ls_catalog *cat;
	struct spec *specs;
	unsigned nspecs;
	json_t *own, *frees, *allocs, *buffers, *callbacks, *loop_runs, *library, *status;
	json_t *oom, *views; /* resources.oom_only; objects entries with `from` */
	json_t *outp;        /* resources.fills */
	struct ls_strmap cls;
};

static _Thread_local struct mix *g_mix;

static int name_matches(const json_t *pat, const char *name)
{
	if (json_is_string(pat))
		return fnmatch(json_string_value(pat), name, 0) == 0;
	size_t i;
	const json_t *v;
	json_array_foreach(pat, i, v) if (json_is_string(v) && fnmatch(json_string_value(v), name, 0) == 0) return 1;
	return 0;
}

/* Does an entry ({call|acquire: pattern, except: [...]}) apply to name? */
static int entry_matches(const json_t *e, const char *key, const char *name)
{
	const json_t *p = json_object_get(e, key);
	if (!p || !name_matches(p, name))
		return 0;
	const json_t *ex = json_object_get(e, "except");
	return !(ex && name_matches(ex, name));
}

static const char *str_or(const json_t *o, const char *k, const char *def)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : def;
}

static void append_all(json_t *dst, const json_t *src)
{
	if (json_is_array(src))
		json_array_extend(dst, (json_t *)src);
}

static struct mix *mix_get(const struct ls_catalog *cat)
{
	if (g_mix && g_mix->cat == cat)
		return g_mix;
	ls_res_reset();
	struct mix *m = ls_xcalloc(1, sizeof *m);
	m->cat = cat;
	m->own = json_array(), m->frees = json_array(), m->allocs = json_array();
	m->buffers = json_array(), m->callbacks = json_array(), m->loop_runs = json_array();
	m->library = json_array(), m->status = json_array();
	m->oom = json_array(), m->views = json_array(), m->outp = json_array();
	size_t i;
	const json_t *model;
	json_array_foreach(cat->models, i, model) {
		const char *mname = str_or(model, "model", "");
		append_all(m->callbacks, json_object_get(model, "callbacks"));
		append_all(m->loop_runs, json_object_get(model, "loop_runs"));
		size_t j;
		const json_t *o;
		json_array_foreach(json_object_get(model, "objects"), j, o) if (json_object_get(o, "from"))
			json_array_append(m->views, (json_t *)o);
		const json_t *r = json_object_get(model, "resources");
		if (!json_is_object(r))
			continue;
		append_all(m->own, json_object_get(r, "ownership"));
		append_all(m->frees, json_object_get(r, "frees"));
		append_all(m->allocs, json_object_get(r, "allocs"));
		append_all(m->buffers, json_object_get(r, "buffers"));
		append_all(m->library, json_object_get(r, "library"));
		append_all(m->status, json_object_get(r, "status_calls"));
		append_all(m->oom, json_object_get(r, "oom_only"));
		append_all(m->outp, json_object_get(r, "fills"));
		const json_t *h;
		const json_t *hs = json_object_get(r, "handles");
		json_array_foreach(hs, j, h) {
			if (!json_object_get(h, "acquire"))
				continue;
			m->specs = ls_xrealloc(m->specs, (m->nspecs + 1) * sizeof *m->specs);
			struct spec *s = &m->specs[m->nspecs++];
			memset(s, 0, sizeof *s);
			s->e = h;
			s->model = mname;
			const json_t *a = json_object_get(h, "arg");
			s->arg = json_is_integer(a) ? (int)json_integer_value(a) : -1;
			const json_t *el = json_object_get(h, "elements");
			s->elements = json_is_integer(el) ? (int)json_integer_value(el) : 0;
			const char *f = str_or(h, "fails", "none");
			/* `fails: null` arrives as JSON null from the YAML loader */
			s->fails = json_is_null(json_object_get(h, "fails")) || !strcmp(f, "null") ? SEM_NULL : !strcmp(f, "negative") ? SEM_NEG
				 : !strcmp(f, "nonzero") ? SEM_NONZERO : SEM_NONE;
			s->at_free = !strcmp(str_or(h, "leaks", "exit"), "free");
			s->unknown_borrows = !strcmp(str_or(h, "unknown", "escape"), "borrow");
			s->reg_borrows = !strcmp(str_or(h, "registration", "escape"), "borrow");
			s->what = str_or(h, "what", NULL);
			s->acquired = str_or(h, "acquired", "acquired");
			s->released = str_or(h, "released", "released");
		}
	}
	g_mix = m;
	return m;
}

static const struct cls *classify(struct mix *m, const char *name)
{
	struct cls *c = ls_strmap_get(&m->cls, name);
	if (c)
		return c;
	c = ls_xcalloc(1, sizeof *c);
	c->acquire = -1;
	for (unsigned i = 0; i < m->nspecs; i++) {
		if (c->acquire < 0 && entry_matches(m->specs[i].e, "acquire", name))
			c->acquire = (int)i;
		size_t j;
		const json_t *r;
		json_array_foreach(json_object_get(m->specs[i].e, "release"), j, r) if (entry_matches(r, "call", name))
		{
			c->flags |= C_RELEASE;
			if (json_object_get(r, "callback"))
				c->flags |= C_CLOSE;
			if (json_is_true(json_object_get(r, "all")))
				c->flags |= C_RELALL;
		}
	}
	if (name_matches(m->frees, name))
		c->flags |= C_FREE;
	if (name_matches(m->allocs, name))
		c->flags |= C_ALLOC;
	if (name_matches(m->library, name))
		c->flags |= C_LIBRARY;
	if (name_matches(m->status, name))
		c->flags |= C_STATUS;
	size_t j;
	const json_t *e;
	json_array_foreach(m->loop_runs, j, e) if (entry_matches(e, "call", name)) c->flags |= C_LOOPRUN;
	json_array_foreach(m->buffers, j, e) if (entry_matches(e, "call", name)) c->flags |= C_BUFSTART;
	json_array_foreach(m->callbacks, j, e) if (entry_matches(e, "call", name)) c->flags |= C_CALLBACK;
	json_array_foreach(m->own, j, e) if (entry_matches(e, "call", name)) c->flags |= C_OWN;
	json_array_foreach(m->oom, j, e) if (entry_matches(e, "call", name)) c->flags |= C_OOMHELD;
	json_array_foreach(m->outp, j, e) if (entry_matches(e, "call", name)) c->flags |= C_OUTPARAM;
	ls_strmap_put(&m->cls, name, c);
	return c;
}

/* ------------------------------------------------------------------ */
/* Per-TU cache of helper summaries                                    */

enum summ { SUM_ESCAPE, SUM_RELEASE, SUM_BORROW, SUM_BUSY };

static _Thread_local CXTranslationUnit g_tu;
static _Thread_local struct ls_strmap *g_summ; /* "usr#param#spec" -> (enum summ + 1) */
static _Thread_local struct ls_strmap *g_seen; /* read callbacks already analyzed */

void ls_res_reset(void)
{
	if (g_mix) {
		ls_strmap_free(&g_mix->cls, free);
		json_decref(g_mix->own), json_decref(g_mix->frees), json_decref(g_mix->allocs);
		json_decref(g_mix->buffers), json_decref(g_mix->callbacks), json_decref(g_mix->loop_runs);
		json_decref(g_mix->library), json_decref(g_mix->status);
		json_decref(g_mix->oom), json_decref(g_mix->views), json_decref(g_mix->outp);
		free(g_mix->specs);
		free(g_mix);
		g_mix = NULL;
	}
	if (g_summ) {
		ls_strmap_free(g_summ, NULL);
		free(g_summ);
		g_summ = NULL;
	}
	if (g_seen) {
		ls_strmap_free(g_seen, NULL);
		free(g_seen);
		g_seen = NULL;
	}
	g_tu = NULL;
}

static void tu_caches(CXTranslationUnit tu)
{
	if (g_tu == tu && g_summ)
		return;
	if (g_summ) {
		ls_strmap_free(g_summ, NULL);
		ls_strmap_free(g_seen, NULL);
	} else {
		g_summ = ls_xcalloc(1, sizeof *g_summ);
		g_seen = ls_xcalloc(1, sizeof *g_seen);
	}
	memset(g_summ, 0, sizeof *g_summ);
	memset(g_seen, 0, sizeof *g_seen);
	g_tu = tu;
}

/* ------------------------------------------------------------------ */
/* Keys                                                                */

/* The last expression child (skips TypeRefs of casts). */
static CXCursor last_expr_child(CXCursor c)
{
	unsigned n;
	CXCursor *k = ls_cfg_children(c, &n);
	CXCursor r = clang_getNullCursor();
	for (unsigned i = 0; i < n; i++)
		if (clang_isExpression(clang_getCursorKind(k[i])))
			r = k[i];
	free(k);
	return r;
}

static int same_type(CXType a, CXType b)
{
	return clang_equalTypes(clang_getCanonicalType(a), clang_getCanonicalType(b));
}

/* Is decl a non-static local variable of a function? */
static int is_local(CXCursor d)
{
	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return 0;
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
	if (sc == CX_SC_Static || sc == CX_SC_Extern)
		return 0;
	return clang_getCursorKind(clang_getCursorSemanticParent(d)) == CXCursor_FunctionDecl;
}

static unsigned decl_offset(CXCursor d)
{
	unsigned off = 0;
	clang_getFileLocation(clang_getCursorLocation(d), NULL, NULL, NULL, &off);
	return off;
}

struct ctx;
static int alias_of(const struct ctx *c, CXCursor var, CXCursor *target);

/* Does dereferencing the pointer expression p land in memory other than
 * this function's own locals? Not for `&x`, a local array, or a local
 * pointer that only ever holds the address of one local (see aliases). */
static int derefs_foreign(const struct ctx *c, CXCursor p)
{
	p = ls_cfg_strip(p, 1);
	CXType t = clang_getCanonicalType(clang_getCursorType(p));
	if (t.kind != CXType_Pointer)
		return 0; /* an array: the object itself */
	enum CXCursorKind k = clang_getCursorKind(p);
	if (k == CXCursor_UnaryOperator) {
		CXCursor sub = ls_cfg_first_child(p);
		if (same_type(clang_getPointeeType(clang_getCursorType(p)), clang_getCursorType(sub)))
			return 0; /* &x */
	}
	CXCursor target;
	return !(k == CXCursor_DeclRefExpr && alias_of(c, clang_getCursorReferenced(p), &target));
}

/* Key and display text of an lvalue path; 0 if e is not one. *root gets
 * the variable the path starts from. & and * are transparent: a handle
 * and a pointer to it have the same key. A local pointer that only ever
 * holds the address of one local lvalue takes that lvalue's key (with c;
 * NULL resolves no aliases). *thru (may be NULL) is set when the path
 * goes through a pointer into memory other than the function's locals
 * (`*pf` with pf from a call or a parameter, `conn->fd`). */
static int lval(const struct ctx *c, CXCursor e, struct ls_buf *key, struct ls_buf *disp, CXCursor *root,
		int *thru)
{
	e = ls_cfg_strip(e, 1);
	switch (clang_getCursorKind(e)) {
	case CXCursor_DeclRefExpr: {
		CXCursor d = clang_getCursorReferenced(e);
		enum CXCursorKind dk = clang_getCursorKind(d);
		if (dk != CXCursor_VarDecl && dk != CXCursor_ParmDecl)
			return 0;
		CXCursor target;
		if (alias_of(c, d, &target))
			return lval(NULL, target, key, disp, root, thru);
		CXString s = clang_getCursorSpelling(d);
		ls_buf_addf(key, "%s@%u", clang_getCString(s), decl_offset(d));
		if (disp)
			ls_buf_puts(disp, clang_getCString(s));
		clang_disposeString(s);
		*root = d;
		return 1;
	}
	case CXCursor_MemberRefExpr: {
		CXCursor base = ls_cfg_first_child(e);
		if (clang_Cursor_isNull(base) || !lval(c, base, key, disp, root, thru))
			return 0;
		CXString s = clang_getCursorSpelling(e);
		int ptr = clang_getCursorType(ls_cfg_strip(base, 0)).kind == CXType_Pointer;
		if (ptr && thru && derefs_foreign(c, base))
			*thru = 1;
		ls_buf_addf(key, ".%s", clang_getCString(s));
		/* A pointer field points to another object: `req->handle` is not
		 * inside *req, so freeing req does not free it. Parenthesise the
		 * key so that no container key covers it. */
		if (clang_getCanonicalType(clang_getCursorType(e)).kind == CXType_Pointer) {
			ls_buf_puts(key, ")");
			char *k = ls_buf_steal(key);
			ls_buf_addf(key, "(%s", k);
			free(k);
		}
		if (disp)
			ls_buf_addf(disp, "%s%s", ptr ? "->" : ".", clang_getCString(s));
		clang_disposeString(s);
		return 1;
	}
	case CXCursor_ArraySubscriptExpr: {
		unsigned n;
		CXCursor *k = ls_cfg_children(e, &n);
		int ok = 0;
		if (n == 2 && lval(c, k[0], key, disp, root, thru)) {
			CXEvalResult r = clang_Cursor_Evaluate(k[1]);
			if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
				long long v = clang_EvalResult_getAsLongLong(r);
				ls_buf_addf(key, "[%lld]", v);
				if (disp)
					ls_buf_addf(disp, "[%lld]", v);
				ok = 1;
				if (thru && derefs_foreign(c, k[0]))
					*thru = 1;
			}
			if (r)
				clang_EvalResult_dispose(r);
		}
		free(k);
		return ok;
	}
	case CXCursor_UnaryOperator: {
		/* & or * by types (works inside macro bodies too). */
		CXCursor sub = ls_cfg_first_child(e);
		CXType t = clang_getCursorType(e), st = clang_getCursorType(sub);
		int addr = t.kind == CXType_Pointer && same_type(clang_getPointeeType(t), st);
		int deref = st.kind == CXType_Pointer && same_type(clang_getPointeeType(st), t);
		if (!addr && !deref)
			return 0;
		if (deref && thru && derefs_foreign(c, sub))
			*thru = 1;
		return lval(c, sub, key, disp, root, thru);
	}
	default:
		return 0;
	}
}

/* Key of an expression (caller frees), or NULL; see lval. */
static char *key_of(const struct ctx *c, CXCursor e, char **disp, CXCursor *root, int *thru)
{
	struct ls_buf k = {0}, d = {0};
	CXCursor r;
	if (!lval(c, e, &k, disp ? &d : NULL, &r, thru)) {
		ls_buf_free(&k);
		ls_buf_free(&d);
		return NULL;
	}
	if (disp)
		*disp = ls_buf_steal(&d);
	if (root)
		*root = r;
	return ls_buf_steal(&k);
}

/* Does key k cover key r (r is k or lies inside it)? */
static int covers(const char *k, const char *r)
{
	size_t n = strlen(k);
	return !strncmp(k, r, n) && (r[n] == '\0' || r[n] == '.' || r[n] == '[');
}

static char *call_key(CXCursor call)
{
	unsigned off = 0;
	clang_getFileLocation(clang_getCursorLocation(call), NULL, NULL, NULL, &off);
	return ls_xasprintf("@call%u:%u", off, clang_hashCursor(call));
}

/* ------------------------------------------------------------------ */
/* Analysis context                                                    */

enum rkind { R_ACQ, R_CLOSE, R_BUF, R_PARAM };
enum st { S_NONE, S_HELD, S_REL, S_ESC, S_CLOSING };

struct res {
	enum rkind kind;
	int spec; /* -1 for R_CLOSE, R_BUF */
	char *key, *disp;
	CXCursor site;   /* acquisition / close call; fn name for R_BUF */
	char *result;    /* key whose test decides the acquisition (R_ACQ), or NULL */
	const char *callee; /* name of the acquiring / closing call */
	char *cbname;    /* R_CLOSE: close callback name or NULL */
	int value;       /* the key itself is the acquired value (fd, pointer) */
	enum sem fails;
	int reported;
	struct state *best; /* the leaking exit state to report (see keep_leak) */
	CXCursor best_term;
	int best_again;     /* best is the state reaching the acquisition again */
	/* The parameter facts each leaking path decided (see param_guards):
	 * ways[i] = {known, value} over the parameter facts' bits; unguarded
	 * when some leaking path needs none, or there were too many ways. */
	uint32_t ways[MAX_WAYS][2];
	unsigned nways;
	int unguarded;
};

enum evk { E_ACQ, E_REL, E_CLOSING, E_ESC, E_REG, E_FREE, E_LOOPRUN, E_LASTCALL, E_NONNULL, E_KILL };

struct event {
	enum evk k;
	int r;          /* resource, or -1 */
	int key;        /* interned result key (E_REG, E_LASTCALL) or -1; E_NONNULL,
			 * E_KILL: the pointer's key, then its fact (see null_facts) */
	enum sem sem;   /* E_REG: how the registering call reports failure */
	const char *name; /* E_REG/E_LASTCALL: callee name (interned) */
	CXCursor at;    /* E_FREE: the free call */
};

struct test {
	int valid;
	int keys[2];    /* interned tested keys (-1 unused) */
	const char *callname; /* the tested call, or the call assigned in the test */
	CXCursor callat;      /* that call (null if none) */
	enum sem callsem;     /* how that call reports failure */
	char op[3];     /* relation of the true branch: == != < <= > >= */
	long long k;
	int fact;       /* path fact the condition decides (see facts_prepare), or -1 */
	uint8_t fact_pol; /* the fact's value on the true branch */
	/* `v == p` / `v != p` of a pointer v and a parameter p (see
	 * old_param): v's key, p, and whether the true branch says equal */
	int fresh_key;
	CXCursor fresh_param;
	uint8_t fresh_eq;
};

struct rstate {
	uint8_t st, fail_st, sem;
	int16_t pend;
};

struct state {
	struct rstate *r;
	const char **failed; /* per resource: call whose failure path this is */
	const char **pname;  /* per resource: name of the pending call */
	CXCursor conds[MAX_WIT];
	uint8_t truth[MAX_WIT];
	unsigned nconds;
	int lastkey;
	const char *lastcall;
	enum sem lastsem;
	CXCursor lastat; /* the call lastcall names */
	uint32_t fknown, fval; /* path facts decided so far (bit i: fact i) */
	uint8_t oom; /* the path follows the failure of a call on a held resource
		      * that happens only when memory runs out (C_OOMHELD) */
};

struct sset {
	struct state **v;
	unsigned n, cap, done;
};

enum mode { M_FUNC, M_SUMMARY, M_BUFFER };

/* A local pointer variable and the one local lvalue whose address it
 * holds, if it never holds anything else (bad otherwise). */
struct alias {
	CXCursor var, target, root;
	char *tkey; /* the target's key, NULL before the first assignment */
	int bad;
};

struct ctx {
	struct ls_intra *in;
	const struct ls_res_reporter *rep;
	struct mix *m;
	CXTranslationUnit tu;
	CXCursor fn;
	const char *fname;
	enum mode mode;
	int depth;
	int no_exit_leaks; /* main(): returning ends the process */
	struct res res[MAX_RES];
	unsigned nres;
	char **strs; /* interned keys and names */
	unsigned nstrs;
	struct ls_strmap stridx; /* string -> index + 1 */
	struct ls_cfg *g;
	struct event **ev; /* per block: events of all elements, in order */
	unsigned *nev;
	struct test *tests; /* per block: test of its condition */
	struct sset *in_;
	int overflow;
	/* results */
	int sum_release, sum_other;   /* M_SUMMARY: exit states seen */
	const char *buf_alloc;        /* M_BUFFER: alloc callback name */
	/* the call whose result is being assigned (walk) */
	CXCursor assign_call;
	int assign_key;
	json_t *seen_frees; /* close-then-free: reported free sites */
	json_t *allocd;     /* keys of local pointers assigned an allocation here */
	struct alias *alias; /* local pointers and the local they point to */
	unsigned nalias;
	int alias_done;
	int any_relall;     /* some resource's spec has a release-everything call */
	/* Facts on the function's parameters (M_FUNC): the bits of c->fn's
	 * parameters among the facts, and per fact the parameter's index and
	 * the relation its bit stands for (see param_guards). */
	int param_facts;    /* track parameter facts tested only once, too */
	int param_only;     /* some fact is tracked only for that */
	uint32_t pbits;
	struct {
		int param;
		char op[3];  /* "!=" (v != k), "==" (v == k), "&" ((v & k) != 0) */
		long long k;
		CXCursor decl;
	} pfact[MAX_FACTS];
	/* Facts on local pointers that a dereference decides and a store
	 * forgets (see null_facts): on, some tracked, their bits and keys. */
	int null_facts;
	int null_used;
	uint32_t nbits;
	int nkey[MAX_FACTS];
	int nskip; /* compile: inside an operand that may not be evaluated */
};

/* Index of string s in the function's string table (added if new). */
static int intern(struct ctx *c, const char *s)
{
	void *v = ls_strmap_get(&c->stridx, s);
	if (v)
		return (int)((uintptr_t)v - 1);
	c->strs = ls_xrealloc(c->strs, (c->nstrs + 1) * sizeof *c->strs);
	c->strs[c->nstrs] = ls_xstrdup(s);
	ls_strmap_put(&c->stridx, s, (void *)(uintptr_t)(c->nstrs + 1));
	return (int)c->nstrs++;
}

static const char *istr(struct ctx *c, const char *s)
{
	int i = intern(c, s); /* may move c->strs */
	return c->strs[i];
}

static int add_res(struct ctx *c, enum rkind k, int spec, char *key, char *disp, CXCursor site)
{
	if (c->nres == MAX_RES) {
		free(key);
		free(disp);
		return -1;
	}
	struct res *r = &c->res[c->nres];
	memset(r, 0, sizeof *r);
	r->kind = k, r->spec = spec, r->key = key, r->disp = disp, r->site = site;
	return (int)c->nres++;
}

static void st_free(struct state *s);

/* Undo what run() did, but for the findings it reported, so that it can
 * run again. */
static void run_free(struct ctx *c)
{
	for (unsigned i = 0; i < c->nres; i++) {
		if (c->res[i].best)
			st_free(c->res[i].best);
		c->res[i].best = NULL;
		c->res[i].nways = 0;
		c->res[i].unguarded = 0;
	}
	if (c->g && c->ev) {
		for (unsigned b = 0; b < c->g->nblocks; b++) {
			free(c->ev[b]);
			for (unsigned i = 0; i < c->in_[b].n; i++)
				st_free(c->in_[b].v[i]);
			free(c->in_[b].v);
		}
	}
	free(c->ev);
	free(c->nev);
	free(c->tests);
	free(c->in_);
	c->ev = NULL;
	c->nev = NULL;
	c->tests = NULL;
	c->in_ = NULL;
	c->overflow = 0;
}

static void ctx_free(struct ctx *c)
{
	run_free(c);
	for (unsigned i = 0; i < c->nres; i++) {
		free(c->res[i].key);
		free(c->res[i].disp);
		free(c->res[i].result);
		free(c->res[i].cbname);
	}
	for (unsigned i = 0; i < c->nstrs; i++)
		free(c->strs[i]);
	free(c->strs);
	ls_strmap_free(&c->stridx, NULL);
	if (c->g)
		ls_cfg_free(c->g);
	json_decref(c->seen_frees);
	json_decref(c->allocd);
	for (unsigned i = 0; i < c->nalias; i++)
		free(c->alias[i].tkey);
	free(c->alias);
}

/* ------------------------------------------------------------------ */
/* Pointers to locals                                                  */

/* `FILE *f; FILE **p = &f; *p = fopen(...)`: the handle lives in f, and
 * `*p`, `p` and `&f` all name it. A local pointer qualifies when every
 * value it is given (initializer, `=`) is the address of the same local
 * lvalue (or the same local array), and it is never stepped, compound-
 * assigned or has its address taken; an assignment whose operator cannot
 * be read (a macro body) disqualifies it. A chain (a pointer to such a
 * pointer) does not qualify. */

static int alias_of(const struct ctx *c, CXCursor var, CXCursor *target)
{
	if (!c)
		return 0;
	for (unsigned i = 0; i < c->nalias; i++)
		if (clang_equalCursors(c->alias[i].var, var)) {
			if (c->alias[i].bad || !c->alias[i].tkey)
				return 0;
			*target = c->alias[i].target;
			return 1;
		}
	return 0;
}

static struct alias *alias_get(struct ctx *c, CXCursor var)
{
	if (!is_local(var) || clang_getCanonicalType(clang_getCursorType(var)).kind != CXType_Pointer)
		return NULL;
	for (unsigned i = 0; i < c->nalias; i++)
		if (clang_equalCursors(c->alias[i].var, var))
			return &c->alias[i];
	c->alias = ls_xrealloc(c->alias, (c->nalias + 1) * sizeof *c->alias);
	struct alias *a = &c->alias[c->nalias++];
	memset(a, 0, sizeof *a);
	a->var = var;
	return a;
}

/* var is given the value rhs (NULL cursor: something unknown). */
static void alias_assign(struct ctx *c, CXCursor var, CXCursor rhs)
{
	struct alias *a = alias_get(c, var);
	if (!a || a->bad)
		return;
	CXCursor x = clang_getNullCursor();
	if (!clang_Cursor_isNull(rhs)) {
		CXCursor r = ls_cfg_strip(rhs, 1);
		CXType t = clang_getCursorType(r);
		if (clang_getCursorKind(r) == CXCursor_UnaryOperator && t.kind == CXType_Pointer &&
		    same_type(clang_getPointeeType(t), clang_getCursorType(ls_cfg_first_child(r))))
			x = ls_cfg_first_child(r);
		else if (clang_getCursorKind(r) == CXCursor_DeclRefExpr &&
			 clang_getCanonicalType(t).kind == CXType_ConstantArray)
			x = r;
	}
	CXCursor root;
	int thru = 0;
	char *k = clang_Cursor_isNull(x) ? NULL : key_of(NULL, x, NULL, &root, &thru);
	if (!k || thru || !is_local(root) || (a->tkey && strcmp(a->tkey, k))) {
		a->bad = 1;
		free(k);
		return;
	}
	free(a->tkey);
	a->tkey = k;
	a->target = x;
	a->root = root;
}

static enum CXChildVisitResult alias_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct ctx *c = d;
	enum CXCursorKind k = clang_getCursorKind(cur);
	if (k == CXCursor_VarDecl) {
		CXCursor init = last_expr_child(cur);
		if (!clang_Cursor_isNull(init))
			alias_assign(c, cur, init);
		return CXChildVisit_Recurse;
	}
	if (k != CXCursor_BinaryOperator && k != CXCursor_CompoundAssignOperator && k != CXCursor_UnaryOperator)
		return CXChildVisit_Recurse;
	unsigned n;
	CXCursor *kids = ls_cfg_children(cur, &n);
	CXCursor lhs = n ? ls_cfg_strip(kids[0], 1) : clang_getNullCursor();
	if (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr) {
		CXCursor var = clang_getCursorReferenced(lhs);
		char buf[16];
		if (k == CXCursor_BinaryOperator) {
			const char *op = n == 2 ? ls_cfg_operator(c->tu, cur, buf) : NULL;
			if (!op || !strcmp(op, "="))
				alias_assign(c, var, op ? kids[1] : clang_getNullCursor());
		} else if (k == CXCursor_CompoundAssignOperator) {
			alias_assign(c, var, clang_getNullCursor());
		} else {
			/* by types: &p is a pointer to p's type, p++ has p's type */
			CXType t = clang_getCursorType(cur), st = clang_getCursorType(kids[0]);
			if (same_type(t, st) || (t.kind == CXType_Pointer && same_type(clang_getPointeeType(t), st)))
				alias_assign(c, var, clang_getNullCursor());
		}
	}
	free(kids);
	return CXChildVisit_Recurse;
}

static void aliases_prepare(struct ctx *c, CXCursor fn)
{
	if (c->alias_done)
		return;
	c->alias_done = 1;
	clang_visitChildren(fn, alias_visit, c);
	unsigned char *chain = ls_xcalloc(c->nalias + 1, 1);
	for (unsigned i = 0; i < c->nalias; i++)
		for (unsigned j = 0; j < c->nalias && c->alias[i].tkey; j++)
			if (!c->alias[j].bad && c->alias[j].tkey && clang_equalCursors(c->alias[i].root, c->alias[j].var))
				chain[i] = 1;
	for (unsigned i = 0; i < c->nalias; i++)
		c->alias[i].bad |= chain[i];
	free(chain);
}

/* ------------------------------------------------------------------ */
/* Call classification helpers                                          */

static char *callee(CXCursor call)
{
	return ls_cfg_callee_name(call);
}

static CXCursor *call_args(CXCursor call, unsigned *n)
{
	int na = clang_Cursor_getNumArguments(call);
	if (na < 0) {
		*n = 0;
		return NULL;
	}
	CXCursor *a = ls_xmalloc(((size_t)na + 1) * sizeof *a);
	for (int i = 0; i < na; i++)
		a[i] = clang_Cursor_getArgument(call, (unsigned)i);
	*n = (unsigned)na;
	return a;
}

static int model_arg(const json_t *e, const char *k, unsigned nargs)
{
	const json_t *v = json_object_get(e, k);
	if (!json_is_integer(v))
		return -1;
	long long a = json_integer_value(v);
	if (a < 0)
		a += nargs;
	return a >= 0 && a < (long long)nargs ? (int)a : -1;
}

static int is_null_const(CXCursor e)
{
	e = ls_cfg_strip(e, 1);
	if (clang_getCursorKind(e) != CXCursor_IntegerLiteral)
		return 0;
	CXEvalResult r = clang_Cursor_Evaluate(e);
	int z = r && clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) == 0;
	if (r)
		clang_EvalResult_dispose(r);
	return z;
}

/* Does a call to `name`, which the models list among the calls that
 * register a callback, register one? 1 when a callback argument the models
 * name for it is not a null constant; 0 when each one is (uv_write2(...,
 * NULL), uv_fs_* without callback: nothing is handed to a callback); -1
 * when the call has none of those arguments. */
static int registers_callback(struct ctx *c, const char *name, CXCursor *args, unsigned na)
{
	size_t i;
	const json_t *e;
	int r = -1;
	json_array_foreach(c->m->callbacks, i, e) {
		if (!entry_matches(e, "call", name))
			continue;
		int a = model_arg(e, "arg", na);
		if (a >= 0 && !is_null_const(args[a]))
			return 1;
		if (a >= 0)
			r = 0;
	}
	return r;
}

/* Is the argument spelled with identifier tok? */
static int arg_has(CXTranslationUnit tu, CXCursor a, const char *tok)
{
	CXToken *t = NULL;
	unsigned nt = 0;
	clang_tokenize(tu, clang_getCursorExtent(a), &t, &nt);
	int found = 0;
	for (unsigned i = 0; i < nt && !found; i++) {
		CXString s = clang_getTokenSpelling(tu, t[i]);
		found = !strcmp(clang_getCString(s), tok);
		clang_disposeString(s);
	}
	clang_disposeTokens(tu, t, nt);
	return found;
}

/* The `when`/`unless` forms the ownership entries use: {arg, has},
 * {arg, null}, and on a constant flag word {arg, all_of} / {arg, none_of}
 * (a flag word that is not a constant satisfies neither). */
static int cond_holds(CXTranslationUnit tu, const json_t *cond, CXCursor *args, unsigned nargs)
{
	int a = model_arg(cond, "arg", nargs);
	if (a < 0)
		return 0;
	const json_t *has = json_object_get(cond, "has");
	if (json_is_string(has))
		return arg_has(tu, args[a], json_string_value(has));
	if (json_is_true(json_object_get(cond, "null")))
		return is_null_const(args[a]);
	const json_t *all = json_object_get(cond, "all_of"), *none = json_object_get(cond, "none_of");
	long long v;
	if (json_is_integer(all))
		return ls_cfg_eval_int(args[a], &v) && (v & json_integer_value(all)) == json_integer_value(all);
	if (json_is_integer(none))
		return ls_cfg_eval_int(args[a], &v) && (v & json_integer_value(none)) == 0;
	return 0;
}

static int conds_ok(CXTranslationUnit tu, const json_t *e, CXCursor *args, unsigned nargs)
{
	const json_t *w = json_object_get(e, "when"), *u = json_object_get(e, "unless");
	size_t i;
	const json_t *c;
	if (json_is_object(w) && !cond_holds(tu, w, args, nargs))
		return 0;
	json_array_foreach(w, i, c) if (!cond_holds(tu, c, args, nargs)) return 0;
	if (json_is_object(u) && cond_holds(tu, u, args, nargs))
		return 0;
	json_array_foreach(u, i, c) if (cond_holds(tu, c, args, nargs)) return 0;
	return 1;
}

/* Is d declared by a library: in a system header, or in a header under
 * /usr/include or /usr/local/include (pkg-config hands out -I, not
 * -isystem, so GLib's headers are not "system headers" to clang)? */
static int in_system_header(CXCursor d)
{
	CXSourceLocation loc = clang_getCursorLocation(d);
	if (clang_Location_isInSystemHeader(loc))
		return 1;
	CXFile f;
	clang_getSpellingLocation(loc, &f, NULL, NULL, NULL);
	if (!f)
		return 0;
	CXString n = clang_getFileName(f);
	const char *p = clang_getCString(n);
	int lib = p && (!strncmp(p, "/usr/include/", 13) || !strncmp(p, "/usr/local/include/", 19));
	clang_disposeString(n);
	return lib;
}

/* Does function definition def free memory or call anything that might
 * (a non-system function or a function pointer)? Used for close
 * callbacks: one that cannot free leaves the handle's memory alone. */
struct mayfree {
	struct ctx *c;
	int yes;
};

static enum CXChildVisitResult mayfree_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct mayfree *mf = d;
	if (clang_getCursorKind(cur) == CXCursor_CallExpr) {
		CXCursor decl = clang_getCursorReferenced(cur);
		char *n = callee(cur);
		unsigned fl = n ? classify(mf->c->m, n)->flags : 0;
		if (!n || (!in_system_header(decl) && !(fl & C_LIBRARY)) || (fl & (C_FREE | C_RELEASE)))
			mf->yes = 1;
		free(n);
		if (mf->yes)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static int cb_may_free(struct ctx *c, CXCursor cbarg)
{
	CXCursor s = ls_cfg_strip(cbarg, 1);
	if (is_null_const(s))
		return 0;
	CXCursor d = clang_getCursorReferenced(s);
	if (clang_getCursorKind(d) != CXCursor_FunctionDecl)
		return 1;
	CXCursor def = clang_getCursorDefinition(d);
	if (clang_Cursor_isNull(def))
		return 1;
	struct mayfree mf = {c, 0};
	clang_visitChildren(def, mayfree_visit, &mf);
	return mf.yes;
}

static enum summ summarise(struct ctx *c, CXCursor def, unsigned param, int spec, const char *suffix);
static void buffer_check(struct ctx *outer, CXCursor call);

/* ------------------------------------------------------------------ */
/* Pre-pass: find the resources of a function                         */

/* Bind an acquisition whose value is stored into lhs (or declared var). */
static void bind_value(struct ctx *c, CXCursor call, int spec, CXCursor lhs_or_var, int is_var)
{
	char *disp = NULL;
	CXCursor root;
	char *key;
	int thru = 0;
	if (is_var) {
		root = lhs_or_var;
		CXString s = clang_getCursorSpelling(root);
		key = ls_xasprintf("%s@%u", clang_getCString(s), decl_offset(root));
		disp = ls_xstrdup(clang_getCString(s));
		clang_disposeString(s);
	} else {
		key = key_of(c, lhs_or_var, &disp, &root, &thru);
		if (!key)
			return;
	}
	/* Stored into a field, a global, or through a pointer into memory
	 * that is not this function's locals (`*pf = fopen(...)` with pf a
	 * parameter or what a call returned): handed on, escaped. Through a
	 * pointer to a local, the local holds it (see aliases). */
	if (thru || !is_local(root) || strchr(key, '.') || strchr(key, '[')) {
		free(key);
		free(disp);
		return;
	}
	struct spec *sp = &c->m->specs[spec];
	int r = add_res(c, R_ACQ, spec, key, disp, call);
	if (r < 0)
		return;
	c->res[r].value = 1;
	c->res[r].fails = sp->fails;
	c->res[r].result = ls_xstrdup(c->res[r].key);
}

static void bind_arg(struct ctx *c, CXCursor call, int spec, const char *result)
{
	struct spec *sp = &c->m->specs[spec];
	unsigned na;
	CXCursor *args = call_args(call, &na);
	int a = sp->arg >= 0 && (unsigned)sp->arg < na ? sp->arg : -1;
	char *disp = NULL, *key = NULL;
	CXCursor root;
	if (a >= 0)
		key = key_of(c, args[a], &disp, &root, NULL);
	free(args);
	if (!key)
		return;
	/* Only memory this function owns: a local, a field of a local, or
	 * what a local pointer that this function allocated points to. */
	int owned = is_local(root);
	if (owned && clang_getCanonicalType(clang_getCursorType(root)).kind == CXType_Pointer) {
		CXString rs = clang_getCursorSpelling(root);
		char *rk = ls_xasprintf("%s@%u", clang_getCString(rs), decl_offset(root));
		clang_disposeString(rs);
		owned = c->allocd && json_object_get(c->allocd, rk) != NULL;
		free(rk);
	}
	if (!owned) {
		free(key);
		free(disp);
		return;
	}
	int n = sp->elements > 0 ? sp->elements : 1;
	for (int i = 0; i < n; i++) {
		char *k = sp->elements > 0 ? ls_xasprintf("%s[%d]", key, i) : ls_xstrdup(key);
		char *d = sp->elements > 0 ? ls_xasprintf("%s[%d]", disp, i) : ls_xstrdup(disp);
		int r = add_res(c, R_ACQ, spec, k, d, call);
		if (r < 0)
			break;
		c->res[r].fails = sp->fails;
		c->res[r].result = result ? ls_xstrdup(result) : call_key(call);
	}
	free(key);
	free(disp);
}

static void pre_call(struct ctx *c, CXCursor call, CXCursor assigned_to, int assigned_is_var, int *interesting)
{
	CXString spl = clang_getCursorSpelling(call);
	const char *sn = clang_getCString(spl);
	const struct cls *k = sn && *sn ? classify(c->m, sn) : NULL;
	clang_disposeString(spl);
	if (!k || (k->acquire < 0 && !(k->flags & (C_ALLOC | C_CLOSE | C_BUFSTART))))
		return;
	char *n = callee(call);
	if (!n)
		return;
	k = classify(c->m, n);
	if ((k->flags & C_ALLOC) && !clang_Cursor_isNull(assigned_to)) {
		char *ak;
		if (assigned_is_var) {
			CXString s = clang_getCursorSpelling(assigned_to);
			ak = ls_xasprintf("%s@%u", clang_getCString(s), decl_offset(assigned_to));
			clang_disposeString(s);
		} else {
			ak = key_of(c, assigned_to, NULL, NULL, NULL);
		}
		if (ak) {
			if (!c->allocd)
				c->allocd = json_object();
			json_object_set_new(c->allocd, ak, json_true());
		}
		free(ak);
	}
	if (k->acquire >= 0) {
		*interesting = 1;
		struct spec *sp = &c->m->specs[k->acquire];
		int registers = 0;
		if ((k->flags & C_CALLBACK) && json_is_true(json_object_get(sp->e, "callback_owns"))) {
			/* An acquisition that also hands itself to a callback (uv_fs_*
			 * with a callback): the callback owns it. */
			unsigned na;
			CXCursor *args = call_args(call, &na);
			registers = registers_callback(c, n, args, na) == 1;
			free(args);
		}
		unsigned before = c->nres;
		if (!registers) {
			if (sp->arg < 0) {
				if (!clang_Cursor_isNull(assigned_to))
					bind_value(c, call, k->acquire, assigned_to, assigned_is_var);
			} else {
				char *rk = NULL;
				if (!clang_Cursor_isNull(assigned_to)) {
					if (assigned_is_var) {
						CXString s = clang_getCursorSpelling(assigned_to);
						rk = ls_xasprintf("%s@%u", clang_getCString(s), decl_offset(assigned_to));
						clang_disposeString(s);
					} else {
						rk = key_of(c, assigned_to, NULL, NULL, NULL);
					}
				}
				bind_arg(c, call, k->acquire, rk);
				free(rk);
			}
		}
		for (unsigned i = before; i < c->nres; i++)
			c->res[i].callee = istr(c, n);
	}
	if ((k->flags & C_CLOSE) && c->mode == M_FUNC) {
		*interesting = 1;
		/* close-then-free: a close whose callback cannot free the memory */
		unsigned na;
		CXCursor *args = call_args(call, &na);
		int made = 0;
		for (unsigned s = 0; s < c->m->nspecs && !made; s++) {
			size_t i;
			const json_t *r;
			json_array_foreach(json_object_get(c->m->specs[s].e, "release"), i, r) {
				if (!entry_matches(r, "call", n) || !json_object_get(r, "callback"))
					continue;
				int a = model_arg(r, "arg", na), cb = model_arg(r, "callback", na);
				if (a < 0 || cb < 0 || cb_may_free(c, args[cb]))
					continue;
				char *disp = NULL;
				char *key = key_of(c, args[a], &disp, NULL, NULL);
				if (!key)
					continue;
				int ri = add_res(c, R_CLOSE, -1, key, disp, call);
				made = 1;
				if (ri >= 0) {
					c->res[ri].callee = istr(c, n);
					CXCursor cbc = ls_cfg_strip(args[cb], 1);
					if (!is_null_const(cbc)) {
						CXString sp2 = clang_getCursorSpelling(clang_getCursorReferenced(cbc));
						c->res[ri].cbname = ls_xstrdup(clang_getCString(sp2));
						clang_disposeString(sp2);
					}
				}
			}
		}
		free(args);
	}
	if ((k->flags & C_BUFSTART) && c->mode == M_FUNC) {
		*interesting = 1;
		buffer_check(c, call);
	}
	free(n);
}

struct prewalk {
	struct ctx *c;
	int interesting;
};

/* Is call one whose result pre_call binds (an acquisition or an
 * allocation)? By the spelling alone: cheap, no operator tokenizing. */
static int binds_result(struct ctx *c, CXCursor call)
{
	CXString sp = clang_getCursorSpelling(call);
	const char *n = clang_getCString(sp);
	int yes = 0;
	if (n && *n) {
		const struct cls *k = classify(c->m, n);
		yes = k->acquire >= 0 || (k->flags & C_ALLOC);
	}
	clang_disposeString(sp);
	return yes;
}

static void prewalk(struct prewalk *p, CXCursor cur);

static enum CXChildVisitResult prewalk_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	prewalk(d, cur);
	return CXChildVisit_Continue;
}

static void prewalk(struct prewalk *p, CXCursor cur)
{
	enum CXCursorKind k = clang_getCursorKind(cur);
	CXCursor nul = clang_getNullCursor();
	if (k == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(cur, &n);
		if (n == 2) {
			CXCursor rhs = ls_cfg_strip(kids[1], 1);
			char buf[16];
			if (clang_getCursorKind(rhs) == CXCursor_CallExpr && binds_result(p->c, rhs)) {
				const char *op = ls_cfg_operator(p->c->tu, cur, buf);
				if (op && !strcmp(op, "=")) {
					prewalk(p, kids[0]);
					clang_visitChildren(rhs, prewalk_visit, p);
					pre_call(p->c, rhs, kids[0], 0, &p->interesting);
					free(kids);
					return;
				}
			}
		}
		free(kids);
	} else if (k == CXCursor_VarDecl) {
		CXCursor init = last_expr_child(cur);
		CXCursor s = clang_Cursor_isNull(init) ? init : ls_cfg_strip(init, 1);
		if (!clang_Cursor_isNull(s) && clang_getCursorKind(s) == CXCursor_CallExpr) {
			clang_visitChildren(s, prewalk_visit, p);
			pre_call(p->c, s, cur, 1, &p->interesting);
			return;
		}
	} else if (k == CXCursor_CallExpr) {
		clang_visitChildren(cur, prewalk_visit, p);
		pre_call(p->c, cur, nul, 0, &p->interesting);
		return;
	}
	clang_visitChildren(cur, prewalk_visit, p);
}

/* Cheap scan: does the body call anything the resource rules care about? */
struct scan {
	struct mix *m;
	int hit;
};

static enum CXChildVisitResult scan_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct scan *s = d;
	if (clang_getCursorKind(cur) == CXCursor_CallExpr) {
		CXString sp = clang_getCursorSpelling(cur);
		const char *n = clang_getCString(sp);
		if (n && *n) {
			const struct cls *k = classify(s->m, n);
			if (k->acquire >= 0 || (k->flags & (C_CLOSE | C_BUFSTART)))
				s->hit = 1;
		}
		clang_disposeString(sp);
		if (s->hit)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* ------------------------------------------------------------------ */
/* Compiling elements into events                                       */

struct evlist {
	struct event *v;
	unsigned n, cap;
};

static void emit(struct evlist *l, struct event e)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = ls_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = e;
}

static struct event ev(enum evk k, int r)
{
	struct event e;
	memset(&e, 0, sizeof e);
	e.k = k, e.r = r, e.key = -1;
	e.at = clang_getNullCursor();
	return e;
}

/* Escapes of every resource whose key the value expression e is or covers.
 * Walks through ?:, casts and parens but not into calls, subscripts or
 * member bases (`c->fd` is not `c`). */
static void value_escapes(struct ctx *c, CXCursor e, struct evlist *l)
{
	if (clang_Cursor_isNull(e))
		return;
	CXCursor s = ls_cfg_strip(e, 1);
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_CallExpr)
		return;
	char *key = key_of(c, s, NULL, NULL, NULL);
	if (key) {
		for (unsigned r = 0; r < c->nres; r++)
			if (c->res[r].kind != R_CLOSE && covers(key, c->res[r].key))
				emit(l, ev(E_ESC, (int)r));
		free(key);
		return;
	}
	if (k == CXCursor_ConditionalOperator || k == CXCursor_InitListExpr ||
	    k == CXCursor_CompoundLiteralExpr || k == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(s, &n);
		for (unsigned i = (k == CXCursor_ConditionalOperator ? 1 : 0); i < n; i++)
			value_escapes(c, kids[i], l);
		free(kids);
	}
}

/* Is decl declared with __attribute__((format(...)))? */
static int has_format_attr(CXCursor decl)
{
	static const char *const names[] = {"__format__", "format", NULL};
	return ls_cfg_decl_has_attr(decl, names);
}

/* How a call reports failure, from its result type: NULL pointers;
 * negative ssize_t/off_t; for int, negative — or nonzero for the calls the
 * models list as returning 0 or an error (`status_calls`: uv_*, bind). */
static enum sem sem_of_return(struct ctx *c, CXCursor call)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(call));
	if (t.kind == CXType_Pointer)
		return SEM_NULL;
	if (t.kind == CXType_Int) {
		char *n = callee(call);
		int status = n && (classify(c->m, n)->flags & C_STATUS);
		free(n);
		return status ? SEM_NONZERO : SEM_NEG;
	}
	if (t.kind == CXType_Long || t.kind == CXType_LongLong || t.kind == CXType_Short)
		return SEM_NEG;
	return SEM_NONE;
}

/* An ownership entry's `acquired_by: {call, when, unless}`: it takes over
 * only a resource this function acquired by such a call, with those
 * conditions on the acquiring call's own arguments (an event made with
 * EV_PERSIST, then added: its base keeps it for the program's life). */
static int acquired_by_ok(struct ctx *c, const json_t *own, const struct res *rs)
{
	const json_t *by = json_object_get(own, "acquired_by");
	if (!by)
		return 1;
	if (rs->kind != R_ACQ || !rs->callee || !entry_matches(by, "call", rs->callee))
		return 0;
	unsigned na;
	CXCursor *args = call_args(rs->site, &na);
	int ok = conds_ok(c->tu, by, args, na);
	free(args);
	return ok;
}

/* The effect of passing resource r as argument i of a call to decl. */
static void arg_effect(struct ctx *c, CXCursor call, const char *name, const struct cls *k,
		       CXCursor *args, unsigned nargs, unsigned i, int r, int result_key,
		       const char *argkey, struct evlist *l)
{
	struct res *rs = &c->res[r];
	if (k->flags & C_OWN) {
		size_t j;
		const json_t *e;
		json_array_foreach(c->m->own, j, e) {
			if (entry_matches(e, "call", name) && model_arg(e, "arg", nargs) == (int)i &&
			    conds_ok(c->tu, e, args, nargs) && acquired_by_ok(c, e, rs)) {
				/* taken over only if the call succeeds: when
				 * bufferevent_socket_new returns NULL the fd is ours */
				struct event o = ev(E_REG, r);
				o.key = result_key;
				o.sem = sem_of_return(c, call);
				o.name = istr(c, name);
				emit(l, o);
				return;
			}
		}
	}
	if ((k->flags & C_CALLBACK) && !(rs->spec >= 0 && c->m->specs[rs->spec].reg_borrows) &&
	    registers_callback(c, name, args, nargs) != 0) {
		struct event e = ev(E_REG, r);
		e.key = result_key;
		e.sem = sem_of_return(c, call);
		e.name = istr(c, name);
		emit(l, e);
		return;
	}
	CXCursor decl = clang_getCursorReferenced(call);
	CXCursor def = (k->flags & C_LIBRARY) ? clang_getNullCursor() : clang_getCursorDefinition(decl);
	if (!clang_Cursor_isNull(def) && rs->spec >= 0 && c->depth < MAX_DEPTH) {
		/* passing the container `c` of `c->tcp`: the helper's `.tcp` */
		enum summ s = summarise(c, def, i, rs->spec, rs->key + strlen(argkey));
		if (s == SUM_RELEASE)
			emit(l, ev(E_REL, r));
		else if (s != SUM_BORROW)
			emit(l, ev(E_ESC, r));
		return;
	}
	if (!clang_Cursor_isNull(def)) {
		emit(l, ev(E_ESC, r));
		return;
	}
	if ((k->flags & C_LIBRARY) || in_system_header(decl)) {
		CXType ft = clang_getCursorType(decl);
		int np = clang_getNumArgTypes(ft);
		if (np < 0) {
			emit(l, ev(E_ESC, r));
			return;
		}
		if ((int)i >= np) {
			/* through `...`: syscall(SYS_close, fd) may do anything, but
			 * printf-like functions only format what they get */
			if (!has_format_attr(decl) && fnmatch("*printf", name, 0) && strcmp(name, "syslog"))
				emit(l, ev(E_ESC, r));
			return;
		}
		{
			CXType pt = clang_getCanonicalType(clang_getArgType(ft, i));
			if (pt.kind == CXType_Pointer) {
				CXType pe = clang_getPointeeType(pt);
				if (pe.kind == CXType_Void && !clang_isConstQualifiedType(pe)) {
					emit(l, ev(E_ESC, r)); /* void *: user data, containers */
					return;
				}
			}
		}
		return; /* typed parameter of a library function: borrows */
	}
	if (rs->spec >= 0 && c->m->specs[rs->spec].unknown_borrows)
		return;
	emit(l, ev(E_ESC, r));
}

static void release_all(struct ctx *c, int spec, struct evlist *l)
{
	for (unsigned r = 0; r < c->nres; r++)
		if (c->res[r].kind == R_ACQ && c->res[r].spec == spec)
			emit(l, ev(E_REL, (int)r));
}

struct relall {
	struct ctx *c;
	int spec, depth, yes;
};

static int calls_release_all(struct ctx *c, CXCursor def, int spec, int depth);

static enum CXChildVisitResult relall_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct relall *ra = d;
	if (clang_getCursorKind(cur) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	char *n = callee(cur);
	if (n) {
		const struct cls *k = classify(ra->c->m, n);
		if (k->flags & C_RELALL) {
			size_t j;
			const json_t *re;
			json_array_foreach(json_object_get(ra->c->m->specs[ra->spec].e, "release"), j, re)
				if (json_is_true(json_object_get(re, "all")) && entry_matches(re, "call", n))
					ra->yes = 1;
		} else if (ra->depth < MAX_DEPTH) {
			CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(cur));
			if (!clang_Cursor_isNull(def) && calls_release_all(ra->c, def, ra->spec, ra->depth + 1))
				ra->yes = 1;
		}
	}
	free(n);
	return ra->yes ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Does the helper def (transitively) call a release-everything call of
 * spec, such as uv_walk? Cached per TU; recursion counts as no. */
static int calls_release_all(struct ctx *c, CXCursor def, int spec, int depth)
{
	int any = 0;
	size_t j;
	const json_t *re;
	json_array_foreach(json_object_get(c->m->specs[spec].e, "release"), j, re)
		any |= json_is_true(json_object_get(re, "all"));
	if (!any)
		return 0;
	CXString u = clang_getCursorUSR(def);
	char *id = ls_xasprintf("all#%s#%d", clang_getCString(u), spec);
	clang_disposeString(u);
	void *v = ls_strmap_get(g_summ, id);
	if (v) {
		free(id);
		return (uintptr_t)v == 2;
	}
	ls_strmap_put(g_summ, id, (void *)1);
	struct relall ra = {c, spec, depth, 0};
	clang_visitChildren(def, relall_visit, &ra);
	ls_strmap_put(g_summ, id, (void *)(uintptr_t)(ra.yes ? 2 : 1));
	free(id);
	return ra.yes;
}

static void compile_call(struct ctx *c, CXCursor call, struct evlist *l)
{
	int result_key = -1; /* computed below, only for calls that need it */
	for (unsigned r = 0; r < c->nres; r++)
		if (c->res[r].kind == R_ACQ && clang_equalCursors(c->res[r].site, call)) {
			struct event e = ev(E_ACQ, (int)r);
			emit(l, e);
		}
	char *name = callee(call);
	unsigned nargs;
	CXCursor *args = call_args(call, &nargs);
	if (!name) {
		/* through a function pointer: everything passed escapes */
		for (unsigned i = 0; i < nargs; i++)
			value_escapes(c, args[i], l);
		free(args);
		return;
	}
	const struct cls *k = classify(c->m, name);
	if (k->flags & (C_CALLBACK | C_OWN)) {
		/* the key a test of this call's result will carry */
		if (clang_equalCursors(call, c->assign_call)) {
			result_key = c->assign_key;
		} else {
			char *ck = call_key(call);
			result_key = intern(c, ck);
			free(ck);
		}
	}
	unsigned char *handled = ls_xcalloc(nargs + 1, 1);
	/* a helper here that walks the loop closing everything */
	if (!(k->flags & C_RELEASE) && c->any_relall) {
		CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(call));
		if (!clang_Cursor_isNull(def))
			for (unsigned s = 0; s < c->m->nspecs; s++)
				if (calls_release_all(c, def, (int)s, 0))
					release_all(c, (int)s, l);
	}
	if (k->flags & C_RELEASE) {
		for (unsigned s = 0; s < c->m->nspecs; s++) {
			size_t j;
			const json_t *re;
			json_array_foreach(json_object_get(c->m->specs[s].e, "release"), j, re) {
				if (!entry_matches(re, "call", name))
					continue;
				if (json_is_true(json_object_get(re, "all"))) {
					release_all(c, (int)s, l);
					continue;
				}
				int a = model_arg(re, "arg", nargs);
				if (a < 0)
					continue;
				char *key = key_of(c, args[a], NULL, NULL, NULL);
				if (!key)
					continue;
				handled[a] = 1;
				for (unsigned r = 0; r < c->nres; r++) {
					struct res *rs = &c->res[r];
					if (!covers(key, rs->key))
						continue;
					if (rs->kind == R_CLOSE) {
						if (clang_equalCursors(rs->site, call))
							emit(l, ev(E_CLOSING, (int)r));
					} else if (rs->spec == (int)s) {
						emit(l, ev(E_REL, (int)r));
					}
				}
				free(key);
			}
		}
	}
	if ((k->flags & C_FREE) && nargs > 0) {
		char *key = key_of(c, args[0], NULL, NULL, NULL);
		if (key) {
			handled[0] = 1;
			for (unsigned r = 0; r < c->nres; r++) {
				if (!covers(key, c->res[r].key))
					continue;
				struct event e = ev(c->res[r].kind == R_BUF && !strcmp(key, c->res[r].key) ? E_REL : E_FREE,
						    (int)r);
				e.at = call;
				emit(l, e);
			}
			free(key);
		}
	}
	if (k->flags & C_LOOPRUN)
		emit(l, ev(E_LOOPRUN, -1));
	for (unsigned i = 0; i < nargs; i++) {
		if (handled[i])
			continue;
		char *key = key_of(c, args[i], NULL, NULL, NULL);
		if (!key)
			continue;
		for (unsigned r = 0; r < c->nres; r++) {
			struct res *rs = &c->res[r];
			if (rs->kind == R_CLOSE || !covers(key, rs->key))
				continue;
			if (rs->kind == R_ACQ && clang_equalCursors(rs->site, call))
				continue; /* the acquiring call itself */
			arg_effect(c, call, name, k, args, nargs, i, (int)r, result_key, key, l);
		}
		free(key);
	}
	free(handled);
	free(args);
	free(name);
}

static void compile(struct ctx *c, CXCursor cur, struct evlist *l);

struct cwalk {
	struct ctx *c;
	struct evlist *l;
};

static enum CXChildVisitResult compile_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct cwalk *w = d;
	compile(w->c, cur, w->l);
	return CXChildVisit_Continue;
}

static void compile_kids(struct ctx *c, CXCursor cur, struct evlist *l)
{
	struct cwalk w = {c, l};
	clang_visitChildren(cur, compile_visit, &w);
}

static void lastcall(struct ctx *c, int key, CXCursor rhs, struct evlist *l)
{
	char *n = callee(rhs);
	if (!n)
		return;
	struct event e = ev(E_LASTCALL, -1);
	e.key = key;
	e.name = istr(c, n);
	e.sem = sem_of_return(c, rhs);
	e.at = rhs;
	emit(l, e);
	free(n);
}

/* The local or parameter of pointer type that e names, or a null cursor.
 * (Whether its address is taken is for null_facts to ask.) */
static CXCursor ptr_var_decl(CXCursor d)
{
	if ((clang_getCursorKind(d) != CXCursor_ParmDecl && !is_local(d)) ||
	    clang_getCanonicalType(clang_getCursorType(d)).kind != CXType_Pointer)
		return clang_getNullCursor();
	return d;
}

static CXCursor ptr_var(CXCursor e)
{
	e = ls_cfg_strip(e, 1);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	return ptr_var_decl(clang_getCursorReferenced(e));
}

/* The pointer an access to the lvalue e goes through: p for p->f, p[i],
 * and also for p->a[i] and p->s.f (an array or a struct inside *p). */
static CXCursor ptr_under(CXCursor e)
{
	for (int guard = 0; guard < 16; guard++) {
		e = ls_cfg_strip(e, 0);
		enum CXCursorKind k = clang_getCursorKind(e);
		if (k != CXCursor_MemberRefExpr && k != CXCursor_ArraySubscriptExpr)
			break;
		CXCursor base = ls_cfg_first_child(e);
		CXCursor d = ptr_var(base);
		if (!clang_Cursor_isNull(d))
			return d;
		enum CXTypeKind bk = clang_getCanonicalType(clang_getCursorType(ls_cfg_strip(base, 0))).kind;
		if (bk != CXType_Record && bk != CXType_ConstantArray && bk != CXType_IncompleteArray &&
		    bk != CXType_VariableArray)
			break; /* through another pointer: not p's memory */
		e = base;
	}
	return clang_getNullCursor();
}

/* The pointers whose address call passes where the models' fills say
 * it stores through it and keeps no copy (`getaddrinfo(..., &res)`): a
 * store to each, not an escape of its address. Returns how many (at most
 * max) it put in out[]. */
static unsigned out_param_vars(struct ctx *c, CXCursor call, CXCursor *out, unsigned max)
{
	CXString sp = clang_getCursorSpelling(call);
	const char *name = clang_getCString(sp);
	unsigned n = 0;
	if (name && *name && (classify(c->m, name)->flags & C_OUTPARAM)) {
		unsigned na;
		CXCursor *args = call_args(call, &na);
		uint64_t seen = 0; /* (an argument two models list counts once) */
		size_t i;
		const json_t *e;
		json_array_foreach(c->m->outp, i, e) {
			int a = model_arg(e, "arg", na);
			if (n == max || a < 0 || a >= 64 || (seen & (1ull << a)) || !entry_matches(e, "call", name) ||
			    !conds_ok(c->tu, e, args, na))
				continue;
			seen |= 1ull << a;
			CXCursor x = ls_cfg_strip(args[a], 1);
			CXType t = clang_getCanonicalType(clang_getCursorType(x));
			if (clang_getCursorKind(x) != CXCursor_UnaryOperator || t.kind != CXType_Pointer)
				continue;
			CXCursor sub = ls_cfg_first_child(x);
			CXCursor d = ptr_var(sub);
			if (!clang_Cursor_isNull(d) && same_type(clang_getPointeeType(t), clang_getCursorType(sub)))
				out[n++] = d;
		}
		free(args);
	}
	clang_disposeString(sp);
	return n;
}

/* E_NONNULL (the pointer decl was just dereferenced) or E_KILL (stored
 * to), keyed by the variable as lval_fact keys its tests. */
static void null_event(struct ctx *c, struct evlist *l, enum evk k, CXCursor decl)
{
	if (clang_Cursor_isNull(decl) || (k == E_NONNULL && c->nskip))
		return;
	CXString s = clang_getCursorSpelling(decl);
	char *key = ls_xasprintf("%s@%u", clang_getCString(s), decl_offset(decl));
	clang_disposeString(s);
	struct event e = ev(k, -1);
	e.key = intern(c, key);
	emit(l, e);
	free(key);
}

/* Does an lvalue of type t read or write memory when used (not an array
 * or function designator, which only computes an address)? */
static int loads(CXType t)
{
	switch (clang_getCanonicalType(t).kind) {
	case CXType_Void:
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_VariableArray:
	case CXType_DependentSizedArray:
	case CXType_FunctionProto:
	case CXType_FunctionNoProto:
		return 0;
	default:
		return 1;
	}
}

/* Compile cur's children as operands that may not be evaluated (the right
 * of && and ||, the arms of ?:, sizeof, &, a statement expression): their
 * dereferences say nothing of the path, their stores still count. */
static void compile_maybe(struct ctx *c, CXCursor cur, struct evlist *l)
{
	c->nskip++;
	compile(c, cur, l);
	c->nskip--;
}

/* Events of one element, in evaluation order (arguments before calls). */
static void compile(struct ctx *c, CXCursor cur, struct evlist *l)
{
	enum CXCursorKind k = clang_getCursorKind(cur);
	switch (k) {
	case CXCursor_CallExpr: {
		/* __builtin_constant_p(p->f) & co. do not evaluate their operands */
		CXString sp = clang_getCursorSpelling(cur);
		const char *n = clang_getCString(sp);
		int unevaluated = n && !strncmp(n, "__builtin_", 10) && strcmp(n, "__builtin_expect");
		clang_disposeString(sp);
		c->nskip += unevaluated;
		compile_kids(c, cur, l);
		c->nskip -= unevaluated;
		compile_call(c, cur, l);
		CXCursor outs[4];
		unsigned no = out_param_vars(c, cur, outs, 4);
		for (unsigned i = 0; i < no; i++)
			null_event(c, l, E_KILL, outs[i]);
		return;
	}
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr: {
		/* p->f, p[i], p->a[i], p->s.f: p is not null on the path after this */
		compile_kids(c, cur, l);
		if (loads(clang_getCursorType(cur)))
			null_event(c, l, E_NONNULL, ptr_under(cur));
		return;
	}
	case CXCursor_UnaryOperator: {
		CXCursor sub = ls_cfg_first_child(cur);
		CXType t = clang_getCursorType(cur), st = clang_getCursorType(sub);
		/* & by types (also inside macro bodies) */
		CXType ct = clang_getCanonicalType(t);
		if (ct.kind == CXType_Pointer && same_type(clang_getPointeeType(ct), st)) {
			compile_maybe(c, sub, l);
			return;
		}
		compile_kids(c, cur, l);
		CXCursor d = ptr_var(sub);
		if (clang_Cursor_isNull(d))
			return;
		/* * only when spelled: `!p` has the type `*p` would have */
		char buf[16];
		const char *op = ls_cfg_operator(c->tu, cur, buf);
		if (op && !strcmp(op, "*")) {
			if (loads(t))
				null_event(c, l, E_NONNULL, d);
		} else if (!op || !strcmp(op, "++") || !strcmp(op, "--")) {
			null_event(c, l, E_KILL, d);
		}
		return;
	}
	case CXCursor_CompoundAssignOperator:
		compile_kids(c, cur, l);
		null_event(c, l, E_KILL, ptr_var(ls_cfg_first_child(cur)));
		return;
	case CXCursor_UnexposedExpr: /* also GNU `a ?: b`, __builtin_choose_expr */
	case CXCursor_ConditionalOperator: {
		unsigned n;
		CXCursor *kids = ls_cfg_children(cur, &n);
		for (unsigned i = 0; i < n; i++) {
			if (i)
				compile_maybe(c, kids[i], l);
			else
				compile(c, kids[i], l);
		}
		free(kids);
		return;
	}
	case CXCursor_UnaryExpr: /* sizeof, _Alignof */
	case CXCursor_StmtExpr:
	case CXCursor_GenericSelectionExpr:
		c->nskip++;
		compile_kids(c, cur, l);
		c->nskip--;
		return;
	case CXCursor_BinaryOperator: {
		unsigned n;
		CXCursor *kids = ls_cfg_children(cur, &n);
		char buf[16];
		const char *op = n == 2 ? ls_cfg_operator(c->tu, cur, buf) : NULL;
		if (!op && n == 2) {
			/* an operator we cannot spell: it may store to its left */
			compile(c, kids[0], l);
			compile(c, kids[1], l);
			null_event(c, l, E_KILL, ptr_var(kids[0]));
		} else if (op && (!strcmp(op, "&&") || !strcmp(op, "||"))) {
			compile(c, kids[0], l);
			compile_maybe(c, kids[1], l);
		} else if (op && !strcmp(op, "=")) {
			CXCursor rhs = ls_cfg_strip(kids[1], 1);
			char *lk = key_of(c, kids[0], NULL, NULL, NULL);
			CXCursor ocall = c->assign_call;
			int okey = c->assign_key;
			if (lk && clang_getCursorKind(rhs) == CXCursor_CallExpr) {
				c->assign_call = rhs;
				c->assign_key = intern(c, lk);
			}
			compile(c, kids[0], l);
			compile(c, kids[1], l);
			c->assign_call = ocall, c->assign_key = okey;
			value_escapes(c, kids[1], l);
			if (lk && clang_getCursorKind(rhs) == CXCursor_CallExpr)
				lastcall(c, intern(c, lk), rhs, l);
			free(lk);
			null_event(c, l, E_KILL, ptr_var(kids[0]));
		} else {
			for (unsigned i = 0; i < n; i++)
				compile(c, kids[i], l);
		}
		free(kids);
		return;
	}
	case CXCursor_VarDecl: {
		CXCursor init = last_expr_child(cur);
		if (clang_Cursor_isNull(init)) {
			null_event(c, l, E_KILL, ptr_var_decl(cur));
			return;
		}
		CXCursor rhs = ls_cfg_strip(init, 1);
		CXString s = clang_getCursorSpelling(cur);
		char *vk = ls_xasprintf("%s@%u", clang_getCString(s), decl_offset(cur));
		clang_disposeString(s);
		CXCursor ocall = c->assign_call;
		int okey = c->assign_key;
		if (clang_getCursorKind(rhs) == CXCursor_CallExpr) {
			c->assign_call = rhs;
			c->assign_key = intern(c, vk);
		}
		compile(c, init, l);
		c->assign_call = ocall, c->assign_key = okey;
		value_escapes(c, init, l);
		if (clang_getCursorKind(rhs) == CXCursor_CallExpr)
			lastcall(c, intern(c, vk), rhs, l);
		free(vk);
		null_event(c, l, E_KILL, ptr_var_decl(cur));
		return;
	}
	case CXCursor_ReturnStmt: {
		compile_kids(c, cur, l);
		value_escapes(c, ls_cfg_first_child(cur), l);
		return;
	}
	case CXCursor_InitListExpr:
	case CXCursor_CompoundLiteralExpr:
		compile_kids(c, cur, l);
		value_escapes(c, cur, l);
		return;
	default:
		compile_kids(c, cur, l);
		return;
	}
}

/* Understand a condition: which values it tests and against what. */
/*
 * A pointer compared with a parameter. A resource the function acquired
 * (event_base_new, malloc, ...) and that the path knows is not null is a
 * new object: it is equal to no pointer the function held before, in
 * particular to a parameter the function never writes, whose address it
 * never takes, and that the acquiring call was not given (realloc may
 * return its argument). So in the borrow-or-create idiom
 *     b = arg; if (!b) b = event_base_new(); ...
 *     if (b && b != arg) event_base_free(b);
 * the path that keeps b takes `b != arg` false, which it cannot. Where the
 * path has not tested the acquired pointer yet, equality means the
 * acquisition failed (both are null): nothing is held on that branch.
 */
struct param_use {
	CXTranslationUnit tu;
	CXCursor decl;
	int bad;
};

static enum CXChildVisitResult param_use_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct param_use *u = d;
	enum CXCursorKind k = clang_getCursorKind(cur);
	if (k == CXCursor_GCCAsmStmt || k == CXCursor_MSAsmStmt)
		u->bad = 1;
	CXCursor w = ls_cfg_written_var(u->tu, cur);
	if (!clang_Cursor_isNull(w) && clang_equalCursors(w, u->decl))
		u->bad = 1;
	if (k == CXCursor_UnaryOperator) {
		char buf[16];
		const char *op = ls_cfg_operator(u->tu, cur, buf);
		CXCursor s = ls_cfg_strip(ls_cfg_first_child(cur), 0);
		if (op && !strcmp(op, "&") && clang_getCursorKind(s) == CXCursor_DeclRefExpr &&
		    clang_equalCursors(clang_getCursorReferenced(s), u->decl))
			u->bad = 1;
	}
	return u->bad ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* The parameter of pointer type that e names (through casts and parens),
 * never written and its address never taken in the function; or a null
 * cursor. */
static CXCursor old_param(struct ctx *c, CXCursor e)
{
	e = ls_cfg_strip(e, 1);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	CXCursor d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_ParmDecl ||
	    clang_getCanonicalType(clang_getCursorType(d)).kind != CXType_Pointer ||
	    clang_isVolatileQualifiedType(clang_getCursorType(d)))
		return clang_getNullCursor();
	struct param_use u = {c->tu, d, 0};
	clang_visitChildren(c->fn, param_use_visit, &u);
	return u.bad ? clang_getNullCursor() : d;
}

/* Does the call cur mention the declaration in u->decl? */
static enum CXChildVisitResult mentions_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct param_use *u = d;
	if (clang_getCursorKind(cur) == CXCursor_DeclRefExpr &&
	    clang_equalCursors(clang_getCursorReferenced(cur), u->decl))
		u->bad = 1;
	return u->bad ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static struct test compile_test(struct ctx *c, CXCursor cond)
{
	struct test t;
	memset(&t, 0, sizeof t);
	t.keys[0] = t.keys[1] = -1;
	t.fact = -1;
	t.fresh_key = -1;
	t.fresh_param = clang_getNullCursor();
	t.callat = clang_getNullCursor();
	int neg = 0;
	CXCursor e = ls_cfg_strip(cond, 1);
	char buf[16];
	for (;;) {
		if (clang_getCursorKind(e) != CXCursor_UnaryOperator)
			break;
		const char *op = ls_cfg_operator(c->tu, e, buf);
		CXCursor sub = ls_cfg_first_child(e);
		/* `!` inside a macro body (ASSERT(x) is `if (!(x)) abort()`): an
		 * int-valued prefix operator on a scalar, used as a condition, is
		 * `!` — `-x`, `~x` and `+x` as conditions are vanishingly rare. */
		enum CXTypeKind sk = clang_getCanonicalType(clang_getCursorType(ls_cfg_strip(sub, 0))).kind;
		int bang = op ? !strcmp(op, "!")
			      : (clang_getCursorType(e).kind == CXType_Int &&
				 (sk == CXType_Pointer || sk == CXType_Int || sk == CXType_Long ||
				  sk == CXType_Bool));
		if (!bang)
			break;
		neg = !neg;
		e = ls_cfg_strip(sub, 1);
	}
	CXCursor operand = e;
	strcpy(t.op, "!=");
	t.k = 0;
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(e, &n);
		const char *op = n == 2 ? ls_cfg_operator(c->tu, e, buf) : NULL;
		static const char *const rel[] = {"==", "!=", "<", "<=", ">", ">="};
		static const char *const flip[] = {"==", "!=", ">", ">=", "<", "<="};
		int ri = -1;
		for (int i = 0; op && i < 6; i++)
			if (!strcmp(op, rel[i]))
				ri = i;
		if (ri >= 0) {
			for (int side = 1; side >= 0; side--) {
				CXCursor kc = ls_cfg_strip(kids[side], 1);
				enum CXCursorKind kk = clang_getCursorKind(kc);
				if (kk != CXCursor_IntegerLiteral && kk != CXCursor_UnaryOperator &&
				    kk != CXCursor_DeclRefExpr && kk != CXCursor_CharacterLiteral)
					continue;
				if (kk == CXCursor_DeclRefExpr &&
				    clang_getCursorKind(clang_getCursorReferenced(kc)) != CXCursor_EnumConstantDecl)
					continue;
				CXEvalResult r = clang_Cursor_Evaluate(kc);
				if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
					t.k = clang_EvalResult_getAsLongLong(r);
					strcpy(t.op, side == 1 ? rel[ri] : flip[ri]);
					operand = kids[1 - side];
					clang_EvalResult_dispose(r);
					t.valid = 1;
					break;
				}
				if (r)
					clang_EvalResult_dispose(r);
			}
			for (int side = 0; side < 2 && !t.valid && ri <= 1; side++) {
				CXCursor pd = old_param(c, kids[side]);
				CXCursor v = ls_cfg_strip(kids[1 - side], 1);
				if (clang_Cursor_isNull(pd) || clang_getCursorKind(v) != CXCursor_DeclRefExpr ||
				    clang_getCanonicalType(clang_getCursorType(v)).kind != CXType_Pointer)
					continue;
				char *vk = key_of(c, v, NULL, NULL, NULL);
				if (vk) {
					t.fresh_key = intern(c, vk);
					t.fresh_param = pd;
					t.fresh_eq = (uint8_t)((ri == 0) != neg);
				}
				free(vk);
				break;
			}
			if (!t.valid) {
				free(kids);
				return t;
			}
		} else if (op && strcmp(op, "=") != 0) {
			free(kids);
			return t; /* arithmetic etc.: not understood */
		}
		free(kids);
	}
	t.valid = 1;
	if (neg) {
		static const char *const rel[] = {"==", "!=", "<", "<=", ">", ">="};
		static const char *const inv[] = {"!=", "==", ">=", ">", "<=", "<"};
		for (int i = 0; i < 6; i++)
			if (!strcmp(t.op, rel[i])) {
				strcpy(t.op, inv[i]);
				break;
			}
	}
	/* the tested value: a variable, (r = call(...)), or a call */
	operand = ls_cfg_strip(operand, 1);
	if (clang_getCursorKind(operand) == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(operand, &n);
		const char *op = n == 2 ? ls_cfg_operator(c->tu, operand, buf) : NULL;
		if (op && !strcmp(op, "=")) {
			char *lk = key_of(c, kids[0], NULL, NULL, NULL);
			if (lk)
				t.keys[0] = intern(c, lk);
			free(lk);
			CXCursor rhs = ls_cfg_strip(kids[1], 1);
			if (clang_getCursorKind(rhs) == CXCursor_CallExpr) {
				char *n2 = callee(rhs);
				if (n2)
					t.callname = istr(c, n2);
				free(n2);
			}
		} else {
			t.valid = 0;
		}
		free(kids);
	} else if (clang_getCursorKind(operand) == CXCursor_CallExpr) {
		char *ck = call_key(operand);
		t.keys[0] = intern(c, ck);
		free(ck);
		char *n2 = callee(operand);
		if (n2)
			t.callname = istr(c, n2);
		t.callat = operand;
		t.callsem = sem_of_return(c, operand);
		free(n2);
	} else {
		char *k = key_of(c, operand, NULL, NULL, NULL);
		if (k)
			t.keys[0] = intern(c, k);
		else
			t.valid = 0;
		free(k);
	}
	return t;
}

/* Given that the relation (op, k) holds, does it mean failure (1),
 * success (0), or say nothing (-1) under semantics s? */
static int rel_fails(const char *op, long long k, enum sem s)
{
	int eq = !strcmp(op, "=="), ne = !strcmp(op, "!="), lt = !strcmp(op, "<"),
	    le = !strcmp(op, "<="), gt = !strcmp(op, ">"), ge = !strcmp(op, ">=");
	switch (s) {
	case SEM_NULL:
		if (k != 0)
			return -1;
		return eq ? 1 : ne ? 0 : -1;
	case SEM_NEG:
		if ((lt && k <= 0) || (le && k < 0) || (eq && k < 0))
			return 1;
		if ((ge && k >= 0) || (gt && k >= -1) || (eq && k >= 0) || (ne && k == -1))
			return 0;
		return -1;
	case SEM_NONZERO:
		if ((ne && k == 0) || (lt && k <= 0) || (le && k < 0) || (eq && k != 0))
			return 1;
		if ((eq && k == 0) || (ge && k >= 0) || (gt && k >= -1))
			return 0;
		return -1;
	default:
		return -1;
	}
}

static int branch_fails(const struct test *t, int truth, enum sem s)
{
	if (truth)
		return rel_fails(t->op, t->k, s);
	static const char *const rel[] = {"==", "!=", "<", "<=", ">", ">="};
	static const char *const inv[] = {"!=", "==", ">=", ">", "<=", "<"};
	for (int i = 0; i < 6; i++)
		if (!strcmp(t->op, rel[i]))
			return rel_fails(inv[i], t->k, s);
	return -1;
}

static int test_tests(const struct test *t, int key)
{
	return t->valid && key >= 0 && (t->keys[0] == key || t->keys[1] == key);
}

/* ------------------------------------------------------------------ */
/* Path facts                                                           */

/*
 * A path that needs a condition both true and false cannot run: `if
 * (flags & F) {...} else { acquire }` followed by `if (~flags & F)
 * release` leaks only on such a path. A fact is what a condition says of
 * a plain local or parameter that the function never writes after its
 * first test of it (written_early_only): `v`, `!v`, `v == 0`, `v !=
 * NULL`, `v & MASK`, `~v & MASK`;
 * of a field or constant element (`s->f`, `g.opts[0] & MASK`) that the
 * function writes nowhere; or, keyed by its tokens, of a condition no
 * operator of which shows (a macro's: `option_set(OPT_X)`) that calls
 * nothing and reads lvalues the function writes nowhere. Callees writing
 * them between the tests are not seen: these are configuration flags.
 * Only facts tested twice or more are tracked (the others cannot
 * contradict anything), at most MAX_FACTS per function; states differing
 * in a fact are kept apart, so a fact is never merged away. A fact on a
 * parameter tested once is tracked too (at most MAX_PARAM_FACTS), and so
 * is `p == K` on one: what a leaking path decided of the parameters is the
 * guard the link step weighs against the constants callers pass (`if
 * (from_signal) { fd = open(...); }` leaks only for a caller passing
 * nonzero).
 *
 * fact_of's *op and *k say what the fact's bit stands for: (v != 0),
 * (v & k) != 0, or v == k.
 */
/* cond without its leading `!`s; *p: 1, flipped by each. */
static CXCursor strip_nots(struct ctx *c, CXCursor cond, unsigned *p)
{
	char buf[16];
	CXCursor e = ls_cfg_strip(cond, 1);
	*p = 1;
	for (int guard = 0; guard < 8 && clang_getCursorKind(e) == CXCursor_UnaryOperator; guard++) {
		const char *op = ls_cfg_operator(c->tu, e, buf);
		if (!op || strcmp(op, "!"))
			break;
		*p = !*p;
		e = ls_cfg_strip(ls_cfg_first_child(e), 1);
	}
	return e;
}

static char *lval_fact(struct ctx *c, CXCursor cond, unsigned *pol, CXCursor *root, char op_out[3],
		       long long *k_out)
{
	unsigned p;
	char buf[16];
	CXCursor e = strip_nots(c, cond, &p);
	long long mask = 0, eqk = 0;
	int eq = 0;
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(e, &n);
		const char *op = n == 2 ? ls_cfg_operator(c->tu, e, buf) : NULL;
		CXCursor x = clang_getNullCursor();
		if (op && (!strcmp(op, "==") || !strcmp(op, "!="))) {
			for (int side = 0; side < 2; side++)
				if (is_null_const(kids[side]))
					x = kids[1 - side];
			for (int side = 0; side < 2 && clang_Cursor_isNull(x); side++) {
				CXCursor kc = ls_cfg_strip(kids[side], 1);
				enum CXCursorKind kk = clang_getCursorKind(kc);
				if (kk != CXCursor_IntegerLiteral && kk != CXCursor_CharacterLiteral &&
				    !(kk == CXCursor_DeclRefExpr &&
				      clang_getCursorKind(clang_getCursorReferenced(kc)) == CXCursor_EnumConstantDecl))
					continue;
				CXEvalResult r = clang_Cursor_Evaluate(kc);
				if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
					eqk = clang_EvalResult_getAsLongLong(r);
					eq = 1;
					x = kids[1 - side];
				}
				if (r)
					clang_EvalResult_dispose(r);
			}
			/* the bit is v != 0, or v == K */
			if ((strcmp(op, "==") == 0) != eq)
				p = !p;
		} else if (op && !strcmp(op, "&")) {
			for (int side = 0; side < 2 && clang_Cursor_isNull(x); side++) {
				CXEvalResult r = clang_Cursor_Evaluate(kids[side]);
				if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
					mask = clang_EvalResult_getAsLongLong(r);
					x = ls_cfg_strip(kids[1 - side], 1);
				}
				if (r)
					clang_EvalResult_dispose(r);
			}
			const char *op2 = clang_getCursorKind(x) == CXCursor_UnaryOperator
						  ? ls_cfg_operator(c->tu, x, buf) : NULL;
			if (op2 && !strcmp(op2, "~")) {
				p = !p;
				x = ls_cfg_first_child(x);
			}
		}
		free(kids);
		if (clang_Cursor_isNull(x) || (op && !strcmp(op, "&") && !mask))
			return NULL;
		e = ls_cfg_strip(x, 1);
	}
	enum CXCursorKind ek = clang_getCursorKind(e);
	if (ek != CXCursor_DeclRefExpr && ek != CXCursor_MemberRefExpr &&
	    ek != CXCursor_ArraySubscriptExpr)
		return NULL;
	char *k = key_of(NULL, e, NULL, root, NULL); /* a flag, not a pointer's target */
	if (ek != CXCursor_DeclRefExpr)
		*root = e; /* the lvalue: facts_prepare asks what it reads */
	*pol = p;
	strcpy(op_out, mask ? "&" : eq ? "==" : "!=");
	*k_out = mask ? mask : eq ? eqk : 0;
	if (!k || (!mask && !eq))
		return k;
	char *km = mask ? ls_xasprintf("%s&%lld", k, mask) : ls_xasprintf("%s==%lld", k, eqk);
	free(k);
	return km;
}

/* A condition spelled by a macro (`option_set(OPT_DEBUG)`, expanding to
 * `(opts[OPT_DEBUG / 32] & (1u << OPT_DEBUG % 32))`), whose operators the
 * tokens of the expansion do not show: its fact is its spelling and the
 * variables it reads, when it calls nothing; facts_prepare then asks that
 * the function write none of those variables (nor anything inside them). */
struct macro_fact {
	struct ls_buf key;
	int calls;
};

static enum CXChildVisitResult macro_fact_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct macro_fact *m = d;
	enum CXCursorKind k = clang_getCursorKind(cur);
	if (k == CXCursor_CallExpr || k == CXCursor_CompoundAssignOperator) {
		m->calls = 1;
		return CXChildVisit_Break;
	}
	if (k == CXCursor_DeclRefExpr) {
		CXCursor r = clang_getCursorReferenced(cur);
		if (clang_getCursorKind(r) == CXCursor_VarDecl || clang_getCursorKind(r) == CXCursor_ParmDecl)
			ls_buf_addf(&m->key, "|%u", decl_offset(r));
	}
	return CXChildVisit_Recurse;
}

static char *macro_fact_of(struct ctx *c, CXCursor cond, unsigned *pol, CXCursor *root)
{
	unsigned p;
	CXCursor e = strip_nots(c, cond, &p);
	struct macro_fact m = {{0}, 0};
	CXToken *toks = NULL;
	unsigned nt = 0;
	/* In a macro the extent starts where the body is spelled: start at the
	 * invocation instead, so the tokens are the invocation's. */
	CXSourceRange ext = clang_getCursorExtent(e);
	CXFile file;
	unsigned line, col;
	clang_getExpansionLocation(clang_getRangeStart(ext), &file, &line, &col, NULL);
	clang_tokenize(c->tu, clang_getRange(clang_getLocation(c->tu, file, line, col), clang_getRangeEnd(ext)),
		       &toks, &nt);
	ls_buf_puts(&m.key, "macro:");
	for (unsigned i = 0; i < nt; i++) {
		CXString t = clang_getTokenSpelling(c->tu, toks[i]);
		ls_buf_addf(&m.key, "%s ", clang_getCString(t));
		clang_disposeString(t);
	}
	clang_disposeTokens(c->tu, toks, nt);
	clang_visitChildren(e, macro_fact_visit, &m);
	if (m.calls || !nt) {
		ls_buf_free(&m.key);
		return NULL;
	}
	*pol = p;
	*root = e;
	return ls_buf_steal(&m.key);
}

static char *fact_of(struct ctx *c, CXCursor cond, unsigned *pol, CXCursor *root, char op[3],
		     long long *k)
{
	char *key = lval_fact(c, cond, pol, root, op, k);
	return key ? key : macro_fact_of(c, cond, pol, root);
}

/* The index of the parameter of c->fn that decl is, or -1. */
static int param_of(struct ctx *c, CXCursor decl)
{
	if (clang_getCursorKind(decl) != CXCursor_ParmDecl)
		return -1;
	int n = clang_Cursor_getNumArguments(c->fn);
	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(c->fn, (unsigned)i), decl))
			return i;
	return -1;
}

struct written {
	CXTranslationUnit tu;
	CXCursor decl;     /* a fact on a plain variable: that variable */
	char *keys[16];    /* a fact on fields, elements or a macro's spelling:
			    * the lvalues it reads, innermost containers left out */
	unsigned nkeys;
	CXCursor vars[16]; /* ... and the variables they lie in */
	unsigned nvars;
	int yes;
};

static int is_var_of(const struct written *w, CXCursor d)
{
	for (unsigned i = 0; i < w->nvars; i++)
		if (clang_equalCursors(w->vars[i], d))
			return 1;
	return 0;
}

static enum CXChildVisitResult reads_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct written *w = d;
	enum CXCursorKind k = clang_getCursorKind(cur);
	if (k == CXCursor_DeclRefExpr && w->nvars < 16) {
		CXCursor r = clang_getCursorReferenced(cur);
		if ((clang_getCursorKind(r) == CXCursor_VarDecl || clang_getCursorKind(r) == CXCursor_ParmDecl) &&
		    !is_var_of(w, r))
			w->vars[w->nvars++] = r;
	}
	if ((k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr) &&
	    w->nkeys < 16) {
		char *key = key_of(NULL, cur, NULL, NULL, NULL);
		if (key)
			w->keys[w->nkeys++] = key;
	}
	return CXChildVisit_Recurse;
}

/* Leave out the keys that contain another one: `s->opts[0]` is read, not
 * all of *s (so a write to s->other does not count). */
static void reads_outermost(struct written *w)
{
	unsigned n = 0;
	for (unsigned i = 0; i < w->nkeys; i++) {
		int inner = 0;
		for (unsigned j = 0; j < w->nkeys && !inner; j++)
			inner = j != i && strcmp(w->keys[i], w->keys[j]) && covers(w->keys[i], w->keys[j]);
		if (inner)
			free(w->keys[i]);
		else
			w->keys[n++] = w->keys[i];
	}
	w->nkeys = n;
}

/* The lvalue an assignment, ++/-- or & writes (or may write), or null. */
static CXCursor written_lhs(CXTranslationUnit tu, CXCursor op)
{
	enum CXCursorKind k = clang_getCursorKind(op);
	char buf[16];
	const char *o = k == CXCursor_CompoundAssignOperator ? "="
			: k == CXCursor_BinaryOperator || k == CXCursor_UnaryOperator
				? ls_cfg_operator(tu, op, buf) : NULL;
	int write = o && (k == CXCursor_UnaryOperator
				  ? !strcmp(o, "++") || !strcmp(o, "--") || !strcmp(o, "&")
				  : !strcmp(o, "="));
	return write ? ls_cfg_first_child(op) : clang_getNullCursor();
}

static enum CXChildVisitResult written_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct written *w = d;
	CXCursor wv = ls_cfg_written_var(w->tu, cur);
	if (!clang_Cursor_isNull(wv) && (clang_equalCursors(wv, w->decl) || is_var_of(w, wv))) {
		w->yes = 1;
		return CXChildVisit_Break;
	}
	CXCursor lhs = w->nkeys ? written_lhs(w->tu, cur) : clang_getNullCursor();
	if (clang_Cursor_isNull(lhs))
		return CXChildVisit_Recurse;
	CXCursor root;
	char *k = key_of(NULL, lhs, NULL, &root, NULL);
	/* a[i] = ...: the write lies somewhere in a */
	for (int guard = 0; !k && guard < 8 && clang_getCursorKind(ls_cfg_strip(lhs, 1)) == CXCursor_ArraySubscriptExpr;
	     guard++) {
		lhs = ls_cfg_first_child(ls_cfg_strip(lhs, 1));
		k = key_of(NULL, lhs, NULL, &root, NULL);
	}
	if (!k) {
		/* a write we cannot name (a[i] = ...) into one of the variables */
		struct written in = {w->tu, clang_getNullCursor(), {0}, 0, {{0}}, 0, 0};
		clang_visitChildren(lhs, reads_visit, &in);
		for (unsigned i = 0; i < in.nvars && !w->yes; i++)
			w->yes = is_var_of(w, in.vars[i]);
		for (unsigned i = 0; i < in.nkeys; i++)
			free(in.keys[i]);
	}
	for (unsigned i = 0; k && i < w->nkeys && !w->yes; i++)
		w->yes = covers(k, w->keys[i]) || covers(w->keys[i], k);
	free(k);
	return w->yes ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* A plain variable written before it is first tested, and not after:
 * `int do_x = 0; if (mode == M) do_x = 1; ... if (do_x) acquire; ... if
 * (do_x) release;` decides the same way at every test. Only stores
 * (`=`, `op=`, `++`, `--`) count as early; its address taken anywhere, a
 * store at or after the first test, or one inside a loop statement or
 * under a backward goto that also holds the first test (it may run again
 * after the test) leaves it no fact. */
struct early {
	CXTranslationUnit tu;
	CXCursor decl;
	unsigned first;        /* offset of the first test */
	unsigned loops[32][2]; /* extents of the loop statements holding the first test */
	unsigned nloops;
	int late;
};

static unsigned offset_of(CXSourceLocation l)
{
	unsigned off;
	clang_getExpansionLocation(l, NULL, NULL, NULL, &off);
	return off;
}

static enum CXChildVisitResult early_loops_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct early *e = d;
	enum CXCursorKind k = clang_getCursorKind(cur);
	CXSourceRange r = clang_getCursorExtent(cur);
	unsigned a = offset_of(clang_getRangeStart(r)), z = offset_of(clang_getRangeEnd(r));
	if ((k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt) && a <= e->first &&
	    e->first <= z && e->nloops < 32) {
		e->loops[e->nloops][0] = a;
		e->loops[e->nloops++][1] = z;
	}
	if (k == CXCursor_GotoStmt) {
		/* a backward goto holding the first test: a loop of its own */
		unsigned lab = offset_of(clang_getCursorLocation(clang_getCursorReferenced(cur)));
		if (lab <= e->first && e->first <= a && e->nloops < 32) {
			e->loops[e->nloops][0] = lab;
			e->loops[e->nloops++][1] = a;
		}
	}
	return CXChildVisit_Recurse;
}

static enum CXChildVisitResult early_writes_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct early *e = d;
	if (!clang_equalCursors(ls_cfg_written_var(e->tu, cur), e->decl))
		return CXChildVisit_Recurse;
	char buf[16];
	const char *op = clang_getCursorKind(cur) == CXCursor_UnaryOperator ? ls_cfg_operator(e->tu, cur, buf) : NULL;
	unsigned at = offset_of(clang_getCursorLocation(cur));
	e->late = (op && !strcmp(op, "&")) || at >= e->first;
	for (unsigned i = 0; i < e->nloops && !e->late; i++)
		e->late = e->loops[i][0] <= at && at <= e->loops[i][1];
	return e->late ? CXChildVisit_Break : CXChildVisit_Continue;
}

static int written_early_only(struct ctx *c, CXCursor decl, unsigned first)
{
	struct early e = {c->tu, decl, first, {{0}}, 0, 0};
	clang_visitChildren(c->fn, early_loops_visit, &e);
	clang_visitChildren(c->fn, early_writes_visit, &e);
	return !e.late;
}

/*
 * Null facts. A local pointer or parameter p that the path dereferences
 * (`p->f`, `*p`, `p[i]`, evaluated for sure: not under sizeof or &, nor
 * on the right of && || or in an arm of ?:) is not null after that until
 * the path stores to p, so a later `!p` or `p == NULL` takes only its
 * false side; a test of p decides the next test of p the same way. Such a
 * fact is p != 0, keyed as lval_fact keys `p != NULL`; unlike the others
 * p may be written: E_NONNULL events set it, E_KILL events (a store, ++,
 * a declaration run again) forget it, so a loop's `p = p->next` before its
 * `p != NULL` leaves only what that test said. p qualifies when nothing
 * else can write it: its address is never taken, it is not volatile, and
 * the function has no asm. Tracked when p is tested twice, or tested once
 * and dereferenced somewhere, within MAX_FACTS. A parameter fact (see
 * param_guards) takes the events too only when p is never written.
 */
struct null_use {
	struct ctx *c;
	CXCursor decl;
	int addr, outs, written, asm_;
	int ask_written; /* a parameter fact: is it written anywhere? */
};

static enum CXChildVisitResult null_use_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	(void)parent;
	struct null_use *u = d;
	enum CXCursorKind k = clang_getCursorKind(cur);
	if (k == CXCursor_GCCAsmStmt || k == CXCursor_MSAsmStmt) {
		u->asm_ = 1;
		return CXChildVisit_Break;
	}
	if (k == CXCursor_CallExpr) {
		CXCursor outs[4];
		unsigned no = out_param_vars(u->c, cur, outs, 4);
		for (unsigned i = 0; i < no; i++)
			u->outs += clang_equalCursors(outs[i], u->decl);
	}
	if (k == CXCursor_UnaryOperator) {
		CXCursor sub = ls_cfg_first_child(cur);
		CXCursor s = ls_cfg_strip(sub, 0);
		CXType t = clang_getCanonicalType(clang_getCursorType(cur));
		if (clang_getCursorKind(s) == CXCursor_DeclRefExpr &&
		    clang_equalCursors(clang_getCursorReferenced(s), u->decl) && t.kind == CXType_Pointer &&
		    same_type(clang_getPointeeType(t), clang_getCursorType(sub)))
			u->addr++;
	}
	CXCursor w = u->ask_written ? ls_cfg_written_var(u->c->tu, cur) : clang_getNullCursor();
	if (!clang_Cursor_isNull(w) && clang_equalCursors(w, u->decl))
		u->written = 1;
	return CXChildVisit_Recurse;
}

/* The pointer a null test tests (`p`, `!p`, `p == NULL`, `(p = e) != NULL`),
 * and in *pol the value of p != 0 on its true side; or a null cursor. */
static CXCursor null_test_of(struct ctx *c, CXCursor cond, unsigned *pol)
{
	unsigned p;
	char buf[16];
	CXCursor e = strip_nots(c, cond, &p);
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(e, &n);
		const char *op = n == 2 ? ls_cfg_operator(c->tu, e, buf) : NULL;
		CXCursor x = clang_getNullCursor();
		if (op && (!strcmp(op, "==") || !strcmp(op, "!="))) {
			for (int side = 0; side < 2; side++)
				if (is_null_const(kids[side]))
					x = kids[1 - side];
			if (!strcmp(op, "=="))
				p = !p;
		} else if (op && !strcmp(op, "=")) {
			x = e;
		}
		free(kids);
		if (clang_Cursor_isNull(x))
			return x;
		e = ls_cfg_strip(x, 1);
		/* (p = e): the value tested is the one stored */
		if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
			kids = ls_cfg_children(e, &n);
			op = n == 2 ? ls_cfg_operator(c->tu, e, buf) : NULL;
			x = op && !strcmp(op, "=") ? kids[0] : clang_getNullCursor();
			free(kids);
			if (clang_Cursor_isNull(x))
				return x;
			e = x;
		}
	}
	*pol = p;
	return ptr_var(e);
}

static void null_facts_choose(struct ctx *c, unsigned nb, char **facts, unsigned *nfacts)
{
	/* per block: the pointer its test tests (its key, -1 if none) */
	int *tk = ls_xcalloc(nb, sizeof *tk);
	unsigned *pol = ls_xcalloc(nb, sizeof *pol);
	CXCursor *decl = ls_xcalloc(nb, sizeof *decl);
	for (unsigned b = 0; b < nb; b++) {
		tk[b] = -1;
		for (unsigned e = 0; e < c->g->blocks[b].nsucc; e++)
			if (c->g->blocks[b].succ[e].kind == LS_CFG_EDGE_TRUE) {
				decl[b] = null_test_of(c, c->g->blocks[b].succ[e].cond, &pol[b]);
				break;
			}
		if (clang_Cursor_isNull(decl[b]))
			continue;
		CXString sp = clang_getCursorSpelling(decl[b]);
		char *key = ls_xasprintf("%s@%u", clang_getCString(sp), decl_offset(decl[b]));
		clang_disposeString(sp);
		tk[b] = intern(c, key);
		free(key);
	}
	for (unsigned b = 0; b < nb; b++) {
		if (tk[b] < 0)
			continue;
		int ki = tk[b], idx = -1;
		const char *key = c->strs[ki];
		for (unsigned i = 0; i < *nfacts; i++)
			if (!strcmp(facts[i], key))
				idx = (int)i;
		/* decided once per pointer, at its first test: tested again,
		 * or dereferenced somewhere */
		int again = 0;
		for (unsigned b2 = b + 1; b2 < nb && !again; b2++)
			again = tk[b2] == ki;
		for (unsigned b2 = 0; b2 < nb && !again; b2++)
			for (unsigned i = 0; i < c->nev[b2]; i++)
				again |= c->ev[b2][i].k == E_NONNULL && c->ev[b2][i].key == ki;
		int param = idx >= 0 && (c->pbits & (1u << idx));
		struct null_use u = {c, decl[b], 0, 0, 0, 0, param};
		if (again && (idx >= 0 || *nfacts < MAX_FACTS))
			clang_visitChildren(c->fn, null_use_visit, &u);
		int ok = again && (idx >= 0 || *nfacts < MAX_FACTS) && u.addr <= u.outs && !u.asm_ && !u.written &&
			 !clang_isVolatileQualifiedType(clang_getCursorType(decl[b]));
		if (ok) {
			if (idx < 0) {
				idx = (int)(*nfacts)++;
				facts[idx] = ls_xstrdup(key);
			}
			c->nbits |= 1u << idx;
			c->nkey[idx] = ki;
			c->null_used = 1;
		}
		for (unsigned b2 = b; b2 < nb; b2++)
			if (tk[b2] == ki) {
				if (ok) {
					c->tests[b2].fact = idx;
					c->tests[b2].fact_pol = (uint8_t)pol[b2];
				}
				tk[b2] = -1;
			}
	}
	free(tk);
	free(pol);
	free(decl);
}

static void null_facts(struct ctx *c, unsigned nb, char **facts, unsigned *nfacts)
{
	c->nbits = 0;
	c->null_used = 0;
	if (c->null_facts)
		null_facts_choose(c, nb, facts, nfacts);
	/* the events now name the fact (-1: none) */
	for (unsigned b = 0; b < nb; b++)
		for (unsigned i = 0; i < c->nev[b]; i++) {
			struct event *e = &c->ev[b][i];
			if (e->k != E_NONNULL && e->k != E_KILL)
				continue;
			int f = -1;
			for (unsigned j = 0; j < MAX_FACTS && f < 0; j++)
				if ((c->nbits & (1u << j)) && c->nkey[j] == e->key)
					f = (int)j;
			e->key = f;
		}
}

/* Give each block's test its fact (c->tests must be compiled). */
static void facts_prepare(struct ctx *c, unsigned nb)
{
	char **keys = ls_xcalloc(nb, sizeof *keys);
	unsigned *pols = ls_xcalloc(nb, sizeof *pols);
	CXCursor *roots = ls_xcalloc(nb, sizeof *roots);
	unsigned *at = ls_xcalloc(nb, sizeof *at);
	char (*ops)[3] = ls_xcalloc(nb, sizeof *ops);
	long long *ks = ls_xcalloc(nb, sizeof *ks);
	for (unsigned b = 0; b < nb; b++) {
		const struct ls_cfg_block *blk = &c->g->blocks[b];
		strcpy(ops[b], "!=");
		for (unsigned e = 0; e < blk->nsucc; e++)
			if (blk->succ[e].kind == LS_CFG_EDGE_TRUE) {
				keys[b] = fact_of(c, blk->succ[e].cond, &pols[b], &roots[b], ops[b], &ks[b]);
				at[b] = offset_of(clang_getCursorLocation(blk->succ[e].cond));
				break;
			}
	}
	char *facts[MAX_FACTS];
	unsigned nfacts = 0, nparam_only = 0;
	c->pbits = 0;
	c->param_only = 0;
	for (unsigned b = 0; b < nb; b++) {
		if (!keys[b])
			continue;
		int idx = -1, again = 0;
		for (unsigned i = 0; i < nfacts; i++)
			if (!strcmp(facts[i], keys[b]))
				idx = (int)i;
		for (unsigned b2 = 0; b2 < nb && idx < 0 && !again; b2++)
			again = b2 != b && keys[b2] && !strcmp(keys[b2], keys[b]);
		/* (v == K is a fact only as a parameter guard) */
		again &= strcmp(ops[b], "==") != 0;
		int param = idx < 0 && c->mode == M_FUNC ? param_of(c, roots[b]) : -1;
		int only = !again && param >= 0 && c->param_facts && nparam_only < MAX_PARAM_FACTS;
		if (idx < 0 && (again || only) && nfacts < MAX_FACTS) {
			/* a plain variable's fact names it; one on fields, elements
			 * or a macro's spelling, the lvalues it reads */
			int plain = strncmp(keys[b], "macro:", 6) && !strpbrk(keys[b], ".[(");
			struct written w = {c->tu, plain ? roots[b] : clang_getNullCursor(), {0}, 0, {{0}}, 0, 0};
			if (!plain) {
				reads_visit(roots[b], clang_getNullCursor(), &w);
				clang_visitChildren(roots[b], reads_visit, &w);
				if (w.nkeys == 0 && !strncmp(keys[b], "macro:", 6))
					w.yes = w.nvars == 0; /* reads nothing we can name */
				reads_outermost(&w);
			}
			if (!w.yes)
				clang_visitChildren(c->fn, written_visit, &w);
			if (w.yes && plain) {
				unsigned first = at[b];
				for (unsigned b2 = 0; b2 < nb; b2++)
					if (keys[b2] && !strcmp(keys[b2], keys[b]) && at[b2] < first)
						first = at[b2];
				w.yes = !written_early_only(c, roots[b], first);
			}
			for (unsigned i = 0; i < w.nkeys; i++)
				free(w.keys[i]);
			if (!w.yes) {
				idx = (int)nfacts;
				facts[nfacts++] = keys[b];
				nparam_only += (unsigned)!again;
				c->param_only |= !again;
				if (param >= 0) {
					c->pbits |= 1u << idx;
					c->pfact[idx].param = param;
					memcpy(c->pfact[idx].op, ops[b], sizeof ops[b]);
					c->pfact[idx].k = ks[b];
					c->pfact[idx].decl = roots[b];
				}
			}
		}
		if (idx >= 0) {
			c->tests[b].fact = idx;
			c->tests[b].fact_pol = (uint8_t)pols[b];
		}
	}
	unsigned nflag = nfacts;
	null_facts(c, nb, facts, &nfacts);
	for (unsigned i = nflag; i < nfacts; i++)
		free(facts[i]);
	for (unsigned b = 0; b < nb; b++)
		free(keys[b]);
	free(keys);
	free(pols);
	free(roots);
	free(at);
	free(ops);
	free(ks);
}

/* ------------------------------------------------------------------ */
/* States                                                               */

static struct state *st_new(struct ctx *c)
{
	struct state *s = ls_xcalloc(1, sizeof *s);
	s->r = ls_xcalloc(c->nres ? c->nres : 1, sizeof *s->r);
	s->failed = ls_xcalloc(c->nres ? c->nres : 1, sizeof *s->failed);
	s->pname = ls_xcalloc(c->nres ? c->nres : 1, sizeof *s->pname);
	for (unsigned i = 0; i < c->nres; i++)
		s->r[i].pend = -1;
	s->lastkey = -1;
	return s;
}

static struct state *st_copy(struct ctx *c, const struct state *o)
{
	struct state *s = st_new(c);
	memcpy(s->r, o->r, c->nres * sizeof *s->r);
	memcpy(s->failed, o->failed, c->nres * sizeof *s->failed);
	memcpy(s->pname, o->pname, c->nres * sizeof *s->pname);
	memcpy(s->conds, o->conds, sizeof s->conds);
	memcpy(s->truth, o->truth, sizeof s->truth);
	s->nconds = o->nconds;
	s->lastkey = o->lastkey;
	s->lastcall = o->lastcall;
	s->lastsem = o->lastsem;
	s->lastat = o->lastat;
	s->fknown = o->fknown;
	s->fval = o->fval;
	s->oom = o->oom;
	return s;
}

static void st_free(struct state *s)
{
	free(s->r);
	free(s->failed);
	free(s->pname);
	free(s);
}

/* Add s to block b's set (taking ownership); returns 1 if it was new. */
static int sset_add(struct ctx *c, unsigned b, struct state *s)
{
	struct sset *set = &c->in_[b];
	for (unsigned i = 0; i < set->n; i++)
		if (!memcmp(set->v[i]->r, s->r, c->nres * sizeof *s->r) &&
		    set->v[i]->fknown == s->fknown && set->v[i]->fval == s->fval &&
		    set->v[i]->oom == s->oom) {
			st_free(s);
			return 0;
		}
	if (set->n >= MAX_STATES) {
		c->overflow = 1;
		st_free(s);
		return 0;
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 4;
		set->v = ls_xrealloc(set->v, set->cap * sizeof *set->v);
	}
	set->v[set->n++] = s;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Handing findings to the rule (analyzer/rules/resources.c)            */

static char *what_of(struct ctx *c, struct res *r)
{
	struct spec *sp = r->spec >= 0 ? &c->m->specs[r->spec] : NULL;
	if (sp && sp->what)
		return ls_xstrdup(sp->what);
	/* the type of the handle: pointee of &h / of a pointer */
	CXType t = clang_getCursorType(r->site);
	if (sp && sp->arg >= 0) {
		int na = clang_Cursor_getNumArguments(r->site);
		if (sp->arg < na)
			t = clang_getCursorType(ls_cfg_strip(clang_Cursor_getArgument(r->site, (unsigned)sp->arg), 1));
	}
	if (t.kind == CXType_Pointer)
		t = clang_getPointeeType(t);
	CXString s = clang_getTypeSpelling(t);
	char *w = ls_xstrdup(clang_getCString(s));
	clang_disposeString(s);
	return w;
}

/*
 * A leak's parameter guards for the link step: {usr, ways: [[{param, op,
 * k, name}, ...], ...]}, one list per way the function leaks it (the
 * parameter facts its leaking paths decided), or NULL when a way needs
 * none. The link step holds the leak when every call from loop context
 * makes each way's list false.
 */
static json_t *param_guards(struct ctx *c, const struct res *rs)
{
	if (rs->unguarded || !rs->nways)
		return NULL;
	json_t *ways = json_array();
	for (unsigned w = 0; w < rs->nways; w++) {
		json_t *g = json_array();
		for (unsigned f = 0; f < MAX_FACTS; f++) {
			if (!(rs->ways[w][0] & (1u << f)))
				continue;
			const char *op = c->pfact[f].op;
			if (!(rs->ways[w][1] & (1u << f)))
				op = !strcmp(op, "&") ? "!&" : !strcmp(op, "==") ? "!=" : "==";
			CXString n = clang_getCursorSpelling(c->pfact[f].decl);
			json_array_append_new(g, json_pack("{s:i, s:s, s:I, s:s}", "param", c->pfact[f].param,
							   "op", op, "k", (json_int_t)c->pfact[f].k, "name",
							   clang_getCString(n)));
			clang_disposeString(n);
		}
		json_array_append_new(ways, g);
	}
	CXString u = clang_getCursorUSR(c->fn);
	json_t *o = json_pack("{s:s, s:o}", "usr", clang_getCString(u), "ways", ways);
	clang_disposeString(u);
	return o;
}

static struct ls_res_path path_of(struct ctx *c, const struct state *s, CXCursor term)
{
	struct ls_res_path p = {s->conds, s->truth, s->nconds, term, c->g->body};
	return p;
}

/* Can the acquisition of resource r run twice in one call of the
 * function: does a block holding it lie on a cycle of the CFG (a loop
 * statement, or a backward goto)? */
static int acq_repeats(const struct ctx *c, unsigned r)
{
	const struct ls_cfg *g = c->g;
	int repeats = 0;
	unsigned char *seen = ls_xcalloc(g->nblocks + 1, 1);
	unsigned *stack = ls_xcalloc(g->nblocks + 1, sizeof *stack);
	for (unsigned b = 0; b < g->nblocks && !repeats; b++) {
		int here = 0;
		for (unsigned i = 0; i < c->nev[b] && !here; i++)
			here = c->ev[b][i].k == E_ACQ && c->ev[b][i].r == (int)r;
		if (!here)
			continue;
		/* does b reach itself? */
		memset(seen, 0, g->nblocks);
		unsigned n = 0;
		stack[n++] = b;
		while (n && !repeats) {
			const struct ls_cfg_block *blk = &g->blocks[stack[--n]];
			for (unsigned e = 0; e < blk->nsucc && !repeats; e++) {
				unsigned to = blk->succ[e].to;
				if (to == b)
					repeats = 1;
				else if (to < g->nblocks && !seen[to]) {
					seen[to] = 1;
					stack[n++] = to;
				}
			}
		}
	}
	free(stack);
	free(seen);
	return repeats;
}

/* Report resource r, held on state s at exit term (or freed at freed_at
 * while held), once per resource. */
static void report_leak(struct ctx *c, unsigned r, const struct state *s, CXCursor term,
			CXCursor freed_at, int again)
{
	struct res *rs = &c->res[r];
	if (rs->reported)
		return;
	rs->reported = 1;
	if (rs->kind == R_BUF) {
		struct ls_res_bufleak b = {rs->site, c->fname, c->buf_alloc, path_of(c, s, term)};
		if (c->rep->buffer_leak)
			c->rep->buffer_leak(c->in, &b);
		return;
	}
	struct spec *sp = &c->m->specs[rs->spec];
	char *what = what_of(c, rs);
	char *n = callee(rs->site);
	/* both ends of pipe(fds) leaking on the same path: one finding */
	struct ls_buf names = {0};
	ls_buf_addf(&names, "'%s'", rs->disp);
	int plural = 0;
	for (unsigned j = 0; j < c->nres; j++)
		if (j != r && !c->res[j].reported && c->res[j].kind == R_ACQ &&
		    clang_equalCursors(c->res[j].site, rs->site) && s->r[j].st == S_HELD) {
			c->res[j].reported = 1;
			ls_buf_addf(&names, " and '%s'", c->res[j].disp);
			plural = 1;
		}
	json_t *guards = param_guards(c, rs);
	struct ls_res_leak l = {
		.site = rs->site, .callee = n ? n : "?", .what = what, .names = names.s,
		.first = rs->disp, .plural = plural, .acquired = sp->acquired,
		.released = sp->released, .failed = s->failed[r], .by_arg = sp->arg >= 0,
		.freed_at = freed_at, .again = again, .model = sp->model, .path = path_of(c, s, term),
		.guards = guards, .repeats = again || acq_repeats(c, r),
	};
	if (c->rep->leak)
		c->rep->leak(c->in, c->fname, &l);
	json_decref(guards);
	ls_buf_free(&names);
	free(what);
	free(n);
}

static void report_close_then_free(struct ctx *c, unsigned r, CXCursor at)
{
	unsigned line, col;
	char *file = ls_cursor_location(at, &line, &col);
	char *id = ls_xasprintf("%s:%u:%u", file, line, col);
	free(file);
	if (!c->seen_frees)
		c->seen_frees = json_object();
	if (json_object_get(c->seen_frees, id)) {
		free(id);
		return;
	}
	json_object_set_new(c->seen_frees, id, json_true());
	free(id);
	struct res *rs = &c->res[r];
	struct ls_res_close_free cf = {at, rs->site, rs->disp, rs->callee, rs->cbname};
	if (c->rep->close_then_free)
		c->rep->close_then_free(c->in, c->fname, &cf);
}

/* ------------------------------------------------------------------ */
/* Dataflow                                                             */

static void keep_leak(struct ctx *c, unsigned i, const struct state *s, CXCursor term, int again);

static void apply(struct ctx *c, struct state *s, const struct event *e)
{
	struct rstate *r = e->r >= 0 ? &s->r[e->r] : NULL;
	switch (e->k) {
	case E_ACQ:
		/* still held from the previous iteration of a loop: that one leaks */
		if (r->st == S_HELD && c->mode == M_FUNC && c->res[e->r].kind == R_ACQ &&
		    !c->no_exit_leaks && !c->m->specs[c->res[e->r].spec].at_free)
			keep_leak(c, (unsigned)e->r, s, c->res[e->r].site, 1);
		r->st = S_HELD;
		r->pend = -1;
		s->failed[e->r] = NULL;
		if (c->res[e->r].result && c->res[e->r].fails != SEM_NONE) {
			r->pend = (int16_t)intern(c, c->res[e->r].result);
			r->sem = c->res[e->r].fails;
			r->fail_st = S_NONE;
			s->pname[e->r] = NULL;
		}
		break;
	case E_REL:
		r->st = S_REL;
		r->pend = -1;
		break;
	case E_CLOSING:
		r->st = S_CLOSING;
		break;
	case E_ESC:
		if (r->st == S_HELD) {
			r->st = S_ESC;
			r->pend = -1;
		}
		break;
	case E_REG:
		if (r->st == S_HELD) {
			r->st = S_ESC;
			r->pend = -1;
			if (e->key >= 0 && e->sem != SEM_NONE) {
				r->pend = (int16_t)e->key;
				r->sem = e->sem;
				r->fail_st = S_HELD;
				s->pname[e->r] = e->name;
			}
		}
		break;
	case E_FREE:
		if (r->st == S_CLOSING && c->mode == M_FUNC)
			report_close_then_free(c, (unsigned)e->r, e->at);
		else if (r->st == S_HELD && c->res[e->r].kind == R_ACQ &&
			 c->m->specs[c->res[e->r].spec].at_free && c->mode == M_FUNC) {
			c->res[e->r].unguarded = 1;
			report_leak(c, (unsigned)e->r, s, clang_getNullCursor(), e->at, 0);
		}
		if (r->st == S_HELD && c->res[e->r].kind == R_ACQ && c->m->specs[c->res[e->r].spec].at_free)
			r->st = S_REL;
		break;
	case E_LOOPRUN:
		for (unsigned i = 0; i < c->nres; i++)
			if (s->r[i].st == S_CLOSING)
				s->r[i].st = S_REL;
		break;
	case E_NONNULL:
		if (e->key >= 0) {
			s->fknown |= 1u << e->key;
			s->fval |= 1u << e->key;
		}
		break;
	case E_KILL:
		if (e->key >= 0) {
			s->fknown &= ~(1u << e->key);
			s->fval &= ~(1u << e->key);
		}
		break;
	case E_LASTCALL:
		s->lastkey = e->key;
		s->lastcall = e->name;
		s->lastsem = e->sem;
		s->lastat = e->at;
		break;
	}
}

/* The expression a `from` object call (fileno(f)) views, else e itself. */
static CXCursor view_of(struct ctx *c, CXCursor e)
{
	for (int guard = 0; guard < 4; guard++) {
		CXCursor s = ls_cfg_strip(e, 1);
		char *n = clang_getCursorKind(s) == CXCursor_CallExpr ? callee(s) : NULL;
		int from = -1;
		size_t i;
		const json_t *v;
		unsigned na = 0;
		CXCursor *args = n ? call_args(s, &na) : NULL;
		json_array_foreach(c->m->views, i, v) if (n && from < 0 && entry_matches(v, "call", n))
			from = model_arg(v, "from", na);
		CXCursor next = from >= 0 ? args[from] : clang_getNullCursor();
		free(args);
		free(n);
		if (from < 0)
			return s;
		e = next;
	}
	return e;
}

/* The path takes the failure of call `failed` (at failed_at): when the
 * models list it as failing on a held resource only for want of memory
 * (fstat on an open descriptor) and its argument is one this path holds,
 * mark the path: a leak on it happens in practice only then, so it is the
 * last one to show as a leak's witness (keep_leak). */
static void oom_failure(struct ctx *c, struct state *s, const char *failed, CXCursor failed_at)
{
	if (clang_Cursor_isNull(failed_at) || !(classify(c->m, failed)->flags & C_OOMHELD))
		return;
	unsigned na;
	CXCursor *args = call_args(failed_at, &na);
	size_t i;
	const json_t *e;
	json_array_foreach(c->m->oom, i, e) {
		int a = model_arg(e, "arg", na);
		if (s->oom || a < 0 || !entry_matches(e, "call", failed) || !conds_ok(c->tu, e, args, na))
			continue;
		char *key = key_of(c, view_of(c, args[a]), NULL, NULL, NULL);
		for (unsigned r = 0; key && r < c->nres && !s->oom; r++)
			if (c->res[r].kind == R_ACQ && s->r[r].st == S_HELD && !strcmp(key, c->res[r].key))
				s->oom = 1;
		free(key);
	}
	free(args);
}

/* Does the branch (t, truth) pin a value to 0..2 — a standard stream that
 * `dup2` put there, not a descriptor of ours to close? */
static int branch_std_fd(const struct test *t, int truth)
{
	static const char *const rel[] = {"==", "!=", "<", "<=", ">", ">="};
	static const char *const inv[] = {"!=", "==", ">=", ">", "<=", "<"};
	const char *op = t->op;
	for (int i = 0; !truth && i < 6; i++)
		if (!strcmp(t->op, rel[i]))
			op = inv[i];
	return (!strcmp(op, "<=") && t->k <= 2) || (!strcmp(op, "<") && t->k <= 3) ||
	       (!strcmp(op, "==") && t->k >= 0 && t->k <= 2);
}

/* Take the branch (t, truth) in s; 0 if the path cannot run (a fact
 * contradicts what the path already decided). */
static int refine(struct ctx *c, struct state *s, const struct test *t, int truth, CXCursor cond)
{
	if (t->fact >= 0) {
		uint32_t bit = 1u << t->fact;
		unsigned v = truth ? t->fact_pol : !t->fact_pol;
		if ((s->fknown & bit) && !!(s->fval & bit) != v)
			return 0;
		s->fknown |= bit;
		s->fval = v ? s->fval | bit : s->fval & ~bit;
	}
	if (s->nconds == MAX_WIT) {
		memmove(s->conds, s->conds + 1, (MAX_WIT - 1) * sizeof *s->conds);
		memmove(s->truth, s->truth + 1, MAX_WIT - 1);
		s->nconds--;
	}
	/* a resource acquired here, known not null, equal to an old parameter */
	if (t->fresh_key >= 0 && (truth ? t->fresh_eq : !t->fresh_eq))
		for (unsigned i = 0; i < c->nres; i++) {
			struct res *rs = &c->res[i];
			struct param_use u = {c->tu, t->fresh_param, 0};
			if (rs->kind != R_ACQ || !rs->value || rs->fails != SEM_NULL || s->r[i].st != S_HELD ||
			    intern(c, rs->key) != t->fresh_key)
				continue;
			clang_visitChildren(rs->site, mentions_visit, &u);
			if (u.bad)
				continue;
			if (s->r[i].pend < 0)
				return 0; /* known not null: cannot be equal */
			/* not tested yet: equal only when the acquisition failed */
			s->r[i].st = s->r[i].fail_st;
			s->r[i].pend = -1;
		}
	s->conds[s->nconds] = cond;
	s->truth[s->nconds++] = (uint8_t)truth;
	if (!t->valid)
		return 1;
	for (unsigned i = 0; i < c->nres; i++) {
		struct rstate *r = &s->r[i];
		struct res *rs = &c->res[i];
		if (r->pend >= 0 && test_tests(t, r->pend)) {
			int f = branch_fails(t, truth, (enum sem)r->sem);
			if (f == 1) {
				r->st = r->fail_st;
				if (s->pname[i])
					s->failed[i] = s->pname[i];
			}
			if (f >= 0)
				r->pend = -1;
		}
		if (rs->value && r->st == S_HELD && rs->fails != SEM_NONE) {
			int k = intern(c, rs->key);
			if (test_tests(t, k) && (branch_fails(t, truth, rs->fails) == 1 ||
						 (rs->fails == SEM_NEG && branch_std_fd(t, truth))))
				r->st = S_NONE;
		}
	}
	/* `if (r != 0)` after `r = uv_listen(...)`: the path where that call
	 * failed; held resources leaking here leak "when uv_listen fails". */
	const char *failed = NULL;
	CXCursor failed_at = clang_getNullCursor();
	if (s->lastkey >= 0 && test_tests(t, s->lastkey) && branch_fails(t, truth, s->lastsem) == 1)
		failed = s->lastcall, failed_at = s->lastat;
	else if (t->callname && t->keys[0] >= 0 && !strncmp(c->strs[t->keys[0]], "@call", 5) &&
		 branch_fails(t, truth, t->callsem) == 1)
		failed = t->callname, failed_at = t->callat;
	if (failed && !s->oom)
		oom_failure(c, s, failed, failed_at);
	/* (not the acquiring call itself: its failure means nothing is held) */
	if (failed)
		for (unsigned i = 0; i < c->nres; i++)
			if (s->r[i].st == S_HELD && !s->failed[i] &&
			    !clang_equalCursors(c->res[i].site, failed_at))
				s->failed[i] = failed;
	return 1;
}

/* Remember a leaking exit of resource i; of several, the first that
 * follows a failed call is the one worth reading ("... when X fails"),
 * then one where a loop comes back to the acquisition. */
static void keep_leak(struct ctx *c, unsigned i, const struct state *s, CXCursor term, int again)
{
	struct res *rs = &c->res[i];
	uint32_t known = s->fknown & c->pbits, val = s->fval & known;
	int seen = 0;
	for (unsigned w = 0; w < rs->nways; w++)
		seen |= rs->ways[w][0] == known && rs->ways[w][1] == val;
	if (!known || (!seen && rs->nways == MAX_WAYS))
		rs->unguarded = 1;
	else if (!seen) {
		rs->ways[rs->nways][0] = known;
		rs->ways[rs->nways++][1] = val;
	}
	/* prefer a path that needs no out-of-memory failure (`if (size == 0)
	 * return` leaks for real; `if (fstat(fd, ...) == -1) return` only
	 * when the kernel is out of memory), then one after a failed call,
	 * then one that loops back */
	int rank = (s->oom ? 0 : 4) + (s->failed[i] ? 2 : 0) + again;
	if (rs->best && rank <= (rs->best->oom ? 0 : 4) + (rs->best->failed[i] ? 2 : 0) + rs->best_again)
		return;
	if (rs->best)
		st_free(rs->best);
	rs->best = st_copy(c, s);
	rs->best_term = term;
	rs->best_again = again;
}

static void at_exit_state(struct ctx *c, const struct state *s, CXCursor term)
{
	for (unsigned i = 0; i < c->nres; i++) {
		struct res *rs = &c->res[i];
		enum st st = s->r[i].st;
		if (c->mode == M_SUMMARY) {
			if (rs->kind != R_PARAM)
				continue;
			if (st == S_REL || st == S_CLOSING)
				c->sum_release++;
			else if (st == S_HELD)
				c->sum_other += 0x10000; /* borrowed on this path */
			else
				c->sum_other++;
			continue;
		}
		if (st != S_HELD)
			continue;
		if (rs->kind == R_BUF && c->mode == M_BUFFER)
			keep_leak(c, i, s, term, 0);
		else if (rs->kind == R_ACQ && c->mode == M_FUNC && !c->no_exit_leaks &&
			 !c->m->specs[rs->spec].at_free)
			keep_leak(c, i, s, term, 0);
	}
}

/* Run the dataflow over c->g with the initial state init (owned). */
static void run(struct ctx *c, struct state *init)
{
	struct ls_cfg *g = c->g;
	unsigned nb = g->nblocks;
	c->ev = ls_xcalloc(nb, sizeof *c->ev);
	c->nev = ls_xcalloc(nb, sizeof *c->nev);
	c->tests = ls_xcalloc(nb, sizeof *c->tests);
	c->in_ = ls_xcalloc(nb, sizeof *c->in_);
	c->assign_call = clang_getNullCursor();
	c->assign_key = -1;
	for (unsigned r = 0; r < c->nres; r++) {
		size_t j;
		const json_t *re;
		if (c->res[r].kind == R_ACQ)
			json_array_foreach(json_object_get(c->m->specs[c->res[r].spec].e, "release"), j, re)
				if (json_is_true(json_object_get(re, "all")))
					c->any_relall = 1;
	}
	for (unsigned b = 0; b < nb; b++) {
		struct evlist l = {0};
		const struct ls_cfg_block *blk = &g->blocks[b];
		for (unsigned i = 0; i < blk->nelems; i++)
			compile(c, blk->elems[i], &l);
		c->ev[b] = l.v;
		c->nev[b] = l.n;
		for (unsigned e = 0; e < blk->nsucc; e++)
			if (blk->succ[e].kind == LS_CFG_EDGE_TRUE) {
				c->tests[b] = compile_test(c, blk->succ[e].cond);
				break;
			}
	}
	facts_prepare(c, nb);
	unsigned *rpo, nrpo = ls_cfg_rpo(g, &rpo);
	unsigned *prio = ls_xcalloc(nb, sizeof *prio);
	for (unsigned i = 0; i < nrpo; i++)
		prio[rpo[i]] = i;
	unsigned char *queued = ls_xcalloc(nb, 1);
	sset_add(c, g->entry, init);
	queued[g->entry] = 1;
	unsigned steps = 0, lo = 0; /* no queued block lies before rpo[lo] */
	for (;;) {
		/* the queued block earliest in reverse postorder */
		unsigned b = UINT32_MAX;
		for (unsigned i = lo; i < nrpo; i++)
			if (queued[rpo[i]]) {
				b = rpo[i];
				lo = i;
				break;
			}
		if (b == UINT32_MAX || c->overflow || ++steps > 20000)
			break;
		queued[b] = 0;
		struct sset *set = &c->in_[b];
		const struct ls_cfg_block *blk = &g->blocks[b];
		while (set->done < set->n && !c->overflow) {
			struct state *s = st_copy(c, set->v[set->done++]);
			for (unsigned i = 0; i < c->nev[b]; i++)
				apply(c, s, &c->ev[b][i]);
			if (blk->flags & LS_CFG_NORETURN) {
				st_free(s);
				continue;
			}
			for (unsigned e = 0; e < blk->nsucc; e++) {
				const struct ls_cfg_edge *ed = &blk->succ[e];
				struct state *o = st_copy(c, s);
				if ((ed->kind == LS_CFG_EDGE_TRUE || ed->kind == LS_CFG_EDGE_FALSE) &&
				    !refine(c, o, &c->tests[b], ed->kind == LS_CFG_EDGE_TRUE, ed->cond)) {
					st_free(o);
					continue;
				}
				if (ed->to == g->exit) {
					at_exit_state(c, o, (blk->flags & LS_CFG_RETURN) ? blk->term : clang_getNullCursor());
					st_free(o);
				} else if (sset_add(c, ed->to, o)) {
					queued[ed->to] = 1;
					if (prio[ed->to] < lo)
						lo = prio[ed->to];
				}
			}
			st_free(s);
		}
	}
	free(rpo);
	free(prio);
	free(queued);
	/* the leaks, one per resource, unless the analysis gave up */
	if (!c->overflow)
		for (unsigned i = 0; i < c->nres; i++)
			if (c->res[i].best)
				report_leak(c, i, c->res[i].best, c->res[i].best_term, clang_getNullCursor(),
					    c->res[i].best_again);
}

static int ctx_build(struct ctx *c, CXCursor fn)
{
	aliases_prepare(c, fn);
	c->g = ls_cfg_build(c->tu, fn);
	return c->g != NULL;
}

/* ------------------------------------------------------------------ */
/* Helper summaries                                                     */

static CXCursor nth_param(CXCursor fn, unsigned i)
{
	int n = clang_Cursor_getNumArguments(fn);
	if (n < 0 || i >= (unsigned)n)
		return clang_getNullCursor();
	return clang_Cursor_getArgument(fn, i);
}

static enum summ summarise(struct ctx *c, CXCursor def, unsigned param, int spec, const char *suffix)
{
	CXString u = clang_getCursorUSR(def);
	char *id = ls_xasprintf("%s#%u#%d#%s", clang_getCString(u), param, spec, suffix);
	clang_disposeString(u);
	void *v = ls_strmap_get(g_summ, id);
	if (v) {
		free(id);
		enum summ s = (enum summ)((uintptr_t)v - 1);
		return s == SUM_BUSY ? SUM_ESCAPE : s;
	}
	ls_strmap_put(g_summ, id, (void *)(uintptr_t)(SUM_BUSY + 1));
	enum summ result = SUM_ESCAPE;
	CXCursor p = nth_param(def, param);
	if (!clang_Cursor_isNull(p)) {
		struct ctx sc;
		memset(&sc, 0, sizeof sc);
		sc.in = c->in, sc.rep = c->rep, sc.m = c->m, sc.tu = c->tu, sc.fn = def, sc.fname = c->fname;
		sc.mode = M_SUMMARY;
		sc.depth = c->depth + 1;
		CXString s = clang_getCursorSpelling(p);
		char *key = ls_xasprintf("%s@%u%s", clang_getCString(s), decl_offset(p), suffix);
		char *disp = ls_xstrdup(clang_getCString(s));
		clang_disposeString(s);
		int r = add_res(&sc, R_PARAM, spec, key, disp, p);
		if (r >= 0 && ctx_build(&sc, def)) {
			struct state *init = st_new(&sc);
			init->r[r].st = S_HELD;
			run(&sc, init);
			if (!sc.overflow) {
				if (sc.sum_release && !sc.sum_other)
					result = SUM_RELEASE;
				else if (!sc.sum_release && (sc.sum_other & 0xffff) == 0)
					result = SUM_BORROW;
			}
		}
		ctx_free(&sc);
	}
	ls_strmap_put(g_summ, id, (void *)(uintptr_t)(result + 1));
	free(id);
	return result;
}

/* ------------------------------------------------------------------ */
/* buffer-leak                                                          */

struct allocscan {
	struct ctx *c;
	const char *pkey; /* key of the alloc callback's buf parameter */
	int yes;
};

static enum CXChildVisitResult has_alloc_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct allocscan *a = d;
	if (clang_getCursorKind(cur) == CXCursor_CallExpr) {
		char *n = callee(cur);
		if (n && (classify(a->c->m, n)->flags & C_ALLOC))
			a->yes = 1;
		free(n);
	}
	return a->yes ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static enum CXChildVisitResult alloc_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct allocscan *a = d;
	if (clang_getCursorKind(cur) == CXCursor_BinaryOperator) {
		unsigned n;
		CXCursor *kids = ls_cfg_children(cur, &n);
		char buf[16];
		const char *op = n == 2 ? ls_cfg_operator(a->c->tu, cur, buf) : NULL;
		if (op && !strcmp(op, "=")) {
			char *k = key_of(a->c, kids[0], NULL, NULL, NULL);
			char *base = ls_xasprintf("(%s.base)", a->pkey);
			int hit = k && (!strcmp(k, a->pkey) || !strcmp(k, base));
			free(base);
			if (hit) {
				struct allocscan sub = {a->c, a->pkey, 0};
				has_alloc_visit(kids[1], cur, &sub);
				if (!sub.yes)
					clang_visitChildren(kids[1], has_alloc_visit, &sub);
				if (sub.yes)
					a->yes = 1;
			}
			free(k);
		}
		free(kids);
	}
	return a->yes ? CXChildVisit_Break : CXChildVisit_Recurse;
}

struct uses {
	const json_t *names;
	int yes;
};

static enum CXChildVisitResult uses_visit(CXCursor cur, CXCursor parent, CXClientData d)
{
	struct uses *u = d;
	if (clang_getCursorKind(cur) == CXCursor_DeclRefExpr) {
		CXString sp = clang_getCursorSpelling(cur);
		size_t i;
		const json_t *v;
		json_array_foreach(u->names, i, v) if (!strcmp(json_string_value(v), clang_getCString(sp))) u->yes = 1;
		clang_disposeString(sp);
	}
	return u->yes ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* Does the body of def name any of the identifiers in names (a list)? */
static int uses_any(CXCursor def, const json_t *names)
{
	if (!json_is_array(names) || !json_array_size(names))
		return 0;
	struct uses u = {names, 0};
	clang_visitChildren(def, uses_visit, &u);
	return u.yes;
}

static CXCursor fn_def_of(CXCursor arg)
{
	CXCursor s = ls_cfg_strip(arg, 1);
	CXCursor d = clang_getCursorReferenced(s);
	if (clang_getCursorKind(d) != CXCursor_FunctionDecl)
		return clang_getNullCursor();
	return clang_getCursorDefinition(d);
}

static void buffer_check(struct ctx *outer, CXCursor call)
{
	char *n = callee(call);
	unsigned nargs;
	CXCursor *args = call_args(call, &nargs);
	size_t i;
	const json_t *e;
	json_array_foreach(outer->m->buffers, i, e) {
		if (!n || !entry_matches(e, "call", n))
			continue;
		int ai = model_arg(e, "alloc", nargs), ri = model_arg(e, "read", nargs);
		const json_t *bp = json_object_get(e, "buf");
		unsigned bpi = json_is_integer(bp) ? (unsigned)json_integer_value(bp) : 2;
		if (ai < 0 || ri < 0)
			continue;
		CXCursor adef = fn_def_of(args[ai]), rdef = fn_def_of(args[ri]);
		if (clang_Cursor_isNull(adef) || clang_Cursor_isNull(rdef))
			continue;
		if (uses_any(rdef, json_object_get(e, "unless_uses")))
			continue;
		CXString ru = clang_getCursorUSR(rdef);
		int seen = ls_strmap_get(g_seen, clang_getCString(ru)) != NULL;
		if (!seen)
			ls_strmap_put(g_seen, clang_getCString(ru), (void *)1);
		clang_disposeString(ru);
		if (seen)
			continue;
		CXCursor ap = nth_param(adef, bpi), rp = nth_param(rdef, bpi);
		if (clang_Cursor_isNull(ap) || clang_Cursor_isNull(rp))
			continue;
		CXString as = clang_getCursorSpelling(ap);
		char *akey = ls_xasprintf("%s@%u", clang_getCString(as), decl_offset(ap));
		clang_disposeString(as);
		struct allocscan a = {outer, akey, 0};
		clang_visitChildren(adef, alloc_visit, &a);
		free(akey);
		if (!a.yes)
			continue;
		struct ctx c;
		memset(&c, 0, sizeof c);
		c.in = outer->in, c.rep = outer->rep, c.m = outer->m, c.tu = outer->tu, c.fn = rdef;
		CXString rs = clang_getCursorSpelling(rdef), an = clang_getCursorSpelling(adef);
		char *rname = ls_xstrdup(clang_getCString(rs)), *aname = ls_xstrdup(clang_getCString(an));
		clang_disposeString(rs);
		clang_disposeString(an);
		c.fname = rname;
		c.buf_alloc = aname;
		c.mode = M_BUFFER;
		CXString ps = clang_getCursorSpelling(rp);
		char *key = ls_xasprintf("(%s@%u.base)", clang_getCString(ps), decl_offset(rp));
		char *disp = ls_xasprintf("%s->base", clang_getCString(ps));
		clang_disposeString(ps);
		int r = add_res(&c, R_BUF, -1, key, disp, rdef);
		if (r >= 0) {
			c.res[r].value = 1;
			c.res[r].fails = SEM_NULL;
			if (ctx_build(&c, rdef)) {
				struct state *init = st_new(&c);
				init->r[r].st = S_HELD;
				run(&c, init);
			}
		}
		ctx_free(&c);
		free(rname);
		free(aname);
	}
	free(args);
	free(n);
}

/* ------------------------------------------------------------------ */
/* Entry                                                                */

void ls_res_analyze(struct ls_intra *in, CXCursor fn, const char *name,
		    const struct ls_res_reporter *rep)
{
	struct mix *m = mix_get(in->cat);
	if (!m->nspecs)
		return;
	struct scan sc = {m, 0};
	clang_visitChildren(fn, scan_visit, &sc);
	if (!sc.hit)
		return;
	tu_caches(in->tu);
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.in = in, c.rep = rep, c.m = m, c.tu = in->tu, c.fn = fn, c.fname = name, c.mode = M_FUNC;
	c.no_exit_leaks = name && !strcmp(name, "main");
	aliases_prepare(&c, fn);
	struct prewalk p = {&c, 0};
	clang_visitChildren(fn, prewalk_visit, &p); /* also starts buffer_check */
	if (c.nres && ctx_build(&c, fn)) {
		/* the parameter facts and the null facts split states; when that
		 * makes too many, the leaks are found without the null facts,
		 * then without the guards */
		c.param_facts = 1;
		c.null_facts = 1;
		run(&c, st_new(&c));
		if (c.overflow && c.null_used) {
			run_free(&c);
			c.null_facts = 0;
			run(&c, st_new(&c));
		}
		if (c.overflow && c.param_only) {
			run_free(&c);
			c.param_facts = 0;
			run(&c, st_new(&c));
		}
	}
	ctx_free(&c);
}
