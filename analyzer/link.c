/*
 * link.c — see link.h.
 *
 * Summaries stay jansson objects; the link step only builds indexes over
 * them (nodes by USR, field stores, address-taken functions by type) and
 * a per-context BFS state per node. Everything is deterministic: roots are
 * seeded in summary order, so the same input gives the same chains.
 */
#include "analyzer/link.h"
#include "analyzer/belief.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"
#include "common/util.h"

/* Contexts: LOOP and WORKER decide the rules; CHILD (reached from the
 * child side of a fork) and STARTUP (reached from main) only explain,
 * for --why, why a function is not in loop context. */
enum ctx { CTX_LOOP, CTX_WORKER, CTX_CHILD, CTX_STARTUP, NCTX };

struct reach {
	int dist;       /* -1: not reached */
	int pred;       /* predecessor node, -1 for a root */
	json_t *edge;   /* the call/icall object in pred that reaches this node */
	json_t *root;   /* for roots: what makes it one (borrowed from rootinfo) */
};

/* A loop statement of a function (the summary's loops[]). best is the
 * fewest calls from one iteration of its body to a wait, INT_MAX if none:
 * the loop is a driver when that is finite. */
struct loopstat {
	int parent;   /* enclosing loop, -1 */
	int nzero;    /* zero sides of result tests around the loop */
	int best;
	const json_t *bestcall; /* the body's call or icall that gets there */
	int bestnode;           /* its target node, -1 for a wait called in the body */
	int line, column;
};

struct node {
	json_t *fn; /* borrowed from the summary */
	const char *usr, *name, *file;
	int tu;
	struct reach r[NCTX];
	/* Waits: wdist is the fewest calls from the node's body to a wait
	 * (1: it calls one), INT_MAX if none; wnext is the next node on such
	 * a path (-1 at the end) and wcall the call taking it. */
	int wdist, wnext;
	const json_t *wcall;
	int opaque;   /* a framework's own function (see opaque()) */
	int forks;    /* returns the result of fork (directly or through a call) */
	int driver;   /* has a loop statement that is a driver */
	uint64_t pm;  /* the programs that reach it (see "programs") */
	uint64_t lm[NCTX]; /* the programs in which it is reached in each context */
	int nested;   /* a driver reached in loop context from elsewhere */
	const char *gate; /* reached in loop context only through a gate: why */
	struct loopstat *loops;
	int nloops;
};

struct idxlist {
	int *v;
	int n;
};

/* Storage of function pointers (extract.h's slots): which functions'
 * addresses end up there, and where its value is copied on to. Each
 * function comes with the programs (a mask, see "programs" below) in
 * which its address gets there: every fact on the way belongs to code
 * those programs reach. */
struct slot {
	struct idxlist fns;  /* node indexes, sorted */
	uint64_t *fm;        /* per fns entry: the programs */
	struct idxlist succ; /* slot indexes */
	uint64_t *em;        /* per succ entry: programs in which the copy runs */
	int queued;
};

struct queue {
	int *v;
	int head, tail, cap;
};

static void q_push(struct queue *q, int v)
{
	if (q->tail == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 256;
		q->v = ls_xrealloc(q->v, (size_t)q->cap * sizeof *q->v);
	}
	q->v[q->tail++] = v;
}

/* Two arrays of a summary object walked as one, the first then the
 * second, as json_array_foreach walks one: v is the element, and
 * it.icall is set in the second array (for calls_foreach, an indirect
 * call). break and continue act on the whole walk. */
struct walk2 {
	json_t *a[2];
	size_t i;
	int icall;
};

static struct walk2 walk2_start(const json_t *obj, const char *first, const char *second)
{
	return (struct walk2){.a = {json_object_get(obj, first), json_object_get(obj, second)}};
}

static json_t *walk2_next(struct walk2 *it)
{
	for (; it->icall < 2; it->icall++, it->i = 0)
		if (it->i < json_array_size(it->a[it->icall]))
			return json_array_get(it->a[it->icall], it->i++);
	return NULL;
}

#define pair_foreach(obj, first, second, it, v) \
	for (struct walk2 it = walk2_start(obj, first, second); (v = walk2_next(&it)) != NULL;)

/* Each call of a function summary, then each indirect call. */
#define calls_foreach(fn, it, call) pair_foreach(fn, "calls", "icalls", it, call)

/* A parameter of a function that carries the number of the signal being
 * delivered (see "signal cases"): which one, and the numbers it may hold,
 * delivered for an operator's signal (op) or otherwise (other: another
 * signal, or a constant a caller passes). bad: something else gets in. */
struct sigarg {
	int param; /* -1: none */
	int bad;
	uint64_t op, other;
};

/* An edge of loop context held back by a gate (see "gates"). */
struct gated {
	int from, to;
	json_t *edge, *root;
	const char *why;
	uint64_t m; /* for a root (from -1): the programs it is one in */
};

/* The sites of node `node` past (line, column) do not run in the
 * programs `bits` (roles: find_roles; a role's own reach ignores bits). */
struct rolecut {
	int node, line, column;
	uint64_t bits;
};

/* Does the cut leave out a site of node u at (line, column)? */
static int cut_holds(const struct rolecut *c, int u, int line, int column)
{
	return c->node == u && (line > c->line || (line == c->line && column > c->column));
}

struct link {
	struct ls_models *m;
	json_t *sums;
	struct node *nodes;
	int nnodes;
	struct ls_strmap by_usr;        /* usr -> idxlist */
	struct slot *slots;
	int nslots;
	struct ls_strmap slot_ids;      /* slot key -> index + 1 */
	struct queue slot_queue;
	struct ls_strmap wrappers;      /* "usr#param" -> json entry {context, api, model} */
	struct ls_strmap fd_blocking, fd_nonblocking;
	struct ls_strmap waits;         /* loop_waits given by name alone */
	struct ls_strmap fork_names;    /* forks names */
	const json_t **exempt;          /* the waits of top-level drivers */
	int nexempt;
	json_t *rootinfo;               /* keeps root descriptions alive */
	json_t *findings;
	json_t *kinds;                  /* object_kinds() */
	json_t *uses;                   /* object_uses() */
	char *fatal;                    /* per node: never returns (find_fatal) */
	json_t *addr_taken;             /* usr -> true: functions whose address is taken */
	json_t *loop_calls;             /* usr -> [[caller node, call index]]: calls from loop context */
	struct pvals *pv;               /* per node: its parameters' values in loop context */
	json_t *nb_guarded;             /* fd key -> {fn, ways: {"": ways}}: non-blocking under guards */
	json_t *nb_wrap;                /* "usr#param" -> ways: functions that make an argument non-blocking */
	int nb_for;                     /* node index + 1: its nb_guarded fds count as non-blocking */
	char *sig;                      /* per node: SIG_* of its signal registrations */
	uint64_t *hsigs;                /* per node: the signals it is a handler of (bit 0: some
					 * installation names no number, a sigaction store) */
	uint64_t opmask;                /* the numbers of operator_signals, as the TUs define them */
	json_t *chan;                   /* find_channels: field key -> {spoiled} | {vals} */
	json_t *flagdb;                 /* find_flags */
	json_t *gates;                  /* the gates' reasons, kept alive */
	struct gated *gated;
	int ngated, capgated;
	struct sigarg *sa;              /* per node: the signal its parameter carries (find_sigargs) */
	const char *signame[64];        /* operator signals by number, as registrations spell them */
	/* Programs (see "programs"): the mains by bit, and the variables
	 * whose initializers hold code, with the programs reaching them. */
	json_t *mains;                  /* files of the mains, by bit */
	uint64_t serving;               /* the programs that serve (find_serving) */
	uint64_t matter;                /* the programs that matter (find_matter) */
	uint64_t held;                  /* programs whose findings the default held back */
	struct ls_strmap var_ids;       /* variable usr -> index + 1 */
	uint64_t *vm;                   /* per variable: the programs */
	int nvars;
	struct ls_strmap tu_nodes;      /* "tu#usr" -> node index + 1 */
	int *once;                      /* per node: runs a bounded number of times, from
					 * a main (find_once): the caller on the way, + 1 */
	char *role[64];                 /* per program bit: which process of its main it is
					 * (find_roles), NULL for a whole program */
	struct rolecut *rcuts;          /* where roles stop (find_roles) */
	int nrcuts;
};

/* ---- indexes ---- */

static void idx_add_list(struct idxlist *l, int v)
{
	for (int i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return;
	l->v = ls_xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n++] = v;
}

static void idx_add(struct ls_strmap *m, const char *key, int v)
{
	struct idxlist *l = ls_strmap_get(m, key);
	if (!l) {
		l = ls_xcalloc(1, sizeof *l);
		ls_strmap_put(m, key, l);
	}
	idx_add_list(l, v);
}

static void idx_free(void *p)
{
	struct idxlist *l = p;
	free(l->v);
	free(l);
}

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int jint(const json_t *o, const char *k)
{
	return (int)json_integer_value(json_object_get(o, k));
}

static int const_arg(const json_t *call, int i, long long *v);
static int req_holds(const json_t *g, long long v);

/* Is fn a function of a header that another TU's summary already holds? */
static int same_definition(struct link *lk, const json_t *fn)
{
	struct idxlist *l = ls_strmap_get(&lk->by_usr, jstr(fn, "usr"));
	for (int k = 0; l && k < l->n; k++)
		if (ls_streq(lk->nodes[l->v[k]].file, jstr(fn, "file")) &&
		    jint(lk->nodes[l->v[k]].fn, "line") == jint(fn, "line"))
			return 1;
	return 0;
}

/* ---- non-blocking fds behind guards ----
 *
 * extract.c's non-blocking marks may sit under guards on their function's
 * parameters (`if (flags & NONBLOCK) set_nonblock(s)`), and the fd may be
 * that function's parameter: then the function makes what its callers
 * pass there non-blocking, under those guards (nb_wrap: "usr#param" ->
 * ways, each a list of guards; an empty list: always; "usr#*param" for
 * what a pointer parameter points to, `fcntl(*p, ...)`, which callers
 * passing `&fd` reach). The calls of such
 * a function (`via` marks) pass the mark on to their argument, with the
 * guards their constants do not decide rewritten onto the caller's own
 * parameters. A mark left with guards on a local stays in nb_guarded: the
 * fd is non-blocking for the calls from loop context whose constants make
 * a way true (see nb_held).
 */

/* Add the way w (a list of guards, NULL: none) to the list at o[k]; 1
 * when new. */
static int way_add(json_t *o, const char *k, const json_t *w)
{
	json_t *ways = json_object_get(o, k);
	if (!ways)
		json_object_set_new(o, k, ways = json_array());
	json_t *way = w ? json_deep_copy(w) : json_array();
	size_t i;
	json_t *e;
	json_array_foreach(ways, i, e)
		if (json_equal(e, way) || !json_array_size(e)) {
			json_decref(way);
			return 0;
		}
	if (json_array_size(ways) >= 8) {
		json_decref(way);
		return 0;
	}
	json_array_append_new(ways, way);
	return 1;
}

/* Record a non-blocking mark {key, blocking, fn?, param?} under the
 * guards req; 1 when it says something new. */
static int nb_mark(struct link *lk, const json_t *mark, const json_t *req)
{
	const char *key = jstr(mark, "key");
	int changed = 0;
	if (json_is_true(json_object_get(mark, "blocking"))) {
		ls_strmap_put(&lk->fd_blocking, key, (void *)1);
		return 0;
	}
	if (json_is_integer(json_object_get(mark, "param"))) {
		char *w = ls_xasprintf("%s#%d", jstr(mark, "fn"), jint(mark, "param"));
		changed |= way_add(lk->nb_wrap, w, req);
		free(w);
	}
	if (!json_array_size(req)) {
		changed |= !ls_strmap_get(&lk->fd_nonblocking, key);
		ls_strmap_put(&lk->fd_nonblocking, key, (void *)1);
	} else {
		json_t *g = json_object_get(lk->nb_guarded, key);
		if (!g)
			json_object_set_new(lk->nb_guarded, key,
					    g = json_pack("{s:s, s:{}}", "fn", jstr(mark, "fn"), "ways"));
		changed |= way_add(json_object_get(g, "ways"), "", req);
	}
	return changed;
}

/* The way w of a wrapper, seen from a call (a via mark: its consts,
 * passes, requires): NULL when the call's constants make it false or it
 * depends on something the call does not pass on, else the call's own
 * guards and w's rewritten onto the caller's parameters (new). */
static json_t *way_through(const json_t *via, const json_t *w)
{
	json_t *out = json_deep_copy(json_object_get(via, "requires"));
	if (!out)
		out = json_array();
	size_t i;
	json_t *g;
	json_array_foreach(w, i, g) {
		long long v;
		char key[16];
		snprintf(key, sizeof key, "%d", jint(g, "param"));
		const json_t *p = json_object_get(json_object_get(via, "passes"), key);
		if (const_arg(via, jint(g, "param"), &v) && req_holds(g, v))
			continue;
		if (!json_is_integer(p) || json_object_get(json_object_get(via, "consts"), key)) {
			json_decref(out);
			return NULL;
		}
		json_t *ng = json_deep_copy(g);
		json_object_set(ng, "param", (json_t *)p);
		json_object_del(ng, "name");
		json_array_append_new(out, ng);
	}
	return out;
}

/* Close the marks over the calls of wrappers (a few rounds reach any real
 * chain of them). */
static void nb_wrappers(struct link *lk)
{
	for (int round = 0, changed = 1; changed && round < 4; round++) {
		changed = 0;
		size_t t, i, j;
		json_t *sum, *mark, *w;
		json_array_foreach(lk->sums, t, sum)
			json_array_foreach(json_object_get(sum, "fdmarks"), i, mark) {
				if (!jstr(mark, "via") || !json_is_true(json_object_get(sum, "ok")))
					continue;
				char *k = ls_xasprintf("%s#%s%d", jstr(mark, "via"),
						       json_is_true(json_object_get(mark, "deref")) ? "*" : "",
						       jint(mark, "arg"));
				json_array_foreach(json_object_get(lk->nb_wrap, k), j, w) {
					json_t *req = way_through(mark, w);
					if (req)
						changed |= nb_mark(lk, mark, req);
					json_decref(req);
				}
				free(k);
			}
	}
}

static void build_nodes(struct link *lk)
{
	size_t t;
	json_t *sum;
	json_array_foreach(lk->sums, t, sum) {
		if (!json_is_true(json_object_get(sum, "ok")))
			continue;
		size_t i;
		json_t *fn;
		json_array_foreach(json_object_get(sum, "functions"), i, fn) {
			if (same_definition(lk, fn))
				continue;
			lk->nodes = ls_xrealloc(lk->nodes, (size_t)(lk->nnodes + 1) * sizeof *lk->nodes);
			struct node *n = &lk->nodes[lk->nnodes];
			memset(n, 0, sizeof *n);
			n->fn = fn;
			n->usr = jstr(fn, "usr");
			n->name = jstr(fn, "name");
			n->file = jstr(fn, "file");
			n->tu = (int)t;
			for (int c = 0; c < NCTX; c++) {
				n->r[c].dist = -1;
				n->r[c].pred = -1;
			}
			n->wdist = INT_MAX;
			n->wnext = -1;
			idx_add(&lk->by_usr, n->usr, lk->nnodes);
			lk->nnodes++;
		}
		json_t *mark;
		json_array_foreach(json_object_get(sum, "fdmarks"), i, mark)
			if (json_is_boolean(json_object_get(mark, "blocking")))
				nb_mark(lk, mark, json_object_get(mark, "requires"));
			else if (jstr(mark, "wrapper")) {
				char *w = ls_xasprintf("%s#%s%d", jstr(mark, "wrapper"),
						       json_is_true(json_object_get(mark, "deref")) ? "*" : "",
						       jint(mark, "param"));
				way_add(lk->nb_wrap, w, json_object_get(mark, "requires"));
				free(w);
			}
	}
	nb_wrappers(lk);
	/* Close over copies (be.fd = fd): a few rounds reach any real chain. */
	for (int round = 0; round < 4; round++) {
		int changed = 0;
		json_array_foreach(lk->sums, t, sum) {
			size_t i;
			json_t *mark;
			json_array_foreach(json_object_get(sum, "fdmarks"), i, mark) {
				const char *from = jstr(mark, "copy_of"), *to = jstr(mark, "key");
				if (!from)
					continue;
				if (ls_strmap_get(&lk->fd_blocking, from) && !ls_strmap_get(&lk->fd_blocking, to)) {
					ls_strmap_put(&lk->fd_blocking, to, (void *)1);
					changed = 1;
				}
				if (ls_strmap_get(&lk->fd_nonblocking, from) &&
				    !ls_strmap_get(&lk->fd_nonblocking, to)) {
					ls_strmap_put(&lk->fd_nonblocking, to, (void *)1);
					changed = 1;
				}
			}
		}
		if (!changed)
			break;
	}
}

/* Is a ref a registration with a model's callback API? Returns the model
 * entry's context ("loop", "worker", "coroutine") or NULL; *model gets the
 * model name. */
static const char *registration(struct link *lk, const json_t *ref, const char **model,
				const char **api)
{
	const char *callee = jstr(ref, "callee");
	int arg = jint(ref, "arg"), nargs = jint(ref, "nargs");
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(lk->m, "callbacks", callee, &mm);
	const char *ctx = NULL;
	for (size_t i = 0; i < n && !ctx; i++)
		if (ls_model_arg(json_integer_value(json_object_get(mm[i].entry, "arg")), nargs) == arg) {
			ctx = jstr(mm[i].entry, "context");
			if (!ctx)
				ctx = "loop";
			*model = mm[i].model;
			*api = callee;
		}
	free(mm);
	if (ctx)
		return ctx;
	/* A wrapper that forwards this parameter to a registration API. */
	char *key = ls_xasprintf("%s#%d", jstr(ref, "callee_usr"), arg);
	json_t *w = ls_strmap_get(&lk->wrappers, key);
	free(key);
	if (w) {
		*model = jstr(w, "model");
		*api = jstr(w, "api");
		return jstr(w, "context");
	}
	return NULL;
}

/* Wrappers: functions that pass a function-pointer parameter on to a
 * registration API (or to another wrapper). Iterated to a fixpoint. */
static void find_wrappers(struct link *lk)
{
	for (int round = 0; round < 4; round++) {
		int added = 0;
		for (int i = 0; i < lk->nnodes; i++) {
			size_t j;
			json_t *fw;
			json_array_foreach(json_object_get(lk->nodes[i].fn, "forwards"), j, fw) {
				const char *model = NULL, *api = NULL;
				const char *ctx = registration(lk, fw, &model, &api);
				if (!ctx)
					continue;
				char *key = ls_xasprintf("%s#%d", lk->nodes[i].usr, jint(fw, "param"));
				if (!ls_strmap_get(&lk->wrappers, key)) {
					json_t *w = json_pack("{s:s, s:s, s:s}", "context", ctx, "model",
							      model ? model : "", "api", api ? api : "");
					json_array_append_new(lk->rootinfo, w);
					ls_strmap_put(&lk->wrappers, key, w);
					added = 1;
				}
				free(key);
			}
		}
		if (!added)
			break;
	}
}

static int callback_field(struct link *lk, const json_t *ref, const char **model,
			  const char **ctx)
{
	size_t i;
	json_t *mod;
	json_array_foreach(lk->m->cat->models, i, mod) {
		size_t j;
		json_t *e;
		json_array_foreach(json_object_get(mod, "callback_fields"), j, e) {
			const char *s = jstr(e, "struct"), *f = jstr(e, "field");
			const char *rs = jstr(ref, "struct"), *rf = jstr(ref, "field_name");
			if (s && f && rs && rf && fnmatch(s, rs, 0) == 0 && !strcmp(f, rf)) {
				*model = jstr(mod, "model");
				*ctx = jstr(e, "context") ? jstr(e, "context") : "loop";
				return 1;
			}
		}
	}
	return 0;
}

static int glob_list_has(const json_t *list, const char *name);

/* ---- value flow of function addresses ---- */

static int slot_index(struct link *lk, const char *key)
{
	intptr_t id = (intptr_t)ls_strmap_get(&lk->slot_ids, key);
	if (id)
		return (int)id - 1;
	lk->slots = ls_xrealloc(lk->slots, (size_t)(lk->nslots + 1) * sizeof *lk->slots);
	memset(&lk->slots[lk->nslots], 0, sizeof *lk->slots);
	ls_strmap_put(&lk->slot_ids, key, (void *)(intptr_t)(lk->nslots + 1));
	return lk->nslots++;
}

/* The index of slot `key`, -1 when no flow names it. */
static int slot_find(struct link *lk, const char *key)
{
	return key ? (int)(intptr_t)ls_strmap_get(&lk->slot_ids, key) - 1 : -1;
}

/* Index of v in a sorted list, inserting it (and a zero mask beside it
 * in *masks, when given) if it was not there. */
static int sorted_put(struct idxlist *l, uint64_t **masks, int v)
{
	int lo = 0, hi = l->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (l->v[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->n && l->v[lo] == v)
		return lo;
	l->v = ls_xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	memmove(l->v + lo + 1, l->v + lo, (size_t)(l->n - lo) * sizeof *l->v);
	l->v[lo] = v;
	if (masks) {
		*masks = ls_xrealloc(*masks, (size_t)(l->n + 1) * sizeof **masks);
		memmove(*masks + lo + 1, *masks + lo, (size_t)(l->n - lo) * sizeof **masks);
		(*masks)[lo] = 0;
	}
	l->n++;
	return lo;
}

/* Add the programs m to *mask; 1 if that changed it. */
static int grow(uint64_t *mask, uint64_t m)
{
	if ((*mask | m) == *mask)
		return 0;
	*mask |= m;
	return 1;
}

static void slot_touch(struct link *lk, int s)
{
	if (!lk->slots[s].queued) {
		lk->slots[s].queued = 1;
		q_push(&lk->slot_queue, s);
	}
}

/* Node v's address gets into slot s in the programs m; 1 if that is new. */
static int slot_put(struct link *lk, int s, int v, uint64_t m)
{
	struct slot *sl = &lk->slots[s];
	if (!m)
		return 0;
	int k = sorted_put(&sl->fns, &sl->fm, v); /* may move sl->fm */
	if (!grow(&sl->fm[k], m))
		return 0;
	slot_touch(lk, s);
	return 1;
}

/* A function's address (by USR, every definition of it) is stored into
 * slot s by code the programs m reach. */
static int slot_add_fn(struct link *lk, int s, const char *usr, uint64_t m)
{
	struct idxlist *l = usr ? ls_strmap_get(&lk->by_usr, usr) : NULL;
	int added = 0;
	for (int k = 0; l && k < l->n; k++)
		added |= slot_put(lk, s, l->v[k], m);
	return added;
}

/* A flow {fn | from} into slot `to`, made by code the programs m reach;
 * 1 if it is new. */
static int slot_flow(struct link *lk, int to, const json_t *src, uint64_t m)
{
	if (!m)
		return 0;
	if (jstr(src, "fn"))
		return slot_add_fn(lk, to, jstr(src, "fn"), m);
	if (!jstr(src, "from"))
		return 0;
	int from = slot_index(lk, jstr(src, "from"));
	struct slot *sl = &lk->slots[from];
	int k = sorted_put(&sl->succ, &sl->em, to); /* may move sl->em */
	if (!grow(&sl->em[k], m))
		return 0;
	slot_touch(lk, from);
	return 1;
}

/* Propagate along the copies until no slot changes. */
static void slots_settle(struct link *lk)
{
	struct queue *q = &lk->slot_queue;
	while (q->head < q->tail) {
		int s = q->v[q->head++];
		lk->slots[s].queued = 0;
		/* s may be t (a = a) and the lists may grow: index, not pointer */
		for (int i = 0; i < lk->slots[s].succ.n; i++) {
			int t = lk->slots[s].succ.v[i];
			for (int k = 0; k < lk->slots[s].fns.n; k++)
				slot_put(lk, t, lk->slots[s].fns.v[k],
					 lk->slots[s].fm[k] & lk->slots[s].em[i]);
		}
	}
	q->head = q->tail = 0;
}

/* The slot an indirect call goes through, NULL when no function address
 * flows there (then the call leads nowhere: a target known only by its
 * type is no evidence). Its fns are the call's targets, fm the programs
 * in which each is one. */
static const struct slot *icall_slot(struct link *lk, const json_t *ic)
{
	const char *key = jstr(ic, "slot");
	intptr_t id = key ? (intptr_t)ls_strmap_get(&lk->slot_ids, key) : 0;
	if (!id || !lk->slots[id - 1].fns.n)
		return NULL;
	return &lk->slots[id - 1];
}

/* The functions an indirect call may reach in some program. */
static const struct idxlist *icall_targets(struct link *lk, const json_t *ic)
{
	const struct slot *sl = icall_slot(lk, ic);
	return sl ? &sl->fns : NULL;
}

/* ---- programs ----
 *
 * A tree often builds several programs (a server, its tests, a benchmark,
 * an interpreter) from shared sources. Each `main` is a program, one bit
 * of a mask; a function or variable belongs to the programs whose main
 * reaches it: by direct calls, by taking a function's address (it may
 * then be called through any pointer, or by the library it is handed
 * to), and by naming a variable whose initializer holds code (a table of
 * operations: its functions' addresses are taken where the table is
 * used). Roots the analyzer knows besides main (loop callbacks and the
 * other roots of seed_roots) that no main reaches are the pseudo-program
 * OUTSIDE, and so is everything in a tree without a main (a library).
 * A function that several files define is linked once per program
 * (resolve_defs), not as every definition in every program.
 *
 * A fact of value flow counts only in the programs that reach the code
 * holding it (a rapid type analysis on function addresses): a table of
 * callbacks that only an unused opener names feeds no indirect call, and
 * an indirect call in loop context reaches only the functions whose
 * address gets into its slot in a program where that context runs.
 */
#define OUTSIDE ((uint64_t)1 << 63)
#define ALL_PROGRAMS (~(uint64_t)0)
#define MAX_PROGRAMS 63

static int var_index(struct link *lk, const char *usr)
{
	intptr_t id = (intptr_t)ls_strmap_get(&lk->var_ids, usr);
	if (id)
		return (int)id - 1;
	ls_strmap_put(&lk->var_ids, usr, (void *)(intptr_t)(lk->nvars + 1));
	return lk->nvars++;
}

static int var_find(struct link *lk, const char *usr)
{
	return (int)(intptr_t)ls_strmap_get(&lk->var_ids, usr) - 1;
}

/* The nodes a fact's owner names (extract.h: "in", in TU t), or the
 * variable (*var) whose initializer holds it; NULL and -1 for neither. */
static const struct idxlist *owner_nodes(struct link *lk, size_t t, const json_t *o, int *one,
					 int *var)
{
	*var = -1;
	*one = -1;
	const char *in = jstr(o, "in");
	if (jstr(o, "init")) {
		*var = var_find(lk, jstr(o, "init"));
		return NULL;
	}
	if (!in)
		return NULL;
	/* by TU first: every program's main has the same USR */
	char *key = ls_xasprintf("%zu#%s", t, in);
	intptr_t id = (intptr_t)ls_strmap_get(&lk->tu_nodes, key);
	free(key);
	if (id) {
		*one = (int)id - 1;
		return NULL;
	}
	return ls_strmap_get(&lk->by_usr, in);
}

/* The programs that reach the code holding a fact of summary t. */
static uint64_t owner_mask(struct link *lk, size_t t, const json_t *o)
{
	int one, var;
	const struct idxlist *l = owner_nodes(lk, t, o, &one, &var);
	if (jstr(o, "init"))
		return var >= 0 ? lk->vm[var] : 0;
	if (one >= 0)
		return lk->nodes[one].pm;
	if (!l)
		return jstr(o, "in") ? 0 : ALL_PROGRAMS;
	uint64_t m = 0;
	for (int k = 0; k < l->n; k++)
		m |= lk->nodes[l->v[k]].pm;
	return m;
}

/* An edge to a function that several files define (an assertion handler
 * in the server's sources and a stub of it in a tool's): each program
 * links one of them, chosen per program by resolve_defs. */
struct multidef {
	int from;
	const struct idxlist *to;
};

/* Items are nodes (0..nnodes-1), then variables. */
struct reachgraph {
	struct idxlist *adj;
	uint64_t *mask;
	int n;
	struct queue q;
	char *queued;
	struct multidef *md;
	int nmd;
};

static void rg_edge(struct reachgraph *g, int from, int to)
{
	if (from >= 0 && to >= 0 && from < g->n && to < g->n)
		idx_add_list(&g->adj[from], to);
}

/* Edges from `from` to every definition in l. */
static void rg_edges(struct reachgraph *g, int from, const struct idxlist *l)
{
	if (l && l->n > 1 && from >= 0) {
		g->md = ls_xrealloc(g->md, (size_t)(g->nmd + 1) * sizeof *g->md);
		g->md[g->nmd++] = (struct multidef){from, l};
		return;
	}
	for (int k = 0; l && k < l->n; k++)
		rg_edge(g, from, l->v[k]);
}

static void rg_add(struct reachgraph *g, int item, uint64_t m)
{
	if (grow(&g->mask[item], m) && !g->queued[item]) {
		g->queued[item] = 1;
		q_push(&g->q, item);
	}
}

static void rg_spread(struct reachgraph *g)
{
	while (g->q.head < g->q.tail) {
		int u = g->q.v[g->q.head++];
		g->queued[u] = 0;
		for (int k = 0; k < g->adj[u].n; k++)
			rg_add(g, g->adj[u].v[k], g->mask[u]);
	}
	g->q.head = g->q.tail = 0;
}

static void seed_roots(struct link *lk, struct queue *q, enum ctx want,
		       const struct ls_link_opts *opts);

/* Every variable a summary names as holding code, indexed. */
static void index_vars(struct link *lk)
{
	size_t t, i, j;
	json_t *sum, *o, *u;
	for (int n = 0; n < lk->nnodes; n++)
		json_array_foreach(json_object_get(lk->nodes[n].fn, "uses"), i, u)
			var_index(lk, json_string_value(u));
	json_array_foreach(lk->sums, t, sum) {
		json_array_foreach(json_object_get(sum, "globals"), i, o) {
			var_index(lk, jstr(o, "usr"));
			json_array_foreach(json_object_get(o, "uses"), j, u)
				var_index(lk, json_string_value(u));
		}
		pair_foreach(sum, "refs", "flows", it, o)
			if (jstr(o, "init"))
				var_index(lk, jstr(o, "init"));
	}
}

/* The functions a call looks up by name (the models' symbol_lookups:
 * dlsym(h, "plugin_init")), among the non-static ones in *exported (built
 * on first use). */
static const struct idxlist *symbol_lookup(struct link *lk, struct ls_strmap *exported,
					   const json_t *call)
{
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(lk->m, "symbol_lookups", jstr(call, "name"), &mm);
	const char *sym = NULL;
	for (size_t k = 0; k < n && !sym; k++) {
		int a = ls_model_arg(json_integer_value(json_object_get(mm[k].entry, "arg")),
				     jint(call, "nargs"));
		sym = a < 0 ? NULL : jstr(json_array_get(json_object_get(call, "args"), (size_t)a), "string");
	}
	free(mm);
	if (!sym)
		return NULL;
	if (!exported->len)
		for (int u = 0; u < lk->nnodes; u++)
			if (!json_is_true(json_object_get(lk->nodes[u].fn, "static")))
				idx_add(exported, lk->nodes[u].name, u);
	return ls_strmap_get(exported, sym);
}

/* The reach graph: calls, uses of variables, addresses taken. */
static void build_reachgraph(struct link *lk, struct reachgraph *g)
{
	struct ls_strmap exported = {0};
	int nn = lk->nnodes;
	size_t t, i, j;
	json_t *sum, *o, *u;
	for (int n = 0; n < nn; n++) {
		json_array_foreach(json_object_get(lk->nodes[n].fn, "calls"), i, o) {
			const struct idxlist *l = jstr(o, "usr") && !ls_streq(jstr(o, "name"), "main")
							  ? ls_strmap_get(&lk->by_usr, jstr(o, "usr"))
							  : NULL;
			rg_edges(g, n, l);
			l = symbol_lookup(lk, &exported, o);
			for (int k = 0; l && k < l->n; k++)
				rg_edge(g, n, l->v[k]);
		}
		json_array_foreach(json_object_get(lk->nodes[n].fn, "uses"), i, u)
			rg_edge(g, n, nn + var_index(lk, json_string_value(u)));
	}
	json_array_foreach(lk->sums, t, sum) {
		json_array_foreach(json_object_get(sum, "globals"), i, o) {
			int from = nn + var_index(lk, jstr(o, "usr"));
			json_array_foreach(json_object_get(o, "uses"), j, u)
				rg_edge(g, from, nn + var_index(lk, json_string_value(u)));
		}
		json_array_foreach(json_object_get(sum, "refs"), i, o) {
			const struct idxlist *to = ls_strmap_get(&lk->by_usr, jstr(o, "usr"));
			int one, var;
			const struct idxlist *from = owner_nodes(lk, t, o, &one, &var);
			rg_edges(g, var >= 0 ? nn + var : one, to);
			for (int f = 0; from && f < from->n; f++)
				rg_edges(g, from->v[f], to);
		}
	}
	ls_strmap_free(&exported, idx_free);
}

/* The programs linking each TU's file (tm), by its own functions: a
 * header's function sits in the first TU that includes it. */
static void tu_masks(struct link *lk, const struct reachgraph *g, uint64_t *tm, size_t ntu)
{
	memset(tm, 0, ntu * sizeof *tm);
	for (int u = 0; u < lk->nnodes; u++) {
		const char *tu = jstr(json_array_get(lk->sums, (size_t)lk->nodes[u].tu), "tu");
		if (ls_streq(lk->nodes[u].file, tu))
			tm[lk->nodes[u].tu] |= g->mask[u] & ~OUTSIDE;
	}
}

/*
 * A program links one definition of a function that several files
 * define: the one in a file it links anyway; failing that, one in a file
 * no other program links but by such a fallback (the stub a tool carries
 * in place of the server's full version); failing that, all of them. The
 * sure choices go first, to a fixpoint; a fallback may make more sure.
 * Code outside any program may call any definition.
 */
static void resolve_defs(struct link *lk, struct reachgraph *g)
{
	size_t ntu = json_array_size(lk->sums) + 1;
	uint64_t *tm = ls_xcalloc(ntu, sizeof *tm), *fb = ls_xcalloc(ntu, sizeof *fb);
	for (int fallback = 0;; fallback = !fallback) {
		rg_spread(g);
		tu_masks(lk, g, tm, ntu);
		int changed = 0;
		for (int i = 0; i < g->nmd; i++) {
			const struct idxlist *to = g->md[i].to;
			uint64_t from = g->mask[g->md[i].from], have = 0;
			int nfree = 0;
			for (int k = 0; k < to->n; k++) {
				int tu = lk->nodes[to->v[k]].tu;
				have |= tm[tu];
				nfree += !(tm[tu] & ~fb[tu]);
			}
			uint64_t left = from & ~have & ~OUTSIDE;
			for (int k = 0; k < to->n; k++) {
				int tu = lk->nodes[to->v[k]].tu;
				uint64_t m = (from & tm[tu]) | (from & OUTSIDE);
				if (fallback && left && (!nfree || !(tm[tu] & ~fb[tu]))) {
					m |= left;
					fb[tu] |= left;
				}
				if ((g->mask[to->v[k]] | m) != g->mask[to->v[k]]) {
					rg_add(g, to->v[k], m);
					changed = 1;
				}
			}
		}
		if (!changed && fallback)
			break;
		if (changed)
			fallback = 1; /* toggled back to 0: sure choices first */
	}
	rg_spread(g);
	free(tm);
	free(fb);
}

/* Which programs reach each node and variable (see above). */
static void find_programs(struct link *lk, const struct ls_link_opts *opts)
{
	for (int u = 0; u < lk->nnodes; u++) {
		char *key = ls_xasprintf("%d#%s", lk->nodes[u].tu, lk->nodes[u].usr);
		if (!ls_strmap_get(&lk->tu_nodes, key))
			ls_strmap_put(&lk->tu_nodes, key, (void *)(intptr_t)(u + 1));
		free(key);
	}
	index_vars(lk);
	struct reachgraph g = {.n = lk->nnodes + lk->nvars};
	g.adj = ls_xcalloc((size_t)g.n + 1, sizeof *g.adj);
	g.mask = ls_xcalloc((size_t)g.n + 1, sizeof *g.mask);
	g.queued = ls_xcalloc((size_t)g.n + 1, 1);
	build_reachgraph(lk, &g);
	lk->mains = json_array();
	int nmains = 0;
	for (int u = 0; u < lk->nnodes; u++) {
		if (!ls_streq(lk->nodes[u].name, "main"))
			continue;
		/* mains past the limit are taken as code outside any program */
		uint64_t bit = OUTSIDE;
		if (nmains < MAX_PROGRAMS) {
			bit = (uint64_t)1 << nmains;
			json_array_append_new(lk->mains, json_string(lk->nodes[u].file));
		}
		nmains++;
		rg_add(&g, u, bit);
	}
	resolve_defs(lk, &g);
	if (!nmains) {
		for (int k = 0; k < g.n; k++)
			g.mask[k] = OUTSIDE;
	} else {
		/* The other roots: where no main reaches them, OUTSIDE. */
		struct queue q = {0};
		seed_roots(lk, &q, CTX_LOOP, opts);
		seed_roots(lk, &q, CTX_WORKER, opts);
		for (int k = 0; k < lk->ngated; k++) /* gated roots (signal callbacks) */
			q_push(&q, lk->gated[k].to);
		lk->ngated = 0;
		for (int k = 0; k < q.tail; k++)
			if (!g.mask[q.v[k]])
				rg_add(&g, q.v[k], OUTSIDE);
		free(q.v);
		resolve_defs(lk, &g);
		for (int u = 0; u < lk->nnodes; u++)
			for (int c = 0; c < NCTX; c++)
				lk->nodes[u].r[c] = (struct reach){.dist = -1, .pred = -1};
	}
	for (int u = 0; u < lk->nnodes; u++) {
		lk->nodes[u].pm = g.mask[u];
		memset(lk->nodes[u].lm, 0, sizeof lk->nodes[u].lm);
	}
	lk->vm = ls_xcalloc((size_t)lk->nvars + 1, sizeof *lk->vm);
	memcpy(lk->vm, g.mask + lk->nnodes, (size_t)lk->nvars * sizeof *lk->vm);
	for (int k = 0; k < g.n; k++)
		free(g.adj[k].v);
	free(g.adj);
	free(g.mask);
	free(g.queued);
	free(g.q.v);
	free(g.md);
}

/* The programs a context starting at node u runs in: those reaching it,
 * or any, when only OUTSIDE does (a root no main reaches may be called
 * by anything). */
static uint64_t root_programs(struct link *lk, int u)
{
	uint64_t m = lk->nodes[u].pm;
	return m & ~OUTSIDE ? m : ALL_PROGRAMS;
}

/* Solve the flows of all summaries, each in the programs that reach the
 * code holding it. Function values passed to an indirect call flow into
 * the parameters of its targets, which are only known as the solution
 * grows: repeat until that adds nothing. */
static void solve_flows(struct link *lk)
{
	size_t t, i;
	json_t *sum, *fl;
	json_array_foreach(lk->sums, t, sum) {
		if (!json_is_true(json_object_get(sum, "ok")))
			continue;
		json_array_foreach(json_object_get(sum, "flows"), i, fl)
			if (jstr(fl, "to"))
				slot_flow(lk, slot_index(lk, jstr(fl, "to")), fl, owner_mask(lk, t, fl));
	}
	slots_settle(lk);
	for (int round = 0; round < 32; round++) {
		int added = 0;
		for (int u = 0; u < lk->nnodes; u++) {
			json_t *ic;
			json_array_foreach(json_object_get(lk->nodes[u].fn, "icalls"), i, ic) {
				const json_t *fargs = json_object_get(ic, "fargs");
				const struct slot *sl = fargs ? icall_slot(lk, ic) : NULL;
				for (int k = 0; sl && k < sl->fns.n; k++) {
					int target = sl->fns.v[k];
					uint64_t m = sl->fm[k] & lk->nodes[u].pm;
					size_t j;
					json_t *fa;
					json_array_foreach(fargs, j, fa) {
						char *key = ls_xasprintf("P:%s#%d", lk->nodes[target].usr,
									 jint(fa, "arg"));
						added |= slot_flow(lk, slot_index(lk, key), fa, m);
						free(key);
						/* slot_index may move lk->slots: refetch */
						sl = icall_slot(lk, ic);
					}
				}
			}
		}
		slots_settle(lk);
		if (!added)
			break;
	}
}

/* How well indirect calls resolve: sites, sites with a target, targets. */
static void icall_stats(struct link *lk, json_t *stats)
{
	json_int_t sites = 0, resolved = 0, targets = 0;
	for (int u = 0; u < lk->nnodes; u++) {
		size_t i;
		json_t *ic;
		json_array_foreach(json_object_get(lk->nodes[u].fn, "icalls"), i, ic) {
			const struct idxlist *tg = icall_targets(lk, ic);
			sites++;
			resolved += tg != NULL;
			targets += tg ? tg->n : 0;
		}
	}
	json_object_set_new(stats, "indirect_calls", json_integer(sites));
	json_object_set_new(stats, "indirect_calls_resolved", json_integer(resolved));
	json_object_set_new(stats, "indirect_call_targets", json_integer(targets));
}

static void slots_free(struct link *lk)
{
	for (int i = 0; i < lk->nslots; i++) {
		free(lk->slots[i].fns.v);
		free(lk->slots[i].fm);
		free(lk->slots[i].succ.v);
		free(lk->slots[i].em);
	}
	free(lk->slots);
	free(lk->slot_queue.v);
	ls_strmap_free(&lk->slot_ids, NULL);
}


/* Is node u a framework's own function: named by a model's `opaque` globs
 * and defined in a TU that includes that framework's headers (its source
 * tree), not a program function that merely shares its prefix? */
static int opaque_node(struct link *lk, int u)
{
	const json_t *fws = json_object_get(json_array_get(lk->sums, (size_t)lk->nodes[u].tu),
					    "frameworks");
	size_t i;
	json_t *mod;
	json_array_foreach(lk->m->cat->models, i, mod) {
		if (!glob_list_has(json_object_get(mod, "opaque"), lk->nodes[u].name))
			continue;
		size_t j;
		json_t *fw;
		json_array_foreach(fws, j, fw)
			if (ls_streq(json_string_value(fw), jstr(mod, "model")))
				return 1;
	}
	return 0;
}

/* The models' loop_waits and forks names, and which nodes are opaque. */
static void index_names(struct link *lk)
{
	size_t i;
	json_t *mod;
	json_array_foreach(lk->m->cat->models, i, mod) {
		size_t j;
		json_t *e;
		json_array_foreach(json_object_get(mod, "loop_waits"), j, e)
			if (json_is_string(e))
				ls_strmap_put(&lk->waits, json_string_value(e), (void *)1);
		json_array_foreach(json_object_get(mod, "forks"), j, e)
			if (json_is_string(e))
				ls_strmap_put(&lk->fork_names, json_string_value(e), (void *)1);
	}
	for (int u = 0; u < lk->nnodes; u++)
		lk->nodes[u].opaque = opaque_node(lk, u);
}

/* ---- gates: paths that run only on request, once, or on the way out ----
 *
 * A call can sit on a path of loop context that still cannot stall the
 * live loop in the way a finding means: it runs only after an operator's
 * signal, at most once per process, or as the process's own shutdown.
 * Such a call is a gate; a finding behind one is a note saying which:
 *
 *   signal   the call runs under a test of a signal flag (extract.c's
 *            `flags`): a variable or field that no function but an
 *            operator's signal handler sets to anything but 0 (resets to
 *            0 anywhere are fine); handlers are the models'
 *            `signal_handlers` calls and `signal_fields` stores, and
 *            framework callbacks registered with `signal`, all for
 *            `operator_signals` (a sigaction store names no signal and
 *            counts). A framework signal callback for such a signal is
 *            itself a gated root.
 *   once     the call runs while a static or global variable is clear
 *            (`unset`), the calling function sets it, and every write of
 *            it anywhere is a nonzero constant: once set it stays set.
 *   shutdown the call's result decides a clean exit of the process
 *            (`exits`: `if (shutdown() == OK) exit(0);`): it is the
 *            shutdown itself. Should it fail the loop goes on, having
 *            blocked once; a call whose failure exits (`if (save() < 0)
 *            exit(1);`) is ordinary work and no gate.
 *
 * Loop context propagates in two phases: first along edges that are no
 * gates, then, from what that reached, through the gates. A function
 * reached only in the second phase keeps the reason of the gate on its
 * chain (node.gate); one reached in the first stays a warning whatever
 * else reaches it.
 */
enum { SIG_OPERATOR = 1, SIG_OTHER = 2 };

static const char *sigcase_gate(struct link *lk, int u, const json_t *call);
static int fork_call(struct link *lk, const json_t *call);
static const char *chan_gate(struct link *lk, int u, const json_t *call);
static uint64_t sig_bit(long long v);
static int const_arg(const json_t *call, int i, long long *v);
static int req_holds(const json_t *g, long long v);
static const struct idxlist *followed_targets(struct link *lk, const json_t *call);

static int operator_signal(struct link *lk, const char *text)
{
	size_t i;
	json_t *mod;
	json_array_foreach(lk->m->cat->models, i, mod)
		if (glob_list_has(json_object_get(mod, "operator_signals"), text ? text : ""))
			return 1;
	return 0;
}

/* Is field of a struct named st a models' signal field (signal_fields)?
 * With st NULL (not known) only an entry that names no struct matches. */
static int signal_field(struct link *lk, const char *field, const char *st)
{
	size_t i, j;
	json_t *mod, *e;
	json_array_foreach(lk->m->cat->models, i, mod)
		json_array_foreach(json_object_get(mod, "signal_fields"), j, e)
			if (ls_streq(jstr(e, "field"), field) &&
			    (!jstr(e, "struct") || (st && fnmatch(jstr(e, "struct"), st, 0) == 0)))
				return 1;
	return 0;
}

/* Is ref the installation of an asynchronous signal handler? */
static int handler_ref(struct link *lk, const json_t *ref)
{
	if (ls_streq(jstr(ref, "kind"), "field"))
		return signal_field(lk, jstr(ref, "field_name"),
				    jstr(ref, "struct") ? jstr(ref, "struct") : "");
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(lk->m, "signal_handlers", jstr(ref, "callee"), &mm);
	int found = 0;
	for (size_t k = 0; k < n && !found; k++)
		found = ls_model_arg(json_integer_value(json_object_get(mm[k].entry, "arg")),
				     jint(ref, "nargs")) == jint(ref, "arg");
	free(mm);
	return found;
}

/* Is a slot (extract.h: "F:" field USR, "P:" function USR "#" index) a
 * models' signal field (signal_fields), or the handler parameter of a
 * signal_handlers API? */
static int signal_slot(struct link *lk, const char *key)
{
	if (!key)
		return 0;
	const char *fi = strstr(key, "@FI@");
	if (!strncmp(key, "F:", 2) && fi) {
		while (strstr(fi + 4, "@FI@"))
			fi = strstr(fi + 4, "@FI@");
		return signal_field(lk, fi + 4, NULL);
	}
	const char *hash = strrchr(key, '#');
	const char *at = hash ? strrchr(key, '@') : NULL;
	if (strncmp(key, "P:", 2) || !at || at > hash || strncmp(at - 2, "@F@", 3))
		return 0;
	char *name = ls_xasprintf("%.*s", (int)(hash - at - 1), at + 1);
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(lk->m, "signal_handlers", name, &mm);
	int found = 0;
	for (size_t k = 0; k < n && !found; k++)
		found = json_integer_value(json_object_get(mm[k].entry, "arg")) == atoi(hash + 1);
	free(mm);
	free(name);
	return found;
}

/* Which functions run only when an operator's signal arrives (sig[u] ==
 * SIG_OPERATOR), and which variables only they set (lk->flagdb: key ->
 * {signal: handler name} | {once: true}). */
static void find_flags(struct link *lk)
{
	lk->sig = ls_xcalloc((size_t)lk->nnodes + 1, 1);
	lk->hsigs = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *lk->hsigs);
	size_t t, i;
	json_t *sum, *ref;
	json_array_foreach(lk->sums, t, sum) {
		const char *name;
		json_t *v;
		json_object_foreach(json_object_get(sum, "sigvals"), name, v)
			if (operator_signal(lk, name) && json_integer_value(v) > 0 && json_integer_value(v) < 64) {
				lk->opmask |= (uint64_t)1 << json_integer_value(v);
				if (!lk->signame[json_integer_value(v)])
					lk->signame[json_integer_value(v)] = name;
			}
	}
	json_array_foreach(lk->sums, t, sum)
		json_array_foreach(json_object_get(sum, "refs"), i, ref) {
			int handler = handler_ref(lk, ref);
			if (!handler && !json_object_get(ref, "signal"))
				continue;
			const char *model, *api;
			if (!handler && !registration(lk, ref, &model, &api))
				continue;
			/* a sigaction store names no signal */
			int op = ls_streq(jstr(ref, "kind"), "field") || operator_signal(lk, jstr(ref, "signal"));
			const struct idxlist *l = jstr(ref, "usr") ? ls_strmap_get(&lk->by_usr, jstr(ref, "usr")) : NULL;
			for (int k = 0; l && k < l->n; k++) {
				lk->sig[l->v[k]] |= op ? SIG_OPERATOR : SIG_OTHER;
				uint64_t b = sig_bit(json_integer_value(json_object_get(ref, "signal_value")));
				if (handler)
					lk->hsigs[l->v[k]] |= b ? b : 1;
			}
		}
	/* Handlers installed through the program's own wrappers
	 * (install(SIGHUP, on_hup) storing its parameter into sa_handler, or
	 * passing it to signal()): the functions whose address the solved
	 * flows copy from a parameter or variable into a signal field or a
	 * signal_handlers parameter (a function named there directly is a ref
	 * above). The wrapper's signal number is not followed: as a sigaction
	 * store, any. */
	json_array_foreach(lk->sums, t, sum) {
		json_t *fl;
		json_array_foreach(json_object_get(sum, "flows"), i, fl) {
			int s = jstr(fl, "from") && signal_slot(lk, jstr(fl, "to"))
					? slot_find(lk, jstr(fl, "from"))
					: -1;
			for (int k = 0; s >= 0 && k < lk->slots[s].fns.n; k++) {
				lk->sig[lk->slots[s].fns.v[k]] |= SIG_OPERATOR;
				lk->hsigs[lk->slots[s].fns.v[k]] |= 1;
			}
		}
	}
	/* key -> [mask of all writes, setters outside handlers, a handler setter] */
	json_t *acc = json_object();
	for (int u = 0; u < lk->nnodes; u++) {
		const char *key;
		json_t *m;
		json_object_foreach(json_object_get(lk->nodes[u].fn, "writes"), key, m) {
			json_t *a = json_object_get(acc, key);
			if (!a)
				json_object_set_new(acc, key, a = json_pack("[i, i, n]", 0, 0));
			int mask = (int)json_integer_value(m);
			json_array_set_new(a, 0, json_integer(json_integer_value(json_array_get(a, 0)) | mask));
			if (!(mask & 6))
				continue;
			if (lk->sig[u] == SIG_OPERATOR)
				json_array_set_new(a, 2, json_string(lk->nodes[u].name));
			else
				json_array_set_new(a, 1, json_integer(1));
		}
	}
	lk->flagdb = json_object();
	const char *key;
	json_t *a;
	json_object_foreach(acc, key, a) {
		if (!json_integer_value(json_array_get(a, 1)) && json_is_string(json_array_get(a, 2)))
			json_object_set_new(lk->flagdb, key, json_pack("{s:O}", "signal", json_array_get(a, 2)));
		else if (json_integer_value(json_array_get(a, 0)) == 2)
			json_object_set_new(lk->flagdb, key, json_pack("{s:b}", "once", 1));
	}
	json_decref(acc);
}

static const char *gate_text(struct link *lk, char *msg)
{
	json_t *s = json_string(msg);
	free(msg);
	json_array_append_new(lk->gates, s);
	return json_string_value(s);
}

/* Is the call (in u) a gate? Its reason, or NULL. */
static const char *call_gate(struct link *lk, int u, const json_t *call)
{
	size_t i;
	json_t *fl;
	json_array_foreach(json_object_get(call, "flags"), i, fl) {
		const char *h = jstr(json_object_get(lk->flagdb, jstr(fl, "key")), "signal");
		if (h)
			return gate_text(lk, ls_xasprintf("it runs only after an operator's signal: '%s' is "
							  "set only by the signal handler '%s'",
							  jstr(fl, "name"), h));
	}
	json_array_foreach(json_object_get(call, "unset"), i, fl) {
		const json_t *d = json_object_get(lk->flagdb, jstr(fl, "key"));
		if (json_is_true(json_object_get(d, "once")) &&
		    json_object_get(json_object_get(lk->nodes[u].fn, "writes"), jstr(fl, "key")))
			return gate_text(lk, ls_xasprintf("it runs at most once per process: '%s' tests and "
							  "sets '%s', which nothing clears",
							  lk->nodes[u].name, jstr(fl, "name")));
	}
	if (json_is_true(json_object_get(call, "exits")))
		return gate_text(lk, ls_xasprintf("it runs on the way out: the process exits when '%s' "
						  "succeeds ('%s' tests it)",
						  jstr(call, "name"), lk->nodes[u].name));
	const json_t *calls = json_object_get(lk->nodes[u].fn, "calls");
	json_array_foreach(json_object_get(call, "zero_or"), i, fl) {
		const json_t *fc = json_array_get(calls, (size_t)jint(fl, "call"));
		if (fc && fork_call(lk, fc))
			return gate_text(lk, ls_xasprintf("it runs in a forked child: '%s' runs it where '%s' "
							  "returned 0, and in its own process only when "
							  "'%s' is %s",
							  lk->nodes[u].name, jstr(fc, "name"), jstr(fl, "when"),
							  json_is_true(json_object_get(fl, "holds")) ? "true" : "false"));
	}
	const char *why = sigcase_gate(lk, u, call);
	return why ? why : chan_gate(lk, u, call);
}

/* ---- signal cases: a callback shared by several signals ----
 *
 * A framework callback registered for signals (a `callbacks` entry with
 * `signal` and `signal_param`) receives the delivered signal's number in
 * that parameter. Followed into the functions that get it passed on
 * unchanged (extract.c's `passes`, through calls and indirect calls), a
 * parameter carries delivered signals when every way into its function
 * passes one: a registration of it for a known signal, or a call from a
 * function passing on its own such parameter. A constant a caller passes
 * counts as a number that is no operator's request; a variable, another
 * registration or an unseen caller spoils the parameter. A call under
 * tests of it (the `requires` of ifs and switch cases) then runs for the
 * numbers those tests let through; when they are all operator signals,
 * the call is a gate like a framework callback for such a signal. */
static uint64_t sig_bit(long long v)
{
	return v > 0 && v < 64 ? (uint64_t)1 << v : 0;
}

static void sig_add(struct sigarg *a, int param, uint64_t op, uint64_t other, int bad)
{
	if (a->param < 0)
		a->param = param;
	else if (a->param != param)
		bad = 1;
	a->op |= op;
	a->other |= other;
	a->bad |= bad;
}

/* The caller's parameter that call passes on as its argument i, or -1. */
static int passed_param(const json_t *call, int i)
{
	char key[16];
	snprintf(key, sizeof key, "%d", i);
	const json_t *p = json_object_get(json_object_get(call, "passes"), key);
	if (!p)
		p = json_object_get(json_array_get(json_object_get(call, "args"), (size_t)i), "param");
	return json_is_integer(p) ? (int)json_integer_value(p) : -1;
}

/* What the registrations of functions install: signal callbacks with the
 * parameter and number; any other way a framework or the system calls a
 * function spoils its parameter. */
static void sig_roots(struct link *lk)
{
	size_t t, i;
	json_t *sum, *ref;
	json_array_foreach(lk->sums, t, sum)
		json_array_foreach(json_object_get(sum, "refs"), i, ref) {
			const struct idxlist *l = jstr(ref, "usr") ? ls_strmap_get(&lk->by_usr, jstr(ref, "usr")) : NULL;
			if (!l)
				continue;
			const char *model, *api, *ctx;
			const json_t *sp = json_object_get(ref, "signal_param");
			const json_t *sv = json_object_get(ref, "signal_value");
			int arg = ls_streq(jstr(ref, "kind"), "arg");
			/* handed to a library (a registration, or a call no model
			 * knows, which may call it with anything) */
			int root = (arg && (registration(lk, ref, &model, &api) ||
					    !ls_strmap_get(&lk->by_usr, jstr(ref, "callee_usr") ? jstr(ref, "callee_usr") : ""))) ||
				   (ls_streq(jstr(ref, "kind"), "field") && callback_field(lk, ref, &model, &ctx)) ||
				   handler_ref(lk, ref);
			if (!root)
				continue; /* an address stored for the program's own calls */
			int op = operator_signal(lk, jstr(ref, "signal"));
			long long v = json_integer_value(sv);
			if (op && sig_bit(v) && !lk->signame[v])
				lk->signame[v] = jstr(ref, "signal");
			for (int k = 0; k < l->n; k++) {
				struct sigarg *a = &lk->sa[l->v[k]];
				if (!json_is_integer(sp) || !sig_bit(v))
					a->bad = 1;
				else
					sig_add(a, (int)json_integer_value(sp), op ? sig_bit(v) : 0,
						op ? 0 : sig_bit(v), 0);
			}
		}
}

/* The numbers in set for which call runs, by its tests of parameter param. */
static uint64_t sig_reached(const json_t *call, int param, uint64_t set)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(call, "requires"), i, g)
		if (jint(g, "param") == param)
			for (int v = 1; v < 64; v++)
				if ((set & sig_bit(v)) && !req_holds(g, v))
					set &= ~sig_bit(v);
	return set;
}

/* One call (in u) into target t. Discovering (first pass): t's parameter
 * that gets u's signal parameter. Then: what the call passes there. 1
 * when t changed. */
static int sig_edge(struct link *lk, int u, int t, const json_t *call, int discover)
{
	struct sigarg *a = &lk->sa[t], *from = &lk->sa[u], before = *a;
	if (discover) {
		if (from->param < 0)
			return 0;
		const json_t *args = json_object_get(call, "args");
		int n = json_object_get(call, "passes") ? 127 : (int)json_array_size(args);
		for (int i = 0; i < n; i++)
			if (passed_param(call, i) == from->param)
				sig_add(a, i, 0, 0, 0);
		return memcmp(&before, a, sizeof before) != 0;
	}
	if (a->param < 0)
		return 0;
	long long v;
	if (from->param >= 0 && passed_param(call, a->param) == from->param)
		sig_add(a, a->param, sig_reached(call, from->param, from->op),
			sig_reached(call, from->param, from->other), from->bad);
	else if (const_arg(call, a->param, &v) && sig_bit(v))
		a->other |= sig_bit(v);
	else
		a->bad = 1;
	return memcmp(&before, a, sizeof before) != 0;
}

static void find_sigargs(struct link *lk)
{
	lk->sa = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *lk->sa);
	for (int u = 0; u < lk->nnodes; u++) {
		lk->sa[u].param = -1;
		lk->sa[u].bad = json_array_size(json_object_get(lk->nodes[u].fn, "annotations")) > 0;
	}
	sig_roots(lk);
	/* parameters first, so that no call is judged before its caller's
	 * parameter is known; then the numbers, to a fixpoint */
	for (int pass = 0; pass < 2; pass++) {
		int changed = 1;
		for (int round = 0; changed && round < 64; round++) {
			changed = 0;
			for (int u = 0; u < lk->nnodes; u++) {
				json_t *call;
				calls_foreach(lk->nodes[u].fn, it, call) {
					const struct idxlist *l = followed_targets(lk, call);
					for (int k = 0; l && k < l->n; k++)
						changed |= sig_edge(lk, u, l->v[k], call, !pass);
				}
			}
		}
		if (changed) /* no fixpoint: trust none */
			for (int u = 0; u < lk->nnodes; u++)
				lk->sa[u].bad = 1;
	}
}

/* "SIGHUP, SIGUSR1 or SIGUSR2" for the numbers in set, into names; how
 * many there are. */
static int sig_names(struct link *lk, uint64_t set, char *names, size_t size)
{
	int n = 0, last = 0;
	names[0] = 0;
	for (int v = 1; v < 64; v++)
		if (set & sig_bit(v))
			n++, last = v;
	for (int v = 1, k = 0; v < 64; v++) {
		if (!(set & sig_bit(v)))
			continue;
		size_t len = strlen(names);
		const char *sep = !k++ ? "" : v == last ? " or " : ", ";
		if (lk->signame[v])
			snprintf(names + len, size - len, "%s%s", sep, lk->signame[v]);
		else
			snprintf(names + len, size - len, "%ssignal %d", sep, v);
	}
	return n;
}

/* Does call (in u) run only for operator signals its signal parameter
 * carries? The gate's reason, or NULL. */
static const char *sigcase_gate(struct link *lk, int u, const json_t *call)
{
	const struct sigarg *a = lk->sa ? &lk->sa[u] : NULL;
	if (!a || a->param < 0 || a->bad || !a->op)
		return NULL;
	uint64_t op = sig_reached(call, a->param, a->op);
	if (!op || sig_reached(call, a->param, a->other))
		return NULL;
	char names[512];
	int n = sig_names(lk, op, names, sizeof names);
	const char *those = n > 1 ? "those signals" : "that signal";
	/* which test: a switch's default or case, or an if's branch */
	const char *kind = NULL;
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(call, "requires"), i, g) {
		int sw = json_is_true(json_object_get(g, "switch"));
		if (jint(g, "param") != a->param)
			continue;
		if (sw && ls_streq(jstr(g, "op"), "out"))
			kind = "default";
		else if (!ls_streq(kind, "default") && !ls_streq(kind, "case"))
			kind = sw ? "case" : "branch";
	}
	const char *f = lk->nodes[u].name;
	char *msg = !kind ? ls_xasprintf("it runs only when the operator sends %s: '%s' is called "
					 "only for %s", names, f, those)
		  : ls_streq(kind, "default")
		? ls_xasprintf("it runs only when the operator sends %s: '%s' dispatches on the signal "
			       "number, and only %s reach%s its default case",
			       names, f, those, n > 1 ? "" : "es")
		: ls_xasprintf("it runs only when the operator sends %s: '%s' %s the signal number, "
			       "and this is its %s for %s",
			       names, f, ls_streq(kind, "case") ? "dispatches on" : "tests", kind, those);
	return gate_text(lk, msg);
}

/* ---- channel values: codes a signal handler sends the loop ----
 *
 * The self-pipe trick: a signal handler maps its signal to a code, stores
 * it into a field (`m.event = EV_RELOAD`, or `m.event = event` in a
 * function the handler passes the code to), writes the structure into a
 * pipe, and the loop reads it back and switches on the field (`case
 * EV_RELOAD:`). What the field holds is then only what the program
 * stores into it: extract.c's fvals, followed through parameters to the
 * constants callers pass and to locals assigned only constants. A value
 * is the operator's when every store of it is
 *   - in a signal handler or signal callback, under tests of the signal
 *     number it receives that let only operator_signals through (a
 *     callback registered only for such signals needs no test), or
 *   - a call that is a gate itself, or made once, in a main and outside
 *     any loop statement (the code a program queues for its own start),
 * and at least one is of the first kind. A store of a value nobody knows
 * (computed, a parameter of a function some library may call) spoils the
 * field; a value no code stores is never read. A switch case on the
 * field that only operator's values reach is a gate. */
/* lk->addr_taken: the functions whose address is taken anywhere. */
static void find_addr_taken(struct link *lk)
{
	if (lk->addr_taken)
		return;
	lk->addr_taken = json_object();
	size_t t, i;
	json_t *sum, *ref;
	json_array_foreach(lk->sums, t, sum)
		json_array_foreach(json_object_get(sum, "refs"), i, ref)
			if (jstr(ref, "usr"))
				json_object_set_new(lk->addr_taken, jstr(ref, "usr"), json_true());
}

struct caller {
	int from;
	const json_t *call;
	int icall;
};

struct chan {
	struct link *lk;
	struct caller **callers; /* per node */
	int *ncallers;
	json_t *vals;            /* "value" -> {dirty?, sigs, by} */
	json_t *seen;            /* "node#param" followed */
	int spoiled;
};

/* The operator's signals for which w stores a value under the tests at
 * holds of its signal number; 0 when it is no handler or they let
 * another signal through. */
static uint64_t origin_sigs(struct link *lk, int w, const json_t *at)
{
	const struct sigarg *a = &lk->sa[w];
	int p;
	uint64_t all;
	if (a->param >= 0 && !a->bad) {
		p = a->param;
		all = a->op | a->other;
	} else if (lk->hsigs[w]) {
		p = 0; /* installed without a number somewhere: any signal */
		all = lk->hsigs[w] & 1 ? ~(uint64_t)1 : lk->hsigs[w];
	} else {
		return 0;
	}
	uint64_t set = sig_reached(at, p, all);
	return set && !(set & ~lk->opmask) ? set : 0;
}

/* Value v stored in w (at: where, with its tests; call: the call that
 * passes it, or NULL). */
static void chan_value(struct chan *c, int w, const json_t *at, const json_t *call, long long v)
{
	char k[32];
	snprintf(k, sizeof k, "%lld", v);
	json_t *e = json_object_get(c->vals, k);
	if (!e)
		json_object_set_new(c->vals, k, e = json_pack("{s:I}", "sigs", (json_int_t)0));
	uint64_t sigs = origin_sigs(c->lk, w, at);
	if (sigs) {
		json_object_set_new(e, "sigs", json_integer((json_int_t)((uint64_t)json_integer_value(
								  json_object_get(e, "sigs")) | sigs)));
		if (!json_object_get(e, "by"))
			json_object_set_new(e, "by", json_string(c->lk->nodes[w].name));
		return;
	}
	int looped = json_object_get(at, "loop") || (call && json_object_get(call, "loop"));
	if (ls_streq(c->lk->nodes[w].name, "main") && !looped)
		json_object_set_new(e, "startup", json_true());
	else if (call && call_gate(c->lk, w, call))
		json_object_set_new(e, "gated", json_true());
	else
		json_object_set_new(e, "dirty", json_true());
}

/* The values parameter p of u gets from its callers. */
static void chan_param(struct chan *c, int u, int p)
{
	char key[32];
	snprintf(key, sizeof key, "%d#%d", u, p);
	if (c->spoiled || json_object_get(c->seen, key))
		return;
	json_object_set_new(c->seen, key, json_true());
	if (json_object_get(c->lk->addr_taken, c->lk->nodes[u].usr)) {
		c->spoiled = 1; /* called by code that is not seen */
		return;
	}
	for (int i = 0; i < c->ncallers[u] && !c->spoiled; i++) {
		const struct caller *cl = &c->callers[u][i];
		long long v;
		char arg[16];
		snprintf(arg, sizeof arg, "%d", p);
		const json_t *lv = json_object_get(json_object_get(cl->call, "lvals"), arg);
		int q = passed_param(cl->call, p);
		if (!cl->icall && const_arg(cl->call, p, &v)) {
			chan_value(c, cl->from, cl->call, cl->call, v);
		} else if (q >= 0) {
			chan_param(c, cl->from, q);
		} else if (!cl->icall && lv) {
			size_t j;
			json_t *e;
			json_array_foreach(lv, j, e) {
				if (!json_object_get(e, "k")) {
					c->spoiled = 1;
					break;
				}
				json_t *at = json_deep_copy(e);
				json_t *req = json_object_get(at, "requires");
				if (!req)
					json_object_set_new(at, "requires", req = json_array());
				json_array_extend(req, json_object_get(cl->call, "requires"));
				chan_value(c, cl->from, at, cl->call, json_integer_value(json_object_get(e, "k")));
				json_decref(at);
			}
		} else {
			c->spoiled = 1;
		}
	}
}

static void add_caller(struct chan *c, int to, int from, const json_t *call, int icall)
{
	if (!(c->ncallers[to] & (c->ncallers[to] - 1)) || !c->ncallers[to])
		c->callers[to] = ls_xrealloc(c->callers[to], (size_t)(c->ncallers[to] ? 2 * c->ncallers[to] : 1) *
								     sizeof **c->callers);
	c->callers[to][c->ncallers[to]++] = (struct caller){from, call, icall};
}

/* lk->chan for every field a switch case tests somewhere. */
static void find_channels(struct link *lk)
{
	lk->chan = json_object();
	for (int u = 0; u < lk->nnodes; u++) {
		size_t j;
		json_t *call, *g;
		calls_foreach(lk->nodes[u].fn, it, call)
			json_array_foreach(json_object_get(call, "cases"), j, g)
				json_object_set_new(lk->chan, jstr(g, "key"), json_object());
	}
	if (!json_object_size(lk->chan))
		return;
	find_addr_taken(lk);
	struct chan c = {.lk = lk};
	c.callers = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *c.callers);
	c.ncallers = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *c.ncallers);
	for (int u = 0; u < lk->nnodes; u++) {
		json_t *call;
		calls_foreach(lk->nodes[u].fn, it, call) {
			const struct idxlist *l = followed_targets(lk, call);
			for (int k = 0; l && k < l->n; k++)
				add_caller(&c, l->v[k], u, call, it.icall);
		}
	}
	const char *key;
	json_t *ch;
	json_object_foreach(lk->chan, key, ch) {
		c.vals = json_object();
		c.seen = json_object();
		c.spoiled = 0;
		for (int u = 0; u < lk->nnodes && !c.spoiled; u++) {
			size_t i;
			json_t *e;
			json_array_foreach(json_object_get(json_object_get(lk->nodes[u].fn, "fvals"), key), i, e) {
				if (json_object_get(e, "k"))
					chan_value(&c, u, e, NULL, json_integer_value(json_object_get(e, "k")));
				else if (json_object_get(e, "param"))
					chan_param(&c, u, jint(e, "param"));
				else
					c.spoiled = 1;
			}
		}
		if (c.spoiled)
			json_object_set_new(ch, "spoiled", json_true());
		else
			json_object_set(ch, "vals", c.vals);
		json_decref(c.vals);
		json_decref(c.seen);
	}
	for (int u = 0; u < lk->nnodes; u++)
		free(c.callers[u]);
	free(c.callers);
	free(c.ncallers);
}

/* Does call (in u) run only for codes an operator's signal sends through
 * a channel? The gate's reason, or NULL. */
static const char *chan_gate(struct link *lk, int u, const json_t *call)
{
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(call, "cases"), i, g) {
		const json_t *vals = json_object_get(json_object_get(lk->chan, jstr(g, "key")), "vals");
		uint64_t sigs = 0;
		int dirty = 0, startup = 0, gated = 0;
		const char *by = NULL, *k;
		json_t *e;
		json_object_foreach((json_t *)vals, k, e) {
			long long v = strtoll(k, NULL, 10);
			size_t j;
			json_t *kv;
			int listed = 0;
			json_array_foreach(json_object_get(g, "ks"), j, kv)
				listed |= json_integer_value(kv) == v;
			if (listed != ls_streq(jstr(g, "op"), "in"))
				continue; /* this case is not reached with v */
			dirty |= json_is_true(json_object_get(e, "dirty"));
			startup |= json_is_true(json_object_get(e, "startup"));
			gated |= json_is_true(json_object_get(e, "gated"));
			sigs |= (uint64_t)json_integer_value(json_object_get(e, "sigs"));
			if (!by)
				by = jstr(e, "by");
		}
		if (dirty || !sigs)
			continue;
		char names[512];
		int n = sig_names(lk, sigs, names, sizeof names);
		return gate_text(lk, ls_xasprintf("it runs only when the operator sends %s: '%s' dispatches "
						  "on '%s', whose values for this case come from the signal "
						  "handler '%s' for %s%s%s",
						  names, lk->nodes[u].name, jstr(g, "name"), by,
						  n > 1 ? "those signals" : "that signal",
						  startup ? ", and from 'main' once before its loop" : "",
						  gated ? ", and from code behind another gate" : ""));
	}
	return NULL;
}

/* Hold an edge (from -1: a root, in the programs m) for the second phase. */
static void defer(struct link *lk, int from, int to, json_t *edge, json_t *root, const char *why,
		  uint64_t m)
{
	if (lk->ngated == lk->capgated) {
		lk->capgated = lk->capgated ? 2 * lk->capgated : 64;
		lk->gated = ls_xrealloc(lk->gated, (size_t)lk->capgated * sizeof *lk->gated);
	}
	lk->gated[lk->ngated++] = (struct gated){from, to, edge, root, why, m};
}

/* The second phase: reach what only gates lead to; 1 if any was. */
static int open_gates(struct link *lk, struct queue *q)
{
	int any = 0;
	for (int i = 0; i < lk->ngated; i++) {
		struct gated *g = &lk->gated[i];
		struct reach *r = &lk->nodes[g->to].r[CTX_LOOP];
		if (r->dist >= 0)
			continue;
		r->dist = g->from >= 0 ? lk->nodes[g->from].r[CTX_LOOP].dist + 1 : 0;
		r->pred = g->from;
		r->edge = g->edge;
		r->root = g->root;
		if (g->from < 0)
			lk->nodes[g->to].lm[CTX_LOOP] |= g->m;
		lk->nodes[g->to].gate = g->why;
		q_push(q, g->to);
		any = 1;
	}
	lk->ngated = 0;
	return any;
}

/* ---- roots and propagation ---- */


/* Node is a root of context c in the programs m (0: in those reaching it). */
static void seed_in(struct link *lk, struct queue *q, enum ctx c, int node, json_t *root, uint64_t m)
{
	struct reach *r = &lk->nodes[node].r[c];
	json_array_append_new(lk->rootinfo, root);
	lk->nodes[node].lm[c] |= m ? m : root_programs(lk, node);
	if (r->dist == 0)
		return; /* first root wins: deterministic */
	r->dist = 0;
	r->pred = -1;
	r->root = root;
	q_push(q, node);
}

static void seed(struct link *lk, struct queue *q, enum ctx c, int node, json_t *root)
{
	seed_in(lk, q, c, node, root, 0);
}

static void seed_usr(struct link *lk, struct queue *q, enum ctx c, const char *usr, json_t *root)
{
	struct idxlist *l = ls_strmap_get(&lk->by_usr, usr);
	if (!l) {
		json_decref(root);
		return;
	}
	for (int i = 0; i < l->n; i++)
		seed(lk, q, c, l->v[i], i + 1 < l->n ? json_deep_copy(root) : root);
}

/* Does some model's list `key` (names or globs) take name? */
static int models_glob(struct link *lk, const char *key, const char *name)
{
	size_t i;
	json_t *mod;
	json_array_foreach(lk->m->cat->models, i, mod)
		if (glob_list_has(json_object_get(mod, key), name))
			return 1;
	return 0;
}

static int name_matches(const char *const *globs, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (fnmatch(globs[i], name, 0) == 0)
			return 1;
	return 0;
}

/* The model whose list `key` names `name` ("" if none). */
static const char *model_listing(struct link *lk, const char *key, const char *name)
{
	size_t i, j;
	json_t *mod, *e;
	json_array_foreach(lk->m->cat->models, i, mod)
		json_array_foreach(json_object_get(mod, key), j, e)
			if (ls_streq(json_string_value(e), name))
				return jstr(mod, "model");
	return "";
}

static void seed_roots(struct link *lk, struct queue *q, enum ctx want,
		       const struct ls_link_opts *opts)
{
	/* Annotations, coroutine macros and configured names, in node order. */
	for (int i = 0; i < lk->nnodes; i++) {
		struct node *n = &lk->nodes[i];
		size_t j;
		json_t *a;
		json_array_foreach(json_object_get(n->fn, "annotations"), j, a) {
			const char *s = json_string_value(a);
			enum ctx c = (ls_streq(s, "loopscope::loop_callback") || ls_streq(s, "loopscope::coroutine"))
					     ? CTX_LOOP
				     : ls_streq(s, "loopscope::worker") ? CTX_WORKER
									: NCTX;
			if (c == want)
				seed(lk, q, c, i,
				     json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "annotation", "what", s,
					       "file", n->file, "line", jint(n->fn, "line"), "column",
					       jint(n->fn, "column")));
		}
		const char *macro = jstr(n->fn, "coroutine_macro");
		if (macro && want == CTX_LOOP)
			seed(lk, q, CTX_LOOP, i,
			     json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "kind", "coroutine_macro", "what",
				       macro, "file", n->file, "line", jint(n->fn, "line"), "column",
				       jint(n->fn, "column"), "model", model_listing(lk, "coroutine_macros", macro)));
		const char *const *globs = want == CTX_LOOP ? opts->loop_globs : opts->worker_globs;
		int nglobs = want == CTX_LOOP ? opts->nloop_globs : opts->nworker_globs;
		if (name_matches(globs, nglobs, n->name))
			seed(lk, q, want, i,
			     json_pack("{s:s, s:s, s:i, s:i}", "kind", "config", "file", n->file, "line",
				       jint(n->fn, "line"), "column", jint(n->fn, "column")));
	}
	/* Registrations and field stores, in summary order. */
	size_t t;
	json_t *sum;
	json_array_foreach(lk->sums, t, sum) {
		size_t i;
		json_t *ref;
		const char *tu = jstr(sum, "tu");
		json_array_foreach(json_object_get(sum, "refs"), i, ref) {
			const char *model = NULL, *api = NULL, *ctx = NULL;
			const char *kind = jstr(ref, "kind");
			if (ls_streq(kind, "arg"))
				ctx = registration(lk, ref, &model, &api);
			else if (ls_streq(kind, "field") && callback_field(lk, ref, &model, &ctx))
				api = NULL;
			if (!ctx)
				continue;
			enum ctx c = ls_streq(ctx, "worker") ? CTX_WORKER : CTX_LOOP;
			if (c != want)
				continue;
			json_t *root = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "kind",
						 api ? "registration" : "field", "context", ctx, "model",
						 model ? model : "", "file", tu, "line", jint(ref, "line"),
						 "column", jint(ref, "column"));
			if (api)
				json_object_set_new(root, "api", json_string(api));
			else
				json_object_set_new(root, "field",
						    json_sprintf("%s.%s", jstr(ref, "struct"), jstr(ref, "field_name")));
			/* the function that registered it, for the note */
			const char *in = jstr(ref, "in");
			struct idxlist *il = in ? ls_strmap_get(&lk->by_usr, in) : NULL;
			if (il)
				json_object_set_new(root, "in", json_string(lk->nodes[il->v[0]].name));
			const char *sig = jstr(ref, "signal");
			if (c == CTX_LOOP && sig && operator_signal(lk, sig)) {
				/* a framework's signal callback: a gated root */
				json_array_append_new(lk->rootinfo, root);
				const char *why = gate_text(
					lk, ls_xasprintf("it runs only when the operator sends %s: '%s' is "
							 "the callback of that signal",
							 sig, jstr(ref, "name")));
				struct idxlist *sl = ls_strmap_get(&lk->by_usr, jstr(ref, "usr"));
				for (int k = 0; sl && k < sl->n; k++)
					defer(lk, -1, sl->v[k], NULL, root, why,
					      root_programs(lk, sl->v[k]));
				continue;
			}
			seed_usr(lk, q, c, jstr(ref, "usr"), root);
		}
	}
}

/* A framework's own function (uv_fs_stat, event_add, ...) when the
 * framework's source is part of the program: the models describe what it
 * does, so its body is not followed (uv_fs_stat's synchronous branch
 * would otherwise put all of libuv's file code in loop context). */
static int opaque(struct link *lk, const char *name)
{
	return models_glob(lk, "opaque", name);
}

static int defined_in_program(struct link *lk, const json_t *call)
{
	return ls_strmap_get(&lk->by_usr, jstr(call, "usr")) != NULL;
}

/* ---- process boundaries ---- */

/* Does the call return the result of fork (it is fork, or a function of
 * the program that returns what fork returned)? */
static int fork_call(struct link *lk, const json_t *call)
{
	if (!call)
		return 0;
	if (ls_strmap_get(&lk->fork_names, jstr(call, "name")))
		return 1;
	struct idxlist *l = ls_strmap_get(&lk->by_usr, jstr(call, "usr"));
	for (int k = 0; l && k < l->n; k++)
		if (lk->nodes[l->v[k]].forks)
			return 1;
	return 0;
}

static void find_forks(struct link *lk)
{
	for (int round = 0; round < 8; round++) {
		int changed = 0;
		for (int i = 0; i < lk->nnodes; i++) {
			struct node *n = &lk->nodes[i];
			json_t *calls = json_object_get(n->fn, "calls");
			size_t j;
			json_t *ix;
			json_array_foreach(json_object_get(n->fn, "returns"), j, ix) {
				if (n->forks)
					break;
				if (fork_call(lk, json_array_get(calls, (size_t)json_integer_value(ix))))
					n->forks = changed = 1;
			}
		}
		if (!changed)
			break;
	}
}

/* Is a call of node u in the child side of a fork, looking only at the
 * zero sides from the from-th outermost on? */
static int in_child(struct link *lk, int u, const json_t *call, int from)
{
	json_t *z = json_object_get(call, "zero_of");
	if (!z)
		return 0;
	json_t *calls = json_object_get(lk->nodes[u].fn, "calls");
	for (size_t i = (size_t)from; i < json_array_size(z); i++)
		if (fork_call(lk, json_array_get(calls, (size_t)json_integer_value(json_array_get(z, i)))))
			return 1;
	return 0;
}

/* A call that does not run in the loop's process as it goes on: on a path
 * that ends the process, or in a forked child. */
static int cut(struct link *lk, int u, const json_t *call)
{
	return json_is_true(json_object_get(call, "dying")) || json_is_true(json_object_get(call, "dead")) ||
	       in_child(lk, u, call, 0);
}

/* ---- loop drivers ---- */

/* Is the call a `loop_waits` entry: a name listed as such, or a mapping
 * whose conditions hold for it ({call: poll, unless: {arg: 1, value: 1}}:
 * a poll of one fd waits for that fd, a blocking I/O wait with a timeout,
 * and multiplexes nothing)? */
static int loop_wait(struct link *lk, const char *name, const json_t *call)
{
	if (ls_strmap_get(&lk->waits, name))
		return 1;
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(lk->m, "loop_waits", name, &mm);
	int holds = 0;
	for (size_t k = 0; k < n && !holds; k++)
		holds = ls_model_conditions_hold(mm[k].entry, call, NULL);
	free(mm);
	return holds;
}

/* Is the call an event loop's wait: a `loop_waits` call, or one iteration
 * of a framework loop (`loop_iterations`, whose model *model gets)? */
static int wait_call(struct link *lk, const json_t *call, const char **model)
{
	const char *name = jstr(call, "name");
	*model = NULL;
	if (!name || (defined_in_program(lk, call) && !opaque(lk, name)))
		return 0;
	struct ls_model_match *mm;
	size_t n;
	if (loop_wait(lk, name, call)) {
		/* A wait that cannot block (poll with timeout 0: the models'
		 * `blocking` entry for it does not hold) waits for nothing. */
		n = ls_models_lookup(lk->m, "blocking", name, &mm);
		int blocks = !n;
		for (size_t k = 0; k < n && !blocks; k++)
			blocks = ls_model_conditions_hold(mm[k].entry, call, NULL);
		free(mm);
		return blocks;
	}
	n = ls_models_lookup(lk->m, "loop_iterations", name, &mm);
	for (size_t k = 0; k < n && !*model; k++)
		if (ls_model_conditions_hold(mm[k].entry, call, NULL))
			*model = mm[k].model;
	free(mm);
	return *model != NULL;
}

/* The functions a call or an indirect call (by value flow) may reach. */
static const struct idxlist *followed_targets(struct link *lk, const json_t *call)
{
	if (jstr(call, "usr"))
		return ls_strmap_get(&lk->by_usr, jstr(call, "usr"));
	return icall_targets(lk, call);
}

/* How many calls from a loop body its wait may be: a real event loop
 * waits a few calls down (its poll backend); a wait found further away is
 * a blocking helper deep in some handler, which does not make the loop
 * that eventually reaches it an event loop. */
#define MAX_WAIT_DEPTH 4

/* The enclosing loop statement of loop k (or of a call: its "loop"), -1. */
static int loop_parent(const json_t *loops, int k)
{
	json_t *p = json_object_get(json_array_get(loops, (size_t)k), "loop");
	return p && json_integer_value(p) < k ? (int)json_integer_value(p) : -1;
}

/* Loops of u whose body calls something other than a wait: a wait inside
 * one is not waited once per call of u (aeMain's loop, which never returns
 * between its waits), while a loop that only retries the wait (EINTR) is
 * transparent. Caller frees; NULL when u has no loop. */
static char *busy_loops(struct link *lk, int u)
{
	json_t *loops = json_object_get(lk->nodes[u].fn, "loops");
	int n = (int)json_array_size(loops);
	if (!n)
		return NULL;
	char *busy = ls_xcalloc((size_t)n, 1);
	json_t *call;
	calls_foreach(lk->nodes[u].fn, it, call) {
		json_t *lp = json_object_get(call, "loop");
		const char *model;
		if (!lp || (!it.icall && (wait_call(lk, call, &model) || !defined_in_program(lk, call))))
			continue;
		for (int k = (int)json_integer_value(lp); k >= 0 && k < n; k = loop_parent(loops, k))
			busy[k] = 1;
	}
	return busy;
}

/* Does the call sit in a busy loop (see busy_loops)? */
static int in_busy_loop(struct link *lk, int u, const char *busy, const json_t *call)
{
	json_t *lp = json_object_get(call, "loop");
	json_t *loops = json_object_get(lk->nodes[u].fn, "loops");
	int n = (int)json_array_size(loops);
	for (int k = lp ? (int)json_integer_value(lp) : -1; busy && k >= 0 && k < n;
	     k = loop_parent(loops, k))
		if (busy[k])
			return 1;
	return 0;
}

/* The fewest calls from each function to a wait it makes once per call (not
 * in a busy loop), by a breadth-first search backwards from the functions
 * that call one, up to MAX_WAIT_DEPTH. */
static void wait_distances(struct link *lk)
{
	struct idxlist *rev = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *rev);
	struct queue q = {0};
	for (int u = 0; u < lk->nnodes; u++) {
		struct node *n = &lk->nodes[u];
		if (n->opaque)
			continue;
		char *busy = busy_loops(lk, u);
		json_t *call;
		calls_foreach(n->fn, it, call) {
			const char *model;
			if (cut(lk, u, call) || in_busy_loop(lk, u, busy, call))
				continue;
			if (!it.icall && wait_call(lk, call, &model)) {
				if (n->wdist == INT_MAX) {
					n->wdist = 1;
					n->wcall = call;
					q_push(&q, u);
				}
				continue;
			}
			const struct idxlist *l = followed_targets(lk, call);
			for (int k = 0; l && k < l->n; k++) {
				struct idxlist *r = &rev[l->v[k]];
				if (lk->nodes[l->v[k]].opaque || (r->n && r->v[r->n - 1] == u))
					continue;
				r->v = ls_xrealloc(r->v, (size_t)(r->n + 1) * sizeof *r->v);
				r->v[r->n++] = u;
			}
		}
		free(busy);
	}
	while (q.head < q.tail) {
		int v = q.v[q.head++];
		for (int k = 0; k < rev[v].n; k++) {
			struct node *n = &lk->nodes[rev[v].v[k]];
			if (n->wdist == INT_MAX && lk->nodes[v].wdist < MAX_WAIT_DEPTH) {
				n->wdist = lk->nodes[v].wdist + 1;
				q_push(&q, rev[v].v[k]);
			}
		}
	}
	/* The next step of each path: a direct call where there is one. */
	for (int u = 0; u < lk->nnodes; u++) {
		struct node *n = &lk->nodes[u];
		if (n->wdist <= 1 || n->wdist == INT_MAX)
			continue;
		char *busy = busy_loops(lk, u);
		json_t *call;
		calls_foreach(n->fn, it, call) {
			const struct idxlist *l = cut(lk, u, call) || in_busy_loop(lk, u, busy, call)
							  ? NULL
							  : followed_targets(lk, call);
			for (int k = 0; l && k < l->n && n->wnext < 0; k++)
				if (!lk->nodes[l->v[k]].opaque &&
				    lk->nodes[l->v[k]].wdist == n->wdist - 1) {
					n->wnext = l->v[k];
					n->wcall = call;
				}
			if (n->wnext >= 0)
				break;
		}
		free(busy);
	}
	for (int u = 0; u < lk->nnodes; u++)
		free(rev[u].v);
	free(rev);
	free(q.v);
}

/* How far one pass of the loop body through this call is from a wait. */
static int body_distance(struct link *lk, const json_t *call, int *node)
{
	const char *model;
	*node = -1;
	if (jstr(call, "usr") && wait_call(lk, call, &model))
		return 0;
	int best = INT_MAX;
	const struct idxlist *l = followed_targets(lk, call);
	for (int k = 0; l && k < l->n; k++) {
		struct node *t = &lk->nodes[l->v[k]];
		if (!t->opaque && t->wdist < best) {
			best = t->wdist;
			*node = l->v[k];
		}
	}
	return best;
}

/* Loop statements whose body reaches a wait, per function. */
static void find_drivers(struct link *lk)
{
	for (int u = 0; u < lk->nnodes; u++) {
		struct node *n = &lk->nodes[u];
		json_t *loops = json_object_get(n->fn, "loops");
		if (n->opaque || !json_array_size(loops))
			continue;
		n->nloops = (int)json_array_size(loops);
		n->loops = ls_xcalloc((size_t)n->nloops, sizeof *n->loops);
		for (int k = 0; k < n->nloops; k++) {
			json_t *l = json_array_get(loops, (size_t)k);
			struct loopstat *ls = &n->loops[k];
			json_t *p = json_object_get(l, "loop");
			/* an enclosing loop comes first (pre-order): anything else is damage */
			ls->parent = p && json_integer_value(p) < k ? (int)json_integer_value(p) : -1;
			ls->nzero = (int)json_array_size(json_object_get(l, "zero_of"));
			ls->best = INT_MAX;
			ls->bestnode = -1;
			ls->line = jint(l, "line");
			ls->column = jint(l, "column");
		}
		json_t *call;
		calls_foreach(n->fn, it, call) {
			json_t *lp = json_object_get(call, "loop");
			if (!lp || json_is_true(json_object_get(call, "dying")))
				continue;
			int t, d = body_distance(lk, call, &t);
			if (d == INT_MAX)
				continue;
			for (int k = (int)json_integer_value(lp); k >= 0 && k < n->nloops;
			     k = n->loops[k].parent) {
				struct loopstat *ls = &n->loops[k];
				if (d < ls->best && !in_child(lk, u, call, ls->nzero)) {
					ls->best = d;
					ls->bestcall = call;
					ls->bestnode = t;
					n->driver = 1;
				}
			}
		}
	}
}

/* The outermost driver loop whose body holds the call (not in a child it
 * forks), or -1. */
static int driver_of(struct link *lk, int u, const json_t *call)
{
	struct node *n = &lk->nodes[u];
	json_t *lp = json_object_get(call, "loop");
	if (!n->driver || !lp)
		return -1;
	int found = -1;
	for (int k = (int)json_integer_value(lp); k >= 0 && k < n->nloops; k = n->loops[k].parent)
		if (n->loops[k].best < INT_MAX && !in_child(lk, u, call, n->loops[k].nzero))
			found = k;
	return found;
}

/* The wait a driver loop reaches, and the function that calls it (NULL
 * when the body does). */
static const json_t *driver_wait(struct link *lk, int u, int k, const char **through)
{
	const struct loopstat *ls = &lk->nodes[u].loops[k];
	*through = NULL;
	int t = ls->bestnode;
	if (t < 0)
		return ls->bestcall;
	for (int guard = 0; lk->nodes[t].wnext >= 0 && guard < 4096; guard++)
		t = lk->nodes[t].wnext;
	*through = lk->nodes[t].name;
	return lk->nodes[t].wcall;
}

/* What makes loop k of u a driver, for notes ({kind: driver, ...}), placed
 * at `at` (a call in its body, or the loop itself when NULL). */
static json_t *driver_root(struct link *lk, int u, int k, const json_t *at)
{
	struct node *n = &lk->nodes[u];
	const char *through, *model;
	const json_t *w = driver_wait(lk, u, k, &through);
	int iteration = wait_call(lk, w, &model);
	json_t *r = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:i, s:i}", "kind", "driver", "driver",
			      n->name, "wait", jstr(w, "name"), "iteration", iteration && model,
			      "model", model ? model : "posix", "file", n->file, "line",
			      at ? jint(at, "line") : n->loops[k].line, "column",
			      at ? jint(at, "column") : n->loops[k].column);
	if (through)
		json_object_set_new(r, "through", json_string(through));
	json_object_set_new(r, "function_line", json_integer(jint(n->fn, "line")));
	return r;
}

/* Seed loop context with what driver bodies call. Drivers that are
 * themselves in loop context (nested) are left out when skip_nested. */
static void seed_drivers(struct link *lk, struct queue *q, int skip_nested, char *seeded)
{
	for (int u = 0; u < lk->nnodes; u++) {
		struct node *n = &lk->nodes[u];
		if (!n->driver || seeded[u] || (skip_nested && n->nested))
			continue;
		seeded[u] = 1;
		json_t *call;
		calls_foreach(n->fn, it, call) {
			int k = driver_of(lk, u, call);
			const char *model;
			if (k < 0 || json_is_true(json_object_get(call, "dying")) ||
			    (!it.icall && wait_call(lk, call, &model)))
				continue;
			const struct idxlist *l = followed_targets(lk, call);
			const char *why = call_gate(lk, u, call);
			const struct slot *sl = jstr(call, "usr") ? NULL : icall_slot(lk, call);
			for (int j = 0; l && j < l->n; j++) {
				/* the programs where the driver runs and makes this call */
				uint64_t m = root_programs(lk, u) & root_programs(lk, l->v[j]) &
					     (sl ? sl->fm[j] : ALL_PROGRAMS);
				if (lk->nodes[l->v[j]].opaque || !m)
					continue;
				if (!why) {
					seed_in(lk, q, CTX_LOOP, l->v[j], driver_root(lk, u, k, call), m);
					continue;
				}
				json_t *root = driver_root(lk, u, k, call);
				json_array_append_new(lk->rootinfo, root);
				defer(lk, -1, l->v[j], NULL, root, why, m);
			}
		}
	}
}

/* The waits of drivers outside loop context are the loop's own: not
 * blocking calls. */
static void find_exempt(struct link *lk)
{
	for (int u = 0; u < lk->nnodes; u++) {
		struct node *n = &lk->nodes[u];
		if (!n->driver || n->r[CTX_LOOP].dist >= 0)
			continue;
		for (int k = 0; k < n->nloops; k++) {
			/* outermost driver loops only: an inner loop of the body
			 * (dispatching the events) reaches no wait of its own */
			int outer = n->loops[k].best < INT_MAX;
			for (int p = n->loops[k].parent; p >= 0 && outer; p = n->loops[p].parent)
				outer = n->loops[p].best == INT_MAX;
			if (!outer)
				continue;
			const char *through;
			const json_t *w = driver_wait(lk, u, k, &through);
			lk->exempt = ls_xrealloc(lk->exempt, (size_t)(lk->nexempt + 1) * sizeof *lk->exempt);
			lk->exempt[lk->nexempt++] = w;
		}
	}
}

static int exempt(struct link *lk, const json_t *call)
{
	for (int i = 0; i < lk->nexempt; i++)
		if (lk->exempt[i] == call)
			return 1;
	return 0;
}

/* ---- propagation ---- */

/* The edges context c follows from node u, in the programs m where u is
 * reached: calls (not into a framework's own functions), and indirect
 * calls to the targets whose address gets into the slot in one of m;
 * none on a path that does not go on in the loop's process, none into a
 * function that never returns. fn gets each edge and the programs in
 * which it is taken: those of m that also link the callee (a function
 * defined in two files, one per program, is a different node in each). */
static void each_edge(struct link *lk, int u, uint64_t m,
		      void (*fn)(struct link *, void *, int, int, json_t *, uint64_t), void *ud)
{
	json_t *node = lk->nodes[u].fn;
	size_t i;
	json_t *call;
	json_array_foreach(json_object_get(node, "calls"), i, call) {
		if (cut(lk, u, call))
			continue;
		struct idxlist *l = ls_strmap_get(&lk->by_usr, jstr(call, "usr"));
		for (int k = 0; l && k < l->n; k++) {
			uint64_t mk = m & root_programs(lk, l->v[k]);
			if (mk && !lk->nodes[l->v[k]].opaque && !(lk->fatal && lk->fatal[l->v[k]]))
				fn(lk, ud, u, l->v[k], call, mk);
		}
	}
	json_array_foreach(json_object_get(node, "icalls"), i, call) {
		if (cut(lk, u, call))
			continue;
		const struct slot *sl = icall_slot(lk, call);
		for (int k = 0; sl && k < sl->fns.n; k++) {
			uint64_t mk = sl->fm[k] & m & root_programs(lk, sl->fns.v[k]);
			if (mk && !(lk->fatal && lk->fatal[sl->fns.v[k]]))
				fn(lk, ud, u, sl->fns.v[k], call, mk);
		}
	}
}

struct spread {
	enum ctx c;
	struct queue work;
	char *queued;
	struct queue *bfs; /* reached nodes whose programs grew: expand again */
};

static void spread_edge(struct link *lk, void *ud, int from, int to, json_t *edge, uint64_t m)
{
	(void)from;
	(void)edge;
	struct spread *sp = ud;
	struct node *t = &lk->nodes[to];
	if (grow(&t->lm[sp->c], m) && !sp->queued[to]) {
		sp->queued[to] = 1;
		q_push(&sp->work, to);
		if (t->r[sp->c].dist >= 0)
			q_push(sp->bfs, to);
	}
}

struct visit {
	enum ctx c;
	struct queue *q;
	struct gated *later; /* edges open only in programs that do not matter
			      * (from, to, edge): taken after the others */
	int nlater, caplater;
};

static void reach_by(struct link *lk, struct visit *v, int from, int to, json_t *edge);

static void visit_edge(struct link *lk, void *ud, int from, int to, json_t *edge, uint64_t m)
{
	struct visit *v = ud;
	struct reach *r = &lk->nodes[to].r[v->c];
	if (r->dist >= 0)
		return;
	if (v->c == CTX_LOOP && !lk->nodes[from].gate) {
		const char *why = call_gate(lk, from, edge);
		if (why) {
			defer(lk, from, to, edge, NULL, why, 0);
			return;
		}
	}
	if (lk->matter && !(m & lk->matter)) {
		if (v->nlater == v->caplater) {
			v->caplater = v->caplater ? 2 * v->caplater : 64;
			v->later = ls_xrealloc(v->later, (size_t)v->caplater * sizeof *v->later);
		}
		v->later[v->nlater++] = (struct gated){.from = from, .to = to, .edge = edge};
		return;
	}
	reach_by(lk, v, from, to, edge);
}

/* Reach `to` from `from` over edge. */
static void reach_by(struct link *lk, struct visit *v, int from, int to, json_t *edge)
{
	struct reach *r = &lk->nodes[to].r[v->c];
	r->dist = lk->nodes[from].r[v->c].dist + 1;
	r->pred = from;
	r->edge = edge;
	if (v->c == CTX_LOOP)
		lk->nodes[to].gate = lk->nodes[from].gate;
	q_push(v->q, to);
}

/*
 * Reach context c from the nodes queued (roots, and nodes whose programs
 * grew). First the programs in which each node is reached are spread to
 * a fixpoint, then a breadth-first search takes only edges open in the
 * programs of their caller, so each node keeps its shortest chain. Edges
 * open only in programs that do not matter (find_matter) are taken after
 * the others, so a function reached in a program that matters shows a
 * chain of that program.
 */
static void bfs(struct link *lk, struct queue *q, enum ctx c)
{
again:;
	struct spread sp = {.c = c, .bfs = q};
	sp.queued = ls_xcalloc((size_t)lk->nnodes + 1, 1);
	for (int k = q->head; k < q->tail; k++)
		if (!sp.queued[q->v[k]]) {
			sp.queued[q->v[k]] = 1;
			q_push(&sp.work, q->v[k]);
		}
	while (sp.work.head < sp.work.tail) {
		int u = sp.work.v[sp.work.head++];
		sp.queued[u] = 0;
		each_edge(lk, u, lk->nodes[u].lm[c], spread_edge, &sp);
	}
	free(sp.work.v);
	free(sp.queued);
	struct visit v = {c, q, NULL, 0, 0};
	for (;;) {
		while (q->head < q->tail) {
			int u = q->v[q->head++];
			each_edge(lk, u, lk->nodes[u].lm[c], visit_edge, &v);
		}
		int n = v.nlater;
		v.nlater = 0;
		for (int k = 0; k < n; k++)
			if (lk->nodes[v.later[k].to].r[c].dist < 0)
				reach_by(lk, &v, v.later[k].from, v.later[k].to, v.later[k].edge);
		if (q->head == q->tail)
			break;
	}
	free(v.later);
	if (c == CTX_LOOP && open_gates(lk, q))
		goto again;
}

/* May a call of node n run more than once in one call of n: inside a
 * loop statement, or in the lines a backward goto repeats (extract.c's
 * backjumps)? */
static int call_repeats(const struct node *n, const json_t *call)
{
	if (json_object_get(call, "loop"))
		return 1;
	size_t j;
	json_t *jb;
	json_array_foreach(json_object_get(n->fn, "backjumps"), j, jb)
		if (jint(call, "line") >= json_integer_value(json_array_get(jb, 0)) &&
		    jint(call, "line") <= json_integer_value(json_array_get(jb, 1)))
			return 1;
	return 0;
}

/*
 * Code that runs a bounded number of times in a process (lk->once): a
 * main that nothing calls and whose address nobody takes, and a function
 * whose address nobody takes, that no loop context or worker thread
 * reaches, that something calls, and whose every caller is such code and
 * calls it outside any loop statement of its own and outside the lines a
 * backward goto repeats (extract.c's backjumps). What it leaks at startup or shutdown cannot grow. A
 * least fixpoint: a cycle of calls (recursion) is never once.
 */
static void find_once(struct link *lk)
{
	if (lk->once)
		return;
	find_addr_taken(lk);
	int n = lk->nnodes;
	lk->once = ls_xcalloc((size_t)n + 1, sizeof *lk->once);
	char *bad = ls_xcalloc((size_t)n + 1, 1);
	struct idxlist *callers = ls_xcalloc((size_t)n + 1, sizeof *callers);
	for (int u = 0; u < n; u++) {
		struct node *nd = &lk->nodes[u];
		bad[u] |= json_object_get(lk->addr_taken, nd->usr) != NULL ||
			  nd->r[CTX_LOOP].dist >= 0 || nd->r[CTX_WORKER].dist >= 0;
		size_t i;
		json_t *call;
		json_array_foreach(json_object_get(nd->fn, "calls"), i, call) {
			const struct idxlist *l = jstr(call, "usr") ? ls_strmap_get(&lk->by_usr, jstr(call, "usr")) : NULL;
			int repeats = call_repeats(nd, call);
			for (int k = 0; l && k < l->n; k++) {
				int t = l->v[k];
				if (repeats)
					bad[t] = 1;
				idx_add_list(&callers[t], u);
			}
		}
	}
	for (int u = 0; u < n; u++)
		if (ls_streq(lk->nodes[u].name, "main") ? callers[u].n > 0 : callers[u].n == 0)
			bad[u] = 1;
	for (int changed = 1; changed;) {
		changed = 0;
		for (int u = 0; u < n; u++) {
			if (bad[u] || lk->once[u])
				continue;
			int all = 1;
			for (int k = 0; k < callers[u].n && all; k++)
				all = lk->once[callers[u].v[k]] != 0;
			if (all) {
				lk->once[u] = callers[u].n ? callers[u].v[0] + 1 : -1;
				changed = 1;
			}
		}
	}
	for (int u = 0; u < n; u++)
		free(callers[u].v);
	free(callers);
	free(bad);
}

/* A leak (an intraprocedural finding) in a function that runs a bounded
 * number of times (find_once), not at an acquisition that may run again
 * in one call (resource.c: on a cycle of the function's CFG), is a note. */
static void once_only(struct link *lk, json_t *f)
{
	json_t *usr = json_incref(json_object_get(f, "fn_usr"));
	int repeats = json_is_true(json_object_get(f, "repeats"));
	json_object_del(f, "fn_usr");
	json_object_del(f, "repeats");
	const struct idxlist *l = usr ? ls_strmap_get(&lk->by_usr, json_string_value(usr)) : NULL;
	json_decref(usr);
	if (repeats || !l || !l->n || json_object_get(f, "demoted"))
		return;
	find_once(lk);
	for (int k = 0; k < l->n; k++)
		if (!lk->once[l->v[k]])
			return;
	/* the chain from main, callee first */
	struct ls_buf chain = {0};
	int u = l->v[0], steps = 0;
	ls_buf_puts(&chain, lk->nodes[u].name);
	while (lk->once[u] > 0 && steps++ < 8) {
		u = lk->once[u] - 1;
		ls_buf_addf(&chain, " <- %s", lk->nodes[u].name);
	}
	if (lk->once[u] > 0)
		ls_buf_puts(&chain, " <- ...");
	char *why = ls_xasprintf("'%s' runs a bounded number of times, at startup or shutdown "
				 "(%s): no loop context, callback or thread reaches it, and no call on "
				 "the way from 'main' is inside a loop, so what it leaks cannot grow",
				 lk->nodes[l->v[0]].name, chain.s);
	json_object_set_new(f, "demoted", json_string(why));
	free(why);
	ls_buf_free(&chain);
}

/* Roots of the explaining contexts: the callees of calls on the child
 * side of a fork, and main. */
static void seed_explaining(struct link *lk, struct queue *q, enum ctx c)
{
	for (int u = 0; u < lk->nnodes; u++) {
		struct node *n = &lk->nodes[u];
		if (c == CTX_STARTUP) {
			if (ls_streq(n->name, "main"))
				seed(lk, q, c, u,
				     json_pack("{s:s, s:s, s:i, s:i}", "kind", "main", "file", n->file, "line",
					       jint(n->fn, "line"), "column", jint(n->fn, "column")));
			continue;
		}
		size_t i;
		json_t *call;
		json_array_foreach(json_object_get(n->fn, "calls"), i, call) {
			if (json_is_true(json_object_get(call, "dying")) || !in_child(lk, u, call, 0))
				continue;
			struct idxlist *l = ls_strmap_get(&lk->by_usr, jstr(call, "usr"));
			for (int k = 0; l && k < l->n; k++)
				if (!lk->nodes[l->v[k]].opaque)
					seed(lk, q, c, l->v[k],
					     json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "child", "in",
						       n->name, "file", n->file, "line", jint(call, "line"),
						       "column", jint(call, "column")));
		}
	}
}

static void propagate(struct link *lk, enum ctx c, const struct ls_link_opts *opts)
{
	struct queue q = {0};
	if (c == CTX_CHILD || c == CTX_STARTUP) {
		seed_explaining(lk, &q, c);
		bfs(lk, &q, c);
		free(q.v);
		return;
	}
	seed_roots(lk, &q, c, opts);
	char *seeded = ls_xcalloc((size_t)lk->nnodes + 1, 1);
	if (c == CTX_LOOP)
		seed_drivers(lk, &q, 0, seeded);
	bfs(lk, &q, c);
	/* A driver reached in loop context from elsewhere is a loop nested in
	 * a callback (a blocking helper's poll loop): its body is already loop
	 * context, and chains read better from the outer loop. Propagate again
	 * without it, and take it back only where nothing else reaches it. */
	int nested = 0;
	for (int u = 0; c == CTX_LOOP && u < lk->nnodes; u++)
		if (lk->nodes[u].driver && lk->nodes[u].r[CTX_LOOP].dist >= 0)
			lk->nodes[u].nested = nested = 1;
	if (nested) {
		for (int u = 0; u < lk->nnodes; u++) {
			lk->nodes[u].r[CTX_LOOP] = (struct reach){.dist = -1, .pred = -1};
			lk->nodes[u].gate = NULL;
			lk->nodes[u].lm[CTX_LOOP] = 0;
			seeded[u] = 0;
		}
		q.head = q.tail = 0;
		seed_roots(lk, &q, c, opts);
		seed_drivers(lk, &q, 1, seeded);
		bfs(lk, &q, c);
		for (int u = 0; u < lk->nnodes; u++)
			if (lk->nodes[u].nested && lk->nodes[u].r[CTX_LOOP].dist < 0)
				lk->nodes[u].nested = 0;
		seed_drivers(lk, &q, 1, seeded);
		bfs(lk, &q, c);
	}
	free(seeded);
	free(q.v);
}

/*
 * Functions that never return (extract.c: `noreturn`, or a `tail_call`
 * of one that never returns, closed over the program): an assertion's
 * failure handler and the crash report it writes run on the way out of
 * the process, so no context propagates into them.
 */
static void find_fatal(struct link *lk)
{
	lk->fatal = ls_xcalloc((size_t)lk->nnodes + 1, 1);
	for (int u = 0; u < lk->nnodes; u++)
		lk->fatal[u] = json_is_true(json_object_get(lk->nodes[u].fn, "noreturn"));
	for (int changed = 1; changed;) {
		changed = 0;
		for (int u = 0; u < lk->nnodes; u++) {
			const char *tail = jstr(lk->nodes[u].fn, "tail_call");
			const struct idxlist *l = tail ? ls_strmap_get(&lk->by_usr, tail) : NULL;
			for (int k = 0; l && k < l->n && !lk->fatal[u]; k++)
				if (lk->fatal[l->v[k]])
					lk->fatal[u] = changed = 1;
		}
	}
}

/* ---- programs of findings ----
 *
 * A finding belongs to the programs (see "programs" above) in which a
 * chain of its context reaches its function — every function on the
 * chain linked into that program, every indirect edge possible there
 * (lm) — or, for intraprocedural rules, to those reaching its function.
 * They are listed in the report as `programs`. Which programs matter:
 *
 *   configured  `programs:` globs of main files: a finding in none of
 *               them is a note;
 *   by default  when some program serves — its code calls a model's
 *               `serves` API (listen, accept, a framework's listener) —
 *               a finding only in programs that serve nothing (a load
 *               generator, a test driver, a command-line client built
 *               from the same tree) is a note. A tree of one program, or
 *               where none serves, is reported whole.
 */

/* The programs that matter: those the configuration's globs name, else
 * those that serve (0: all do). */
static uint64_t find_matter(struct link *lk, const struct ls_link_opts *opts)
{
	if (!opts->nprogram_globs) {
		/* a program that shares no function with a serving one is no
		 * tool of that server but a program of its own (a directory
		 * of examples): it matters too */
		uint64_t shared = lk->serving;
		for (int u = 0; u < lk->nnodes; u++)
			if (lk->nodes[u].pm & lk->serving & ~OUTSIDE)
				shared |= lk->nodes[u].pm & ~OUTSIDE;
		uint64_t all = ((uint64_t)1 << json_array_size(lk->mains)) - 1; /* <= MAX_PROGRAMS */
		return lk->serving ? lk->serving | (all & ~shared) : 0;
	}
	uint64_t m = 0;
	for (size_t k = 0; k < json_array_size(lk->mains); k++)
		for (int g = 0; g < opts->nprogram_globs; g++)
			if (!fnmatch(opts->program_globs[g],
				     json_string_value(json_array_get(lk->mains, k)), 0))
				m |= (uint64_t)1 << k;
	return m;
}

/* Is the call one of a `serves` API? */
static int serves_call(struct link *lk, const json_t *call)
{
	const char *name = jstr(call, "name");
	return name && !(defined_in_program(lk, call) && !opaque(lk, name)) &&
	       models_glob(lk, "serves", name);
}

/* The programs in which a call (or ref) of node u runs: those reaching
 * u, less the roles that never get past a split there (find_roles). */
static uint64_t site_programs(struct link *lk, int u, const json_t *site)
{
	uint64_t m = lk->nodes[u].pm;
	for (int i = 0; i < lk->nrcuts; i++)
		if (cut_holds(&lk->rcuts[i], u, jint(site, "line"), jint(site, "column")))
			m &= ~lk->rcuts[i].bits;
	return m;
}

/* The programs whose code calls a `serves` API. */
static uint64_t find_serving(struct link *lk)
{
	uint64_t m = 0;
	for (int u = 0; u < lk->nnodes; u++) {
		if (!(lk->nodes[u].pm & ~OUTSIDE & ~m))
			continue;
		size_t i;
		json_t *call;
		json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, call)
			if (serves_call(lk, call))
				m |= site_programs(lk, u, call) & ~OUTSIDE;
	}
	return m;
}

/* The main files of the programs in mask (display paths), each once;
 * with `roles`, a role of a main (find_roles) says which it is. */
static json_t *program_array(struct link *lk, uint64_t mask, int roles)
{
	json_t *a = json_array();
	for (size_t k = 0; k < json_array_size(lk->mains); k++) {
		if (!(mask & ((uint64_t)1 << k)))
			continue;
		const char *main = ls_display_path(json_string_value(json_array_get(lk->mains, k)));
		json_t *name = roles && lk->role[k] ? json_sprintf("%s %s", main, lk->role[k])
						    : json_string(main);
		size_t i;
		json_t *e;
		json_array_foreach(a, i, e)
			if (json_equal(e, name))
				break;
		if (i < json_array_size(a))
			json_decref(name);
		else
			json_array_append_new(a, name);
	}
	return a;
}

/* "the program whose main is in F" or "the programs whose mains are in
 * F, G", for a message; a role (find_roles) is "the process of F's main
 * where S returns". */
static char *program_list(struct link *lk, uint64_t mask)
{
	struct ls_buf b = {0};
	uint64_t whole = mask;
	for (int k = 0; k < 64; k++)
		if (lk->role[k])
			whole &= ~((uint64_t)1 << k);
	if (whole) {
		ls_buf_puts(&b, whole & (whole - 1) ? "the programs whose mains are in "
						    : "the program whose main is in ");
		json_t *a = program_array(lk, whole, 0);
		size_t i;
		json_t *e;
		json_array_foreach(a, i, e) {
			ls_buf_puts(&b, i ? ", " : "");
			ls_buf_puts(&b, json_string_value(e));
		}
		json_decref(a);
	}
	for (size_t k = 0; k < json_array_size(lk->mains); k++)
		if ((mask & ~whole) & ((uint64_t)1 << k))
			ls_buf_addf(&b, "%sthe process of %s's main %s", b.s && *b.s ? " and " : "",
				    ls_display_path(json_string_value(json_array_get(lk->mains, k))),
				    lk->role[k]);
	return ls_buf_steal(&b);
}

/* Why what runs in the programs `mask` is held at note (see above);
 * NULL when it is not. *by_default is set when the default held it. */
static char *held_reason(struct link *lk, const struct ls_link_opts *opts, uint64_t mask,
			 int *by_default)
{
	*by_default = 0;
	mask &= ~OUTSIDE;
	if (!mask || (mask & lk->matter) || (!opts->nprogram_globs && !lk->matter))
		return NULL;
	char *in = program_list(lk, mask);
	if (opts->nprogram_globs) {
		char *why = ls_xasprintf("it runs only in %s, which the configuration's programs "
					 "do not name", in);
		free(in);
		return why;
	}
	*by_default = 1;
	char *srv = program_list(lk, lk->serving);
	int roles = 0;
	for (int k = 0; k < 64; k++)
		roles |= lk->role[k] && ((mask | lk->serving) & ((uint64_t)1 << k));
	char *why = ls_xasprintf("it runs only in %s, which accept%s no connections, while %s "
				 "serve%s: a %s that serves nothing is held back when another "
				 "serves (choose with programs: in .loopscope.yml)",
				 in, mask & (mask - 1) ? "" : "s", srv,
				 lk->serving & (lk->serving - 1) ? "" : "s", roles ? "process" : "program");
	free(in);
	free(srv);
	return why;
}

static void programs_of(struct link *lk, const struct ls_link_opts *opts)
{
	size_t i;
	json_t *f;
	json_array_foreach(lk->findings, i, f) {
		uint64_t mask = 0;
		const json_t *pmj = json_object_get(f, "program_mask");
		if (pmj)
			mask = (uint64_t)json_integer_value(pmj);
		for (int v = 0; !pmj && v < lk->nnodes; v++)
			if (ls_streq(lk->nodes[v].name, jstr(f, "function")) &&
			    ls_streq(lk->nodes[v].file, jstr(f, "file")))
				mask = lk->nodes[v].pm;
		json_object_del(f, "program_mask");
		if (!(mask & ~OUTSIDE))
			continue;
		json_object_set_new(f, "programs", program_array(lk, mask, 0));
		int by_default;
		char *why = json_object_get(f, "demoted") ? NULL : held_reason(lk, opts, mask, &by_default);
		if (why) {
			json_object_set_new(f, "demoted", json_string(why));
			free(why);
			if (by_default)
				lk->held |= mask & ~OUTSIDE;
		}
	}
}

/* ---- roles: the processes of one program ----
 *
 * One main may run as two processes that never share a loop: a client
 * that forks the server it then talks to, a command that turns into a
 * daemon. The mark is a function F with a final part (extract.h: past
 * its last return every path ends the process), called once: from one
 * call site, outside any loop statement or backward goto, in a function
 * itself called once so, up to main, no address taken on the way. The
 * process that goes into F's final part never comes back to what the
 * chain of callers does after its calls, and the process that comes back
 * from F never runs its final part. Each becomes a program of its own (a
 * role, a bit of the masks): the first reaches what main does before its
 * chain's calls and F (final part included), the second all but F's
 * final part. A role that accepts no connections while the other serves
 * is held back as a program is (see "programs").
 *
 * The two reaches are precise, unlike the program's above, which takes
 * every table a variable names: direct calls, the addresses taken in the
 * code a role runs, and indirect calls through the slots (solve_flows')
 * that code stores into, each fact counted only where it sits; copies
 * between slots count everywhere. Code neither reach finds keeps both
 * roles. One split per main, and only one that tells a serving role from
 * one that serves nothing.
 */

/* A function's address stored into a slot (flows' fn), and where. */
struct slot_fact {
	int slot;
	const char *fn; /* USR */
	int owner;      /* node; -1: a file-scope initializer, which always holds */
	int line, column;
};

struct roles {
	struct idxlist *refs;     /* per node: indexes into rv of the refs it holds */
	const json_t **rv;
	int nrv;
	struct slot_fact *facts;
	int nfacts;
	int *nsites;              /* per node: call sites calling it */
	int *site_from;           /* per node: the caller of its (last) call site */
	const json_t **site;      /* per node: that call */
};

struct rolereach {
	struct link *lk;
	const struct roles *ro;
	const struct rolecut *cuts;
	int ncuts;
	char *in; /* per node: reached */
	struct queue q;
	struct idxlist *fns; /* per slot: the functions stored there, sorted */
};

static int cut_site(const struct rolecut *cuts, int ncuts, int u, int line, int column)
{
	for (int i = 0; i < ncuts; i++)
		if (cut_holds(&cuts[i], u, line, column))
			return 1;
	return 0;
}

static int cut_json(const struct rolereach *rr, int u, const json_t *site)
{
	return cut_site(rr->cuts, rr->ncuts, u, jint(site, "line"), jint(site, "column"));
}

static void rr_add(struct rolereach *rr, const char *usr)
{
	const struct idxlist *l = usr ? ls_strmap_get(&rr->lk->by_usr, usr) : NULL;
	for (int k = 0; l && k < l->n; k++)
		if (!rr->in[l->v[k]]) {
			rr->in[l->v[k]] = 1;
			q_push(&rr->q, l->v[k]);
		}
}

/* Node v's address gets into slot s, and on along the copies; 1 if new. */
static int rr_store(struct rolereach *rr, int s, int v)
{
	int n = rr->fns[s].n;
	sorted_put(&rr->fns[s], NULL, v);
	if (rr->fns[s].n == n)
		return 0;
	const struct slot *sl = &rr->lk->slots[s];
	for (int i = 0; i < sl->succ.n; i++)
		rr_store(rr, sl->succ.v[i], v);
	return 1;
}

static int rr_store_usr(struct rolereach *rr, int s, const char *usr)
{
	const struct idxlist *l = usr ? ls_strmap_get(&rr->lk->by_usr, usr) : NULL;
	int added = 0;
	for (int k = 0; l && k < l->n; k++)
		added |= rr_store(rr, s, l->v[k]);
	return added;
}

/* Expand reached node u; 1 if a slot grew (function values an indirect
 * call passes on to its targets' parameters). */
static int rr_expand(struct rolereach *rr, int u)
{
	struct link *lk = rr->lk;
	int grew = 0;
	size_t i, j;
	json_t *o, *fa;
	json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, o)
		if (!cut_json(rr, u, o) && !ls_streq(jstr(o, "name"), "main"))
			rr_add(rr, jstr(o, "usr"));
	for (int k = 0; k < rr->ro->refs[u].n; k++) {
		const json_t *ref = rr->ro->rv[rr->ro->refs[u].v[k]];
		if (!cut_json(rr, u, ref))
			rr_add(rr, jstr(ref, "usr"));
	}
	json_array_foreach(json_object_get(lk->nodes[u].fn, "icalls"), i, o) {
		int s = cut_json(rr, u, o) ? -1 : slot_find(lk, jstr(o, "slot"));
		for (int k = 0; s >= 0 && k < rr->fns[s].n; k++) {
			int t = rr->fns[s].v[k];
			if (!rr->in[t]) {
				rr->in[t] = 1;
				q_push(&rr->q, t);
			}
			json_array_foreach(json_object_get(o, "fargs"), j, fa) {
				char *key = ls_xasprintf("P:%s#%d", lk->nodes[t].usr, jint(fa, "arg"));
				int p = slot_find(lk, key);
				free(key);
				int from = slot_find(lk, jstr(fa, "from"));
				if (p >= 0 && jstr(fa, "fn"))
					grew |= rr_store_usr(rr, p, jstr(fa, "fn"));
				for (int m = 0; p >= 0 && from >= 0 && m < lk->slots[from].fns.n; m++)
					grew |= rr_store(rr, p, lk->slots[from].fns.v[m]);
			}
		}
	}
	return grew;
}

/* The nodes a role started at node `from`, less the cuts, reaches (in). */
static void role_reach(struct link *lk, const struct roles *ro, int from,
		       const struct rolecut *cuts, int ncuts, char *in)
{
	struct rolereach rr = {lk, ro, cuts, ncuts, in, {0}, NULL};
	rr.fns = ls_xcalloc((size_t)lk->nslots + 1, sizeof *rr.fns);
	char *done = ls_xcalloc((size_t)ro->nfacts + 1, 1);
	in[from] = 1;
	q_push(&rr.q, from);
	for (int grew = 1; grew;) {
		grew = 0;
		while (rr.q.head < rr.q.tail)
			grew |= rr_expand(&rr, rr.q.v[rr.q.head++]);
		for (int i = 0; i < ro->nfacts; i++) {
			const struct slot_fact *f = &ro->facts[i];
			if (done[i] || (f->owner >= 0 && (!in[f->owner] ||
							  cut_site(cuts, ncuts, f->owner, f->line, f->column))))
				continue;
			done[i] = 1;
			grew |= rr_store_usr(&rr, f->slot, f->fn);
		}
		/* the slots grew: indirect calls reach further */
		for (int u = 0; grew && u < lk->nnodes; u++)
			if (in[u] && json_array_size(json_object_get(lk->nodes[u].fn, "icalls")))
				q_push(&rr.q, u);
	}
	for (int s = 0; s < lk->nslots; s++)
		free(rr.fns[s].v);
	free(rr.fns);
	free(rr.q.v);
	free(done);
}

static void roles_index(struct link *lk, struct roles *ro)
{
	int n = lk->nnodes;
	ro->refs = ls_xcalloc((size_t)n + 1, sizeof *ro->refs);
	ro->nsites = ls_xcalloc((size_t)n + 1, sizeof *ro->nsites);
	ro->site_from = ls_xcalloc((size_t)n + 1, sizeof *ro->site_from);
	ro->site = ls_xcalloc((size_t)n + 1, sizeof *ro->site);
	size_t t, i;
	json_t *sum, *o;
	int cap = 0, capf = 0;
	json_array_foreach(lk->sums, t, sum) {
		if (!json_is_true(json_object_get(sum, "ok")))
			continue;
		json_array_foreach(json_object_get(sum, "refs"), i, o) {
			int one, var;
			const struct idxlist *l = owner_nodes(lk, t, o, &one, &var);
			if (one < 0 && !l)
				continue;
			if (ro->nrv == cap) {
				cap = cap ? 2 * cap : 256;
				ro->rv = ls_xrealloc(ro->rv, (size_t)cap * sizeof *ro->rv);
			}
			for (int k = 0; k < (l ? l->n : 1); k++)
				idx_add_list(&ro->refs[l ? l->v[k] : one], ro->nrv);
			ro->rv[ro->nrv++] = o;
		}
		json_array_foreach(json_object_get(sum, "flows"), i, o) {
			int s = slot_find(lk, jstr(o, "to"));
			if (s < 0 || !jstr(o, "fn"))
				continue;
			int one, var;
			const struct idxlist *l = owner_nodes(lk, t, o, &one, &var);
			int nown = l ? l->n : 1;
			for (int k = 0; k < nown; k++) {
				if (ro->nfacts == capf) {
					capf = capf ? 2 * capf : 256;
					ro->facts = ls_xrealloc(ro->facts, (size_t)capf * sizeof *ro->facts);
				}
				ro->facts[ro->nfacts++] = (struct slot_fact){
					s, jstr(o, "fn"), l ? l->v[k] : one, jint(o, "line"), jint(o, "column")};
			}
		}
	}
	for (int u = 0; u < n; u++)
		json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, o) {
			const struct idxlist *l = jstr(o, "usr") ? ls_strmap_get(&lk->by_usr, jstr(o, "usr")) : NULL;
			for (int k = 0; l && k < l->n; k++) {
				ro->nsites[l->v[k]]++;
				ro->site_from[l->v[k]] = u;
				ro->site[l->v[k]] = o;
			}
		}
}

static void roles_free(struct roles *ro, int n)
{
	for (int u = 0; u < n; u++)
		free(ro->refs[u].v);
	free(ro->refs);
	free(ro->rv);
	free(ro->facts);
	free(ro->nsites);
	free(ro->site_from);
	free(ro->site);
}

/* The chain of single calls from main down to f: the cuts of the role
 * that goes into f's final part (each caller past its call), and main's
 * node; -1 when f is not called so. */
static int once_chain(struct link *lk, const struct roles *ro, int f, struct rolecut *cuts,
		      int *ncuts, int max)
{
	*ncuts = 0;
	for (int u = f; *ncuts < max;) {
		if (ls_streq(lk->nodes[u].name, "main"))
			return u == f ? -1 : u;
		if (ro->nsites[u] != 1 || json_object_get(lk->addr_taken, lk->nodes[u].usr))
			return -1;
		int from = ro->site_from[u];
		const json_t *call = ro->site[u];
		if (call_repeats(&lk->nodes[from], call))
			return -1;
		for (int k = 0; k < *ncuts; k++)
			if (cuts[k].node == from)
				return -1; /* recursion */
		/* what the arguments call runs before the call: cut past its last line */
		int last = json_object_get(call, "end_line") ? jint(call, "end_line") : jint(call, "line");
		cuts[(*ncuts)++] = (struct rolecut){from, last, INT_MAX, 0};
		u = from;
	}
	return -1;
}

/* Does code a role reaches (in, less its cuts) call a `serves` API? */
static int reach_serves(struct link *lk, const char *in, const struct rolecut *cuts, int ncuts)
{
	for (int u = 0; u < lk->nnodes; u++) {
		size_t i;
		json_t *call;
		json_array_foreach(in[u] ? json_object_get(lk->nodes[u].fn, "calls") : NULL, i, call)
			if (!cut_site(cuts, ncuts, u, jint(call, "line"), jint(call, "column")) &&
			    serves_call(lk, call))
				return 1;
	}
	return 0;
}

/* Keep cut c for the programs `bits` (site_programs). */
static void add_rolecut(struct link *lk, struct rolecut c, uint64_t bits)
{
	lk->rcuts = ls_xrealloc(lk->rcuts, (size_t)(lk->nrcuts + 1) * sizeof *lk->rcuts);
	c.bits = bits;
	lk->rcuts[lk->nrcuts++] = c;
}

/* Split main's program at f: the role going into f's final part gets a
 * new bit. */
static int split_at(struct link *lk, int f, int mainbit, const char *in_final,
		    const char *in_back)
{
	int bit = (int)json_array_size(lk->mains);
	uint64_t b = (uint64_t)1 << bit, mb = (uint64_t)1 << mainbit;
	json_array_append(lk->mains, json_array_get(lk->mains, (size_t)mainbit));
	const json_t *final = json_object_get(lk->nodes[f].fn, "final");
	const char *file = ls_display_path(lk->nodes[f].file);
	lk->role[bit] = ls_xasprintf("past %s's last return (%s:%lld)", lk->nodes[f].name, file,
				     (long long)json_integer_value(json_array_get(final, 0)));
	lk->role[mainbit] = ls_xasprintf("where %s returns", lk->nodes[f].name);
	for (int u = 0; u < lk->nnodes; u++) {
		uint64_t *pm = &lk->nodes[u].pm;
		if (!(*pm & mb))
			continue;
		if (in_final[u] && !in_back[u])
			*pm &= ~mb;
		if (in_final[u] || !in_back[u])
			*pm |= b;
	}
	for (int v = 0; v < lk->nvars; v++)
		if (lk->vm[v] & mb)
			lk->vm[v] |= b;
	for (int s = 0; s < lk->nslots; s++) {
		struct slot *sl = &lk->slots[s];
		for (int k = 0; k < sl->fns.n; k++)
			if (sl->fm[k] & mb)
				sl->fm[k] |= b;
		for (int k = 0; k < sl->succ.n; k++)
			if (sl->em[k] & mb)
				sl->em[k] |= b;
	}
	return bit;
}

static void find_roles(struct link *lk)
{
	int n = lk->nnodes;
	if (!json_array_size(lk->mains))
		return;
	find_addr_taken(lk);
	struct roles ro = {0};
	roles_index(lk, &ro);
	uint64_t split = 0;
	char *in_final = ls_xcalloc((size_t)n + 1, 1), *in_back = ls_xcalloc((size_t)n + 1, 1);
	enum { MAXCHAIN = 32 };
	struct rolecut cuts[MAXCHAIN];
	for (int f = 0; f < n && json_array_size(lk->mains) < MAX_PROGRAMS; f++) {
		const json_t *final = json_object_get(lk->nodes[f].fn, "final");
		int ncuts, m;
		if (!final || (m = once_chain(lk, &ro, f, cuts, &ncuts, MAXCHAIN)) < 0)
			continue;
		uint64_t pm = lk->nodes[m].pm & ~OUTSIDE;
		if (!pm || (pm & (pm - 1)) || (pm & split))
			continue;
		int mainbit = 0;
		while (!(pm & ((uint64_t)1 << mainbit)))
			mainbit++;
		memset(in_final, 0, (size_t)n);
		memset(in_back, 0, (size_t)n);
		role_reach(lk, &ro, m, cuts, ncuts, in_final);
		struct rolecut tail = {f, (int)json_integer_value(json_array_get(final, 0)),
				       (int)json_integer_value(json_array_get(final, 1)), 0};
		role_reach(lk, &ro, m, &tail, 1, in_back);
		if (reach_serves(lk, in_final, cuts, ncuts) == reach_serves(lk, in_back, &tail, 1))
			continue;
		int bit = split_at(lk, f, mainbit, in_final, in_back);
		add_rolecut(lk, tail, pm);
		for (int k = 0; k < ncuts; k++)
			add_rolecut(lk, cuts[k], (uint64_t)1 << bit);
		split |= pm;
	}
	free(in_final);
	free(in_back);
	roles_free(&ro, n);
}

/* ---- findings ---- */

/*
 * Object kinds (extract.c's objmarks): key -> {kind: true} over every
 * place the program makes an object stored under that key. An ignored-error
 * finding carrying oom_only {key, made} is held at note when the object was
 * made somewhere and every kind it was made as is in `made`.
 */
static json_t *kind_set(json_t *kinds, const char *key)
{
	json_t *set = json_object_get(kinds, key);
	if (!set)
		json_object_set_new(kinds, key, set = json_object());
	return set;
}

/* Add every kind of src to the set of key; returns whether any was new.
 * A source never made by a model's call gives the unknown kind "". */
static int take_kinds(json_t *kinds, const json_t *src, const char *key, int unknown)
{
	json_t *set = kind_set(kinds, key);
	const char *kind;
	json_t *v;
	int changed = 0;
	if (unknown && !json_object_size(src) && !json_object_get(set, "")) {
		json_object_set_new(set, "", json_true());
		changed = 1;
	}
	json_object_foreach((json_t *)src, kind, v) {
		if (!json_object_get(set, kind)) {
			json_object_set_new(set, kind, json_true());
			changed = 1;
		}
	}
	return changed;
}

/* Close kinds over the marks {key, from}: an object made from another has
 * every kind that one was made as, and the unknown kind when that one has
 * none and is not pending (bounded: each round adds a kind or stops). */
static void close_kinds(json_t *kinds, const json_t *froms, const json_t *pending)
{
	size_t i;
	json_t *mark;
	for (int changed = 1, round = 0; changed && round < 16; round++) {
		changed = 0;
		json_array_foreach(froms, i, mark)
			changed |= take_kinds(kinds, json_object_get(kinds, jstr(mark, "from")),
					      jstr(mark, "key"),
					      !json_object_get(pending, jstr(mark, "from")));
	}
}

/* Is every kind in set one of `only` (a string or a list), and set not
 * empty? */
static int kinds_within(const json_t *set, const json_t *only)
{
	int all = json_object_size(set) > 0;
	const char *kind;
	json_t *v;
	json_object_foreach((json_t *)set, kind, v) {
		int listed = json_is_string(only) && !strcmp(json_string_value(only), kind);
		size_t i;
		json_t *m;
		json_array_foreach(only, i, m)
			listed |= json_string_value(m) && !strcmp(json_string_value(m), kind);
		all &= listed;
	}
	return all;
}

/* Functions that return a copy of a parameter (extract.c's "copies"):
 * usr -> the parameter's index. */
static json_t *copy_functions(const json_t *sums)
{
	json_t *copies = json_object();
	size_t t, i;
	json_t *sum, *fn;
	json_array_foreach(sums, t, sum)
		json_array_foreach(json_object_get(sum, "functions"), i, fn)
			if (json_is_integer(json_object_get(fn, "copies")) && jstr(fn, "usr"))
				json_object_set(copies, jstr(fn, "usr"), json_object_get(fn, "copies"));
	return copies;
}

/*
 * Parameters that hold a pseudo-file path in every call: "usr#P" -> true
 * when the function's address is never taken, it is called, and each call
 * passes at P a pseudo-file path (extract.c's arg "pseudo": a /proc, /sys
 * or /dev literal, or a buffer a format with such a prefix filled), or a
 * parameter of its own that is one in turn (least fixpoint: a recursion
 * proves nothing). A function no main reaches may have callers not seen,
 * so a tree with no main has none. The calls such a function makes with
 * the parameter get the argument's "pseudo" flag, so the open(p) of
 * open_ro(const char *p) judges the paths its callers give.
 */
static json_t *pseudo_params(struct link *lk)
{
	json_t *set = json_object();
	int mains = 0;
	for (int u = 0; u < lk->nnodes; u++)
		mains |= ls_streq(lk->nodes[u].name, "main");
	if (!mains)
		return set;
	find_addr_taken(lk);
	/* the direct calls of each node, and the parameters its calls pass on */
	struct caller **callers = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *callers);
	int *ncallers = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *ncallers);
	for (int u = 0; u < lk->nnodes; u++) {
		size_t i;
		json_t *call;
		json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, call) {
			const struct idxlist *l = jstr(call, "usr") ? followed_targets(lk, call) : NULL;
			for (int k = 0; l && k < l->n; k++) {
				int v = l->v[k];
				if (!(ncallers[v] & (ncallers[v] - 1)))
					callers[v] = ls_xrealloc(callers[v], (size_t)(ncallers[v] ? 2 * ncallers[v] : 1) *
										     sizeof **callers);
				callers[v][ncallers[v]++] = (struct caller){u, call, 0};
			}
		}
	}
	for (int changed = 1; changed;) {
		changed = 0;
		for (int v = 0; v < lk->nnodes; v++) {
			if (!ncallers[v] || json_object_get(lk->addr_taken, lk->nodes[v].usr))
				continue;
			int np = jint(callers[v][0].call, "nargs");
			for (int p = 0; p < np; p++) {
				char key[512];
				snprintf(key, sizeof key, "%s#%d", lk->nodes[v].usr, p);
				if (json_object_get(set, key))
					continue;
				int all = 1;
				for (int k = 0; k < ncallers[v] && all; k++) {
					const json_t *c = callers[v][k].call;
					char pk[16], ck[512];
					snprintf(pk, sizeof pk, "%d", p);
					const json_t *pp = json_object_get(json_object_get(c, "passes_path"), pk);
					int q = pp ? (int)json_integer_value(pp) : passed_param(c, p);
					snprintf(ck, sizeof ck, "%s#%d", lk->nodes[callers[v][k].from].usr, q);
					all = json_object_get(json_object_get(c, "pseudo"), pk) ||
					      json_is_true(json_object_get(
						      json_array_get(json_object_get(c, "args"), (size_t)p), "pseudo")) ||
					      (q >= 0 && json_object_get(set, ck));
				}
				if (all) {
					json_object_set_new(set, key, json_true());
					changed = 1;
				}
			}
		}
	}
	for (int u = 0; u < lk->nnodes; u++) {
		free(callers[u]);
		size_t i, j;
		json_t *call, *a;
		json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, call)
			json_array_foreach(json_object_get(call, "args"), j, a) {
				char key[512];
				if (!json_is_integer(json_object_get(a, "param")))
					continue;
				snprintf(key, sizeof key, "%s#%d", lk->nodes[u].usr, jint(a, "param"));
				if (json_object_get(set, key))
					json_object_set_new(a, "pseudo", json_true());
			}
	}
	free(callers);
	free(ncallers);
	return set;
}

/* What the objmarks say, over the whole program: kinds (key -> {kind}),
 * and the edges between keys that are one object seen two ways (a copy,
 * a stream over an fd, a string a wrapper copied), for the uses. */
static json_t *object_kinds(const json_t *sums, json_t *edges, const json_t *pseudo)
{
	json_t *kinds = json_object();
	json_t *copies = copy_functions(sums);
	json_t *onlys = json_array(); /* marks {key, from, only, kind}: see object_mark */
	json_t *pseudo_marks = json_array(); /* the copies taking their pseudo_kind */
	size_t t, i;
	json_t *sum, *mark;
	json_array_foreach(sums, t, sum) {
		json_array_foreach(json_object_get(sum, "objmarks"), i, mark) {
			const char *key = jstr(mark, "key"), *kind = jstr(mark, "kind");
			const char *via = jstr(mark, "via");
			if (!key)
				continue;
			if (jstr(mark, "pseudo_kind")) {
				/* made from a parameter every caller passes a
				 * pseudo-file path in (pseudo_params) */
				char pk[512];
				snprintf(pk, sizeof pk, "%s#%d", jstr(mark, "pseudo_fn"),
					 jint(mark, "pseudo_param"));
				if (json_object_get(pseudo, pk)) {
					mark = json_deep_copy(mark);
					json_object_set(mark, "kind", json_object_get(mark, "pseudo_kind"));
					json_array_append_new(pseudo_marks, mark);
					kind = jstr(mark, "kind");
				}
			}
			if (jstr(mark, "from") && json_object_get(mark, "only")) {
				json_array_append(onlys, mark);
			} else if (jstr(mark, "from")) {
				json_array_append(edges, mark);
			} else if (via) {
				/* the result of a function of the program: a copy of
				 * the argument it copies, else unknown */
				const json_t *p = json_object_get(copies, via);
				const char *arg = p ? json_string_value(json_array_get(
							      json_object_get(mark, "args"),
							      (size_t)json_integer_value(p)))
						    : NULL;
				if (arg && *arg)
					json_array_append_new(edges, json_pack("{s:s, s:s}", "key", key,
									       "from", arg));
				else
					json_object_set_new(kind_set(kinds, key), "", json_true());
			} else if (kind) {
				json_object_set_new(kind_set(kinds, key), kind, json_true());
			}
		}
		/* an int copied from another (c->fd = fd) holds what that holds */
		json_array_foreach(json_object_get(sum, "fdmarks"), i, mark)
			if (jstr(mark, "copy_of"))
				json_array_append_new(edges, json_pack("{s:s, s:s}", "key", jstr(mark, "key"),
								       "from", jstr(mark, "copy_of")));
	}
	/* An object made from another only when that one is made only as
	 * certain kinds (a stream opened on a private temporary path), else
	 * as its own kind: decided on the kinds closed without these marks
	 * (what is made from their objects waits for them), then closed again
	 * for the objects made from these. Such marks in a chain (a stream
	 * fdopen'ed over the fd a wrapper returns, opened on its parameter)
	 * are decided in rounds, each on the kinds of the ones before it. */
	char *decided = ls_xcalloc(json_array_size(onlys) + 1, 1);
	for (int round = 0, force = 0; round < 16; round++) {
		json_t *waits = json_object();
		json_array_foreach(onlys, i, mark)
			if (!decided[i])
				json_object_set_new(waits, jstr(mark, "key"), json_true());
		if (!json_object_size(waits)) {
			json_decref(waits);
			break;
		}
		for (int changed = 1; changed;) {
			changed = 0;
			json_t *e;
			json_array_foreach(edges, i, e)
				if (json_object_get(waits, jstr(e, "from")) && !json_object_get(waits, jstr(e, "key"))) {
					json_object_set_new(waits, jstr(e, "key"), json_true());
					changed = 1;
				}
		}
		close_kinds(kinds, edges, waits);
		int progress = 0;
		json_array_foreach(onlys, i, mark) {
			if (decided[i] || (!force && json_object_get(waits, jstr(mark, "from"))))
				continue;
			decided[i] = progress = 1;
			const json_t *src = json_object_get(kinds, jstr(mark, "from"));
			if (kinds_within(src, json_object_get(mark, "only"))) {
				take_kinds(kinds, src, jstr(mark, "key"), 1);
				json_array_append(edges, mark);
			} else if (jstr(mark, "kind")) {
				json_object_set_new(kind_set(kinds, jstr(mark, "key")), jstr(mark, "kind"),
						    json_true());
			}
		}
		force = !progress;
		json_decref(waits);
	}
	free(decided);
	close_kinds(kinds, edges, NULL);
	json_decref(onlys);
	json_decref(copies);
	json_decref(pseudo_marks);
	return kinds;
}

/* What the program does with each object (usemarks: key -> {use}), shared
 * by every key the edges join: a read of the fd fileno() gave is a read of
 * the stream, and of the field the stream was copied into. */
static json_t *object_uses(const json_t *sums, const json_t *edges)
{
	json_t *uses = json_object();
	size_t t, i;
	json_t *sum, *mark;
	json_array_foreach(sums, t, sum)
		json_array_foreach(json_object_get(sum, "usemarks"), i, mark)
			if (jstr(mark, "key") && jstr(mark, "use"))
				json_object_set_new(kind_set(uses, jstr(mark, "key")), jstr(mark, "use"),
						    json_true());
	for (int changed = 1, round = 0; changed && round < 16; round++) {
		changed = 0;
		json_array_foreach(edges, i, mark) {
			const char *a = jstr(mark, "key"), *b = jstr(mark, "from");
			json_t *ua = json_object_get(uses, a), *ub = json_object_get(uses, b);
			if ((!json_object_size(ua) && !json_object_size(ub)) || json_equal(ua, ub))
				continue;
			json_t *both = json_object();
			json_object_update(both, ua);
			json_object_update(both, ub);
			json_object_set(uses, a, both);
			json_object_set_new(uses, b, both);
			changed = 1;
		}
	}
	return uses;
}

/* The `made` condition (model.h): key was made somewhere, and only as
 * one of kinds (a string or a list). */
static int made_as(void *ud, const char *key, const json_t *kinds)
{
	return kinds_within(json_object_get(((struct link *)ud)->kinds, key), kinds);
}

/* The `used` condition (model.h): the program uses key (or an object
 * joined to it) in one of these ways (a string or a list). */
static int used_as(void *ud, const char *key, const json_t *uses)
{
	const json_t *set = json_object_get(((struct link *)ud)->uses, key);
	if (json_is_string(uses))
		return json_object_get(set, json_string_value(uses)) != NULL;
	size_t i;
	json_t *u;
	json_array_foreach(uses, i, u)
		if (json_string_value(u) && json_object_get(set, json_string_value(u)))
			return 1;
	return 0;
}

static void apply_oom_only(struct link *lk, json_t *f)
{
	const json_t *oom = json_object_get(f, "oom_only");
	if (!oom)
		return;
	if (made_as(lk, jstr(oom, "key"), json_object_get(oom, "made")))
		json_object_set_new(f, "demoted",
				    json_string("the call fails only when memory runs out, given "
						"how the object it is passed is made"));
	json_object_del(f, "oom_only");
}

static int fd_blocking(void *ud, const char *key)
{
	return ls_strmap_get(&((struct link *)ud)->fd_blocking, key) != NULL;
}

static int fd_nonblocking(void *ud, const char *key)
{
	struct link *lk = ud;
	if (lk->nb_for) {
		const json_t *g = json_object_get(lk->nb_guarded, key);
		if (g && ls_streq(jstr(g, "fn"), lk->nodes[lk->nb_for - 1].usr))
			return 1;
	}
	return ls_strmap_get(&lk->fd_nonblocking, key) != NULL;
}

static const char *tu_framework(struct link *lk, int tu)
{
	json_t *fws = json_object_get(json_array_get(lk->sums, (size_t)tu), "frameworks");
	size_t i;
	json_t *f;
	json_array_foreach(fws, i, f)
		if (!ls_streq(json_string_value(f), "posix"))
			return json_string_value(f);
	return json_array_size(fws) ? json_string_value(json_array_get(fws, 0)) : NULL;
}

static void note(json_t *f, const char *file, int line, int col, char *msg)
{
	json_array_append_new(json_object_get(f, "notes"),
			      json_pack("{s:s, s:i, s:i, s:s}", "file", file, "line", line, "column",
					col, "message", msg));
	free(msg);
}

static char *root_text(const json_t *root, const char *name)
{
	const char *kind = jstr(root, "kind");
	if (ls_streq(kind, "registration")) {
		const char *ctx = jstr(root, "context");
		const char *what = ls_streq(ctx, "worker")      ? "runs on a worker thread"
				   : ls_streq(ctx, "coroutine") ? "runs as a coroutine on the loop thread"
								: "is a loop callback";
		if (jstr(root, "in"))
			return ls_xasprintf("'%s' %s: %s passes it to %s here", name, what,
					    jstr(root, "in"), jstr(root, "api"));
		return ls_xasprintf("'%s' %s: passed to %s here", name, what, jstr(root, "api"));
	}
	if (ls_streq(kind, "field"))
		return ls_xasprintf("'%s' is a loop callback: stored into %s here", name,
				    jstr(root, "field"));
	if (ls_streq(kind, "driver")) {
		const char *through = jstr(root, "through");
		char *how = json_is_true(json_object_get(root, "iteration"))
				    ? ls_xasprintf("runs one iteration of %s per pass%s%s", jstr(root, "wait"),
						   through ? " through " : "", through ? through : "")
				    : ls_xasprintf("waits in %s%s%s", jstr(root, "wait"),
						   through ? " through " : "", through ? through : "");
		char *r = name ? ls_xasprintf("'%s' runs the event loop (%s) and calls '%s'",
					      jstr(root, "driver"), how, name)
			       : ls_xasprintf("'%s' runs the event loop (%s)", jstr(root, "driver"), how);
		free(how);
		return r;
	}
	if (ls_streq(kind, "child"))
		return ls_xasprintf("'%s' runs in a forked child: '%s' calls it where fork returned 0",
				    name, jstr(root, "in"));
	if (ls_streq(kind, "main"))
		return ls_xasprintf("'%s' is where the program starts", name);
	if (ls_streq(kind, "annotation"))
		return ls_xasprintf("'%s' is annotated %s", name, jstr(root, "what"));
	if (ls_streq(kind, "coroutine_macro"))
		return ls_xasprintf("'%s' is a stackless coroutine (it uses %s)", name, jstr(root, "what"));
	return ls_xasprintf("'%s' is listed as a root in the configuration", name);
}

/* What kind of storage an indirect call goes through, for its note. */
static const char *slot_kind(const char *slot)
{
	switch (slot ? *slot : 0) {
	case 'P':
		return "the function-pointer parameter";
	case 'R':
		return "the function pointer returned by";
	default:
		return "the function pointer";
	}
}

/* Notes and chain for a finding in node u reached in context c. Returns the
 * framework of the root (for the fix). */
static const char *explain_chain(struct link *lk, json_t *f, int u, enum ctx c)
{
	int path[256], n = 0;
	for (int v = u; v >= 0 && n < (int)LS_ARRAY_LEN(path); v = lk->nodes[v].r[c].pred)
		path[n++] = v;
	json_t *chain = json_array();
	struct node *root = &lk->nodes[path[n - 1]];
	const json_t *ri = root->r[c].root;
	note(f, jstr(ri, "file"), jint(ri, "line"), jint(ri, "column"), root_text(ri, root->name));
	/* The chain starts at the driver whose loop body calls the root. */
	if (ls_streq(jstr(ri, "kind"), "driver"))
		json_array_append_new(chain, json_pack("{s:s, s:s, s:i}", "function", jstr(ri, "driver"),
						       "file", jstr(ri, "file"), "line",
						       jint(ri, "function_line")));
	for (int i = n - 1; i >= 0; i--) {
		struct node *nd = &lk->nodes[path[i]];
		json_array_append_new(chain, json_pack("{s:s, s:s, s:i}", "function", nd->name, "file",
						       nd->file, "line", jint(nd->fn, "line")));
		if (i == 0)
			break;
		struct node *next = &lk->nodes[path[i - 1]];
		const json_t *e = next->r[c].edge;
		const char *field = jstr(e, "field");
		char *msg;
		if (jstr(e, "usr"))
			msg = ls_xasprintf("'%s' calls '%s'", nd->name, next->name);
		else if (field)
			msg = ls_xasprintf("'%s' calls '%s' through the %s field '%s'", nd->name, next->name,
					   jstr(e, "struct"), strrchr(field, '@') ? strrchr(field, '@') + 1 : field);
		else if (jstr(e, "via"))
			msg = ls_xasprintf("'%s' calls '%s' through %s '%s'", nd->name, next->name,
					   slot_kind(jstr(e, "slot")), jstr(e, "via"));
		else
			msg = ls_xasprintf("'%s' calls '%s' through a function pointer", nd->name, next->name);
		note(f, nd->file, jint(e, "line"), jint(e, "column"), msg);
	}
	json_object_set_new(f, "chain", chain);
	const char *model = jstr(ri, "model");
	return model && *model ? model : NULL;
}

/* The catalog's message for a context rule, with {call}, {framework} and
 * {use} filled in. */
static char *rule_message(struct link *lk, const char *rule, const char *call,
			  const char *framework, const char *use)
{
	const char *t = jstr(ls_rule_find(lk->m->cat, rule), "message");
	if (!t)
		t = "'{call}' is reported by this rule";
	struct ls_buf b = {0};
	while (*t) {
		const char *v = NULL;
		size_t n = 0;
		if (!strncmp(t, "{call}", 6)) {
			v = call;
			n = 6;
		} else if (!strncmp(t, "{framework}", 11)) {
			v = framework;
			n = 11;
		} else if (!strncmp(t, "{use}", 5)) {
			v = use;
			n = 5;
		}
		if (n) {
			ls_buf_puts(&b, v ? v : "");
			t += n;
		} else {
			ls_buf_add(&b, t++, 1);
		}
	}
	return ls_buf_steal(&b);
}

static int root_of(struct link *lk, int u, enum ctx c);

static json_t *emit(struct link *lk, int u, enum ctx c, const json_t *call, const char *rule,
		    char *message)
{
	struct node *n = &lk->nodes[u];
	json_t *f = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:[]}", "rule", rule, "file", n->file,
			      "line", jint(call, "line"), "column", jint(call, "column"), "function",
			      n->name, "message", message, "notes");
	free(message);
	/* the callee, which names the site when sites are grouped (group.h) */
	json_object_set_new(f, "call", json_string(jstr(call, "name")));
	/* the programs it runs in, for programs_of (removed before the report) */
	uint64_t m = n->pm;
	if (n->r[c].dist >= 0)
		m &= n->lm[c];
	json_object_set_new(f, "program_mask", json_integer((json_int_t)m));
	const char *fw;
	if (n->r[c].dist >= 0) {
		fw = explain_chain(lk, f, u, c);
	} else {
		/* A call in the body of a driver loop outside loop context. */
		json_t *root = driver_root(lk, u, driver_of(lk, u, call), NULL);
		json_array_append_new(lk->rootinfo, root);
		note(f, jstr(root, "file"), jint(root, "line"), jint(root, "column"),
		     root_text(root, NULL));
		json_object_set_new(f, "chain", json_pack("[{s:s, s:s, s:i}]", "function", n->name,
							  "file", n->file, "line", jint(n->fn, "line")));
		fw = jstr(root, "model");
	}
	/* The framework is the root's: the model of the registration that
	 * made the context, or of the wait a driver loop runs ("posix" for a
	 * hand-written poll/epoll/select loop). Only a root no model made
	 * (main, a forked child, an annotation, a configured root) takes the
	 * framework of the TU the finding is in. */
	if (!fw)
		fw = tu_framework(lk, n->tu);
	if (fw)
		json_object_set_new(f, "framework", json_string(fw));
	json_array_append_new(lk->findings, f);
	return f;
}

/* Is a call one the context rules judge by the models? Not when it sits on
 * a path that ends the process, nor when it calls the program's own
 * function (whose body is analyzed instead) — unless that function is a
 * framework's, analyzed along with the program. */
static int api_call(struct link *lk, int u, const json_t *call)
{
	if (cut(lk, u, call) || exempt(lk, call))
		return 0;
	return !defined_in_program(lk, call) || opaque(lk, jstr(call, "name"));
}

/* A constant argument i of a call: recorded args' value, or consts. */
static int const_arg(const json_t *call, int i, long long *v)
{
	const json_t *a = json_object_get(json_array_get(json_object_get(call, "args"), (size_t)i), "value");
	if (!a) {
		char key[16];
		snprintf(key, sizeof key, "%d", i);
		a = json_object_get(json_object_get(call, "consts"), key);
	}
	if (!json_is_integer(a))
		return 0;
	*v = json_integer_value(a);
	return 1;
}

static int relation(const char *op, long long v, long long k)
{
	return ls_streq(op, "==") ? v == k : ls_streq(op, "!=") ? v != k : ls_streq(op, "<") ? v < k
	     : ls_streq(op, "<=") ? v <= k : ls_streq(op, ">") ? v > k : ls_streq(op, ">=") ? v >= k
	     : ls_streq(op, "&") ? (v & k) != 0 : ls_streq(op, "!&") ? (v & k) == 0 : 1;
}

/* Does the relation g of `requires` hold for the value v: {op, k}, or a
 * switch case's {op: in | out, ks}? */
static int req_holds(const json_t *g, long long v)
{
	const char *op = jstr(g, "op");
	if (ls_streq(op, "in") || ls_streq(op, "out")) {
		size_t i;
		json_t *k;
		int in = 0;
		json_array_foreach(json_object_get(g, "ks"), i, k)
			in |= json_integer_value(k) == v;
		return ls_streq(op, "in") ? in : !in;
	}
	return relation(op, v, json_integer_value(json_object_get(g, "k")));
}

/* ---- constants callers pass ----
 *
 * A guard on a function's parameters — extract.c's `requires` of a call,
 * resource.c's guards of a leak, the `requires` of a non-blocking mark —
 * is weighed against what each call of the function from loop context
 * passes there: a constant, or, where the caller passes its own parameter
 * on or a local holding constants and parameters (extract.c's lstores), the
 * values the caller's parameter holds in loop context ("parameter values"
 * below, to a fixpoint; a recursive call passing the parameter on
 * unchanged adds nothing). The callers must all be seen: not for a root of
 * loop context nor for a function whose address is taken; a call its
 * caller's values make dead is no caller.
 */

#define MAX_VALS 16

struct vals {
	int n, unknown;
	long long v[MAX_VALS];
};

static void vals_add(struct vals *s, long long v)
{
	for (int i = 0; i < s->n; i++)
		if (s->v[i] == v)
			return;
	if (s->n == MAX_VALS)
		s->unknown = 1;
	else
		s->v[s->n++] = v;
}

/* ---- parameter values in loop context ----
 *
 * What each integer parameter of a function of loop context can hold
 * there, to a fixpoint over the calls from loop context: a constant
 * argument, the caller's own parameter passed on (its values), or a local
 * of the caller whose every store extract.c saw (`lstores`: constants and
 * parameters under the guards of each store). A root of loop context, a
 * function whose address is taken, and anything else passed give
 * "unknown". A call whose guards the caller's values make false (its
 * `requires`, or every way of one of its `requires_any`) passes nothing:
 * `int do_popen = 0; if (mode == SCRIPT) do_popen = 1;` and callers
 * passing other modes. Values start empty, so a guard fails for a
 * parameter that holds none yet and calls only ever become live.
 */
#define PV_PARAMS 8

struct pvals {
	int live; /* some root or live call of loop context reaches it */
	struct vals p[PV_PARAMS];
};

static void vals_merge(struct vals *d, const struct vals *s)
{
	d->unknown |= s->unknown;
	for (int i = 0; i < s->n; i++)
		vals_add(d, s->v[i]);
}

/* Does g fail for every value parameter values pv hold (none: fails)? */
static int pv_never(const struct pvals *pv, const json_t *g)
{
	int p = jint(g, "param");
	if (p < 0 || p >= PV_PARAMS || pv->p[p].unknown)
		return 0;
	for (int i = 0; i < pv->p[p].n; i++)
		if (req_holds(g, pv->p[p].v[i]))
			return 0;
	return 1;
}

/* Do the values pv make the guards of o (a call, a store: requires and
 * requires_any) false? */
static int pv_off(const struct pvals *pv, const json_t *o)
{
	size_t i, j, k;
	json_t *g, *a, *w;
	json_array_foreach(json_object_get(o, "requires"), i, g)
		if (pv_never(pv, g))
			return 1;
	json_array_foreach(json_object_get(o, "requires_any"), i, a) {
		int all = 1;
		json_array_foreach(a, j, w) {
			int never = 0;
			json_array_foreach(w, k, g)
				never |= pv_never(pv, g);
			all &= never;
		}
		if (all && json_array_size(a))
			return 1;
	}
	return 0;
}

/* What call c (in v, whose parameters hold pv) passes as argument i. */
static void pv_arg(const json_t *c, int i, const struct pvals *pv, struct vals *out)
{
	long long k;
	char key[16];
	snprintf(key, sizeof key, "%d", i);
	const json_t *p = json_object_get(json_object_get(c, "passes"), key);
	const json_t *lv = json_object_get(json_object_get(c, "lstores"), key);
	if (const_arg(c, i, &k)) {
		vals_add(out, k);
	} else if (json_is_integer(p) && json_integer_value(p) < PV_PARAMS) {
		vals_merge(out, &pv->p[json_integer_value(p)]);
	} else if (lv) {
		size_t j;
		json_t *e;
		json_array_foreach(lv, j, e) {
			const json_t *ep = json_object_get(e, "param");
			if (pv_off(pv, e) || json_is_true(json_object_get(e, "dead")))
				continue;
			if (json_is_integer(json_object_get(e, "k")))
				vals_add(out, json_integer_value(json_object_get(e, "k")));
			else if (json_is_integer(ep) && json_integer_value(ep) < PV_PARAMS)
				vals_merge(out, &pv->p[json_integer_value(ep)]);
			else
				out->unknown = 1;
		}
	} else {
		out->unknown = 1;
	}
}

/* Is u a loop-context root only because a driver loop's body calls it
 * (and nothing takes its address)? Its parameters then hold what those
 * calls pass: the driver's own calls are its callers (driver_calls). */
static int driver_rooted(struct link *lk, int u)
{
	const struct reach *r = &lk->nodes[u].r[CTX_LOOP];
	return r->dist == 0 && r->pred < 0 && r->root && ls_streq(jstr(r->root, "kind"), "driver") &&
	       !json_object_get(lk->addr_taken, lk->nodes[u].usr);
}

/* Is call (in v) a direct call in the body of one of v's driver loops,
 * with v itself not in loop context (its calls count there already)? */
static int driver_call(struct link *lk, int v, const json_t *call)
{
	return lk->nodes[v].r[CTX_LOOP].dist < 0 && jstr(call, "usr") && driver_of(lk, v, call) >= 0 &&
	       !json_is_true(json_object_get(call, "dying"));
}

/* Call c, made with its caller's parameter values src, passes its
 * arguments into d: d is live and holds them too. */
static void pv_pass(struct pvals *d, const json_t *c, const struct pvals *src)
{
	d->live = 1;
	for (int a = 0; a < PV_PARAMS; a++) {
		struct vals s = {0};
		pv_arg(c, a, src, &s);
		vals_merge(&d->p[a], &s);
	}
}

static void find_pvals(struct link *lk)
{
	lk->pv = ls_xcalloc((size_t)lk->nnodes + 1, sizeof *lk->pv);
	for (int u = 0; u < lk->nnodes; u++)
		if (lk->nodes[u].r[CTX_LOOP].dist >= 0 && !driver_rooted(lk, u) &&
		    (lk->nodes[u].r[CTX_LOOP].pred < 0 || json_object_get(lk->addr_taken, lk->nodes[u].usr))) {
			lk->pv[u].live = 1;
			for (int i = 0; i < PV_PARAMS; i++)
				lk->pv[u].p[i].unknown = 1;
		}
	/* What driver bodies pass to the functions they root: the driver's
	 * own parameters are unknown there (it runs outside loop context). */
	struct pvals outside = {0};
	for (int i = 0; i < PV_PARAMS; i++)
		outside.p[i].unknown = 1;
	for (int v = 0; v < lk->nnodes; v++) {
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(lk->nodes[v].fn, "calls"), i, c) {
			const struct idxlist *l = driver_call(lk, v, c) ? ls_strmap_get(&lk->by_usr, jstr(c, "usr")) : NULL;
			for (int k = 0; l && k < l->n; k++) {
				if (driver_rooted(lk, l->v[k]))
					pv_pass(&lk->pv[l->v[k]], c, &outside);
			}
		}
	}
	int changed = 1, round;
	for (round = 0; changed && round < 64; round++) {
		changed = 0;
		for (int v = 0; v < lk->nnodes; v++) {
			if (!lk->pv[v].live || lk->nodes[v].r[CTX_LOOP].dist < 0)
				continue;
			size_t i;
			json_t *c;
			json_array_foreach(json_object_get(lk->nodes[v].fn, "calls"), i, c) {
				const struct idxlist *l = jstr(c, "usr") ? ls_strmap_get(&lk->by_usr, jstr(c, "usr")) : NULL;
				if (!l || cut(lk, v, c) || pv_off(&lk->pv[v], c))
					continue;
				for (int k = 0; k < l->n; k++) {
					struct pvals *d = &lk->pv[l->v[k]], before = *d;
					pv_pass(d, c, &lk->pv[v]);
					changed |= memcmp(&before, d, sizeof before) != 0;
				}
			}
		}
	}
	if (changed) /* no fixpoint: know nothing */
		for (int u = 0; u < lk->nnodes; u++)
			for (int i = 0; i < PV_PARAMS; i++)
				lk->pv[u].p[i].unknown = 1;
}

/* The calls of u from loop context ([[node, call index]]), or NULL when
 * some caller may be unseen. A call its caller's parameter values make
 * dead (find_pvals) is none. */
static const json_t *loop_calls(struct link *lk, int u)
{
	find_addr_taken(lk);
	if (!lk->loop_calls) {
		find_pvals(lk);
		lk->loop_calls = json_object();
		for (int v = 0; v < lk->nnodes; v++) {
			size_t i;
			json_t *c;
			json_array_foreach(json_object_get(lk->nodes[v].fn, "calls"), i, c) {
				const char *usr = jstr(c, "usr");
				/* calls in loop context, and a driver body's calls of
				 * the functions it roots (driver_rooted) */
				if (lk->nodes[v].r[CTX_LOOP].dist < 0 && !driver_call(lk, v, c))
					continue;
				if (!usr || !ls_strmap_get(&lk->by_usr, usr) || cut(lk, v, c) ||
				    (lk->pv[v].live && pv_off(&lk->pv[v], c)))
					continue;
				json_t *l = json_object_get(lk->loop_calls, usr);
				if (!l)
					json_object_set_new(lk->loop_calls, usr, l = json_array());
				json_array_append_new(l, json_pack("[i, i]", v, (int)i));
			}
		}
	}
	if ((lk->nodes[u].r[CTX_LOOP].pred < 0 && !driver_rooted(lk, u)) ||
	    json_object_get(lk->addr_taken, lk->nodes[u].usr))
		return NULL;
	return json_object_get(lk->loop_calls, lk->nodes[u].usr);
}

static const json_t *edge_call(struct link *lk, const json_t *e, int *v)
{
	*v = (int)json_integer_value(json_array_get(e, 0));
	return json_array_get(json_object_get(lk->nodes[*v].fn, "calls"),
			      (size_t)json_integer_value(json_array_get(e, 1)));
}

/* Add what the call (in v, of u) passes as argument i to out. */
static void edge_values(struct link *lk, int u, int v, const json_t *call, int i, struct vals *out,
			int depth)
{
	long long k;
	if (const_arg(call, i, &k)) {
		vals_add(out, k);
		return;
	}
	char key[16];
	snprintf(key, sizeof key, "%d", i);
	const json_t *p = json_object_get(json_object_get(call, "passes"), key);
	if (lk->pv[v].live && (json_object_get(json_object_get(call, "lstores"), key) ||
			       (json_is_integer(p) && json_integer_value(p) < PV_PARAMS && !(v == u && json_integer_value(p) == i)))) {
		pv_arg(call, i, &lk->pv[v], out);
		return;
	}
	if (!json_is_integer(p)) {
		out->unknown = 1;
		return;
	}
	int pi = (int)json_integer_value(p);
	if (v == u && pi == i)
		return;
	const json_t *up = depth < 1 ? loop_calls(lk, v) : NULL;
	if (!json_array_size(up))
		out->unknown = 1;
	size_t j;
	json_t *e;
	json_array_foreach(up, j, e) {
		int w;
		const json_t *c = edge_call(lk, e, &w);
		edge_values(lk, v, w, c, pi, out, depth + 1);
	}
}

/* Does the guard g hold (want 1) or fail (want 0) for every value the
 * call (in v, of u) can pass? */
static int guard_always(struct link *lk, int u, int v, const json_t *call, const json_t *g, int want)
{
	struct vals s = {0};
	edge_values(lk, u, v, call, jint(g, "param"), &s, 0);
	for (int i = 0; i < s.n && !s.unknown; i++)
		if (req_holds(g, s.v[i]) != want)
			return 0;
	return !s.unknown;
}

/* on: does the call make some list of guards in ways true (each guard
 * holds for every value passed)? Else: does it make every list false (some
 * guard of it fails for every value passed)? */
static int ways_decided(struct link *lk, int u, int v, const json_t *call, const json_t *ways, int on)
{
	size_t i, j;
	json_t *w, *g;
	json_array_foreach(ways, i, w) {
		int all = 1; /* on: every guard holds; else: none always fails */
		json_array_foreach(w, j, g)
			all &= guard_always(lk, u, v, call, g, on) == on;
		if (all)
			return on;
	}
	return !on;
}

/* Do all calls of u from loop context (at least one) make the lists of
 * guards in ways false (on: make one of them true)? where (may be NULL)
 * gets "file:line, ..." of those calls. */
static int every_loop_call(struct link *lk, int u, const json_t *ways, int on, struct ls_buf *where)
{
	const json_t *calls = loop_calls(lk, u);
	if (!json_array_size(calls) || !json_array_size(ways))
		return 0;
	size_t i;
	json_t *e;
	json_array_foreach(calls, i, e) {
		int v;
		const json_t *c = edge_call(lk, e, &v);
		if (!ways_decided(lk, u, v, c, ways, on))
			return 0;
	}
	json_array_foreach(calls, i, e) {
		int v;
		const json_t *c = edge_call(lk, e, &v);
		if (!where || i >= 4)
			continue;
		const char *f = strrchr(lk->nodes[v].file, '/');
		ls_buf_addf(where, "%s%s:%d", i ? ", " : "", f ? f + 1 : lk->nodes[v].file,
			    jint(c, "line"));
	}
	if (where && json_array_size(calls) > 4)
		ls_buf_puts(where, ", ...");
	return 1;
}

/* "from_signal != 0", "flags & 0x1", "!(flags & 0x1)" */
static char *guard_text(const json_t *g)
{
	const char *op = jstr(g, "op"), *name = jstr(g, "name");
	long long k = json_integer_value(json_object_get(g, "k"));
	char pn[24];
	if (!name) {
		snprintf(pn, sizeof pn, "parameter %d", jint(g, "param") + 1);
		name = pn;
	}
	if (ls_streq(op, "&"))
		return ls_xasprintf("%s & %#llx", name, k);
	if (ls_streq(op, "!&"))
		return ls_xasprintf("!(%s & %#llx)", name, k);
	if (ls_streq(op, "in") || ls_streq(op, "out"))
		return ls_xasprintf("a %s case of %s", ls_streq(op, "in") ? "switch" : "default", name);
	return ls_xasprintf("%s %s %lld", name, op ? op : "!=", k);
}

/* "a && b || c" for a list of ways. */
static char *ways_text(const json_t *ways)
{
	struct ls_buf b = {0};
	size_t i, j;
	json_t *w, *g;
	json_array_foreach(ways, i, w)
		json_array_foreach(w, j, g) {
			char *t = guard_text(g);
			ls_buf_addf(&b, "%s%s", j ? " && " : i ? " || " : "", t);
			free(t);
		}
	return ls_buf_steal(&b);
}

/* A leak (an intraprocedural finding) whose every leaking path needs
 * guards on its function's parameters (resource.c's param_guards) that
 * every call of the function from loop context makes false is a note. */
static void leak_guards(struct link *lk, json_t *f)
{
	json_t *pg = json_incref(json_object_get(f, "param_guards"));
	if (!pg)
		return;
	json_object_del(f, "param_guards");
	struct idxlist *l = ls_strmap_get(&lk->by_usr, jstr(pg, "usr"));
	const json_t *ways = json_object_get(pg, "ways");
	struct ls_buf where = {0};
	int off = l && l->n > 0 && !json_object_get(f, "demoted");
	for (int k = 0; off && k < l->n; k++)
		off = every_loop_call(lk, l->v[k], ways, 0, k ? NULL : &where);
	if (off) {
		char *wt = ways_text(ways);
		char *why = ls_xasprintf("it leaks only when %s, and no call of '%s' from loop context "
					 "passes a value for which that holds (%s)",
					 wt, lk->nodes[l->v[0]].name, where.s);
		json_object_set_new(f, "demoted", json_string(why));
		free(why);
		free(wt);
	}
	ls_buf_free(&where);
	json_decref(pg);
}

/* A blocking call (in u) on an fd that u makes non-blocking only under
 * guards on its parameters (see "non-blocking fds behind guards") is a
 * note when every call of u from loop context makes one of them true. */
static void nb_held(struct link *lk, int u, const json_t *call, const json_t *entry,
		    const struct ls_fdstate *fd, json_t *f)
{
	if (json_object_get(f, "demoted") || !json_object_size(lk->nb_guarded))
		return;
	lk->nb_for = u + 1;
	int blocks = ls_model_conditions_hold(entry, call, fd);
	lk->nb_for = 0;
	if (blocks)
		return;
	json_t *ways = json_array();
	const char *fdname = NULL;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(call, "args"), i, a) {
		const json_t *g = json_object_get(lk->nb_guarded, jstr(a, "key"));
		if (g && ls_streq(jstr(g, "fn"), lk->nodes[u].usr)) {
			json_array_extend(ways, json_object_get(json_object_get(g, "ways"), ""));
			fdname = jstr(a, "text");
		}
	}
	struct ls_buf where = {0};
	if (every_loop_call(lk, u, ways, 1, &where)) {
		char *wt = ways_text(ways);
		char *why = ls_xasprintf("'%s' is made non-blocking when %s, which every call of '%s' "
					 "from loop context passes (%s)",
					 fdname, wt, lk->nodes[u].name, where.s);
		json_object_set_new(f, "demoted", json_string(why));
		free(why);
		free(wt);
	}
	ls_buf_free(&where);
	json_decref(ways);
}

/*
 * Does call (in u) sit under a guard on u's parameters that every call of
 * u from loop context makes false with the constants it passes
 * (stop_thread(NOWAIT) reaching `if (wait && pthread_join(...))`)?
 */
static int guarded_off(struct link *lk, int u, const json_t *call)
{
	const json_t *req = json_object_get(call, "requires");
	int off = 0;
	if (json_array_size(req)) {
		json_t *ways = json_pack("[O]", req);
		off = every_loop_call(lk, u, ways, 0, NULL);
		json_decref(ways);
	}
	size_t i;
	json_t *any;
	json_array_foreach(json_object_get(call, "requires_any"), i, any)
		off = off || every_loop_call(lk, u, any, 0, NULL);
	return off;
}

/*
 * A call whose model entry gives its `duration` ({arg, unit}) and that is
 * passed a constant there lasts that long, times the iteration bound of
 * every loop around it in its function (extract.c's `trips`: a for loop
 * counting between constants) up to the driver loop it sits in, if any:
 * one turn of an event loop is what a stall is measured in (a throttle
 * in a hand-written loop's own body costs that much per turn). Below the
 * stall threshold in all, it is held at note; an enclosing loop without a
 * bound (a retry or polling loop) inside the turn keeps it a warning, as
 * does a duration that is not a constant.
 */
static void short_sleep(struct link *lk, int u, const json_t *call, const json_t *entry,
			json_t *f)
{
	static const struct {
		const char *unit;
		double us;
	} units[] = {{"s", 1e6}, {"ms", 1e3}, {"us", 1}, {"ns", 1e-3}};
	const json_t *d = json_object_get(entry, "duration");
	if (!d)
		return;
	int a = ls_model_arg(json_integer_value(json_object_get(d, "arg")), jint(call, "nargs"));
	if (a < 0)
		return;
	/* unit timespec or timeval: a pointer to a local struct timespec or
	 * struct timeval set to constants, its length recorded in ns */
	int ts = ls_streq(jstr(d, "unit"), "timespec") || ls_streq(jstr(d, "unit"), "timeval");
	const json_t *v = json_object_get(json_array_get(json_object_get(call, "args"), (size_t)a),
					  !ts ? "value"
					  : ls_streq(jstr(d, "unit"), "timespec") ? "timespec_ns"
										  : "timeval_ns");
	double scale = ts ? 1e-3 : 0;
	for (size_t i = 0; i < LS_ARRAY_LEN(units); i++)
		if (ls_streq(jstr(d, "unit"), units[i].unit))
			scale = units[i].us;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || scale <= 0)
		return;
	double once = (double)json_integer_value(v) * scale, total = once;
	long long trips = 1;
	const json_t *loops = json_object_get(lk->nodes[u].fn, "loops");
	const json_t *lp = json_object_get(call, "loop");
	const char *turn = NULL; /* the driver loop whose turn it sits in */
	for (int k = lp ? (int)json_integer_value(lp) : -1, guard = 0;
	     k >= 0 && k < (int)json_array_size(loops) && guard < 64; guard++) {
		if (k < lk->nodes[u].nloops && lk->nodes[u].loops[k].best < INT_MAX) {
			turn = lk->nodes[u].name;
			break;
		}
		const json_t *loop = json_array_get(loops, (size_t)k);
		const json_t *t = json_object_get(loop, "trips");
		if (!json_is_integer(t))
			return;
		trips *= json_integer_value(t) > 0 ? json_integer_value(t) : 0;
		total = once * (double)trips;
		const json_t *parent = json_object_get(loop, "loop");
		k = parent ? (int)json_integer_value(parent) : -1;
	}
	if (total >= LS_STALL_THRESHOLD_MS * 1e3)
		return;
	char *why = trips == 1
		? ls_xasprintf("a constant sleep of %g ms%s%s%s, below the %d ms stall threshold",
			       once / 1e3, turn ? " in each turn of the loop '" : "", turn ? turn : "",
			       turn ? "' runs" : "", LS_STALL_THRESHOLD_MS)
		: ls_xasprintf("a constant sleep of %g ms, %g ms in all over the %lld iterations of "
			       "the loops around it%s%s%s, below the %d ms stall threshold",
			       once / 1e3, total / 1e3, trips, turn ? " in each turn of the loop '" : "",
			       turn ? turn : "", turn ? "' runs" : "", LS_STALL_THRESHOLD_MS);
	json_object_set_new(f, "demoted", json_string(why));
	free(why);
}

/* Does call (in u) sit under guards on u's parameters that only calls of
 * u behind a gate can make true (`if (file) open(file)`, with the loop's
 * own call passing NULL and the operator's reopen passing a name)? The
 * reason of such a gate, or NULL. */
static const char *guarded_gate(struct link *lk, int u, const json_t *call)
{
	const json_t *req = json_object_get(call, "requires");
	const json_t *calls = json_array_size(req) ? loop_calls(lk, u) : NULL;
	const char *why = NULL;
	json_t *ways = json_pack("[O]", req);
	size_t i;
	json_t *e;
	json_array_foreach(calls, i, e) {
		int v;
		const json_t *c = edge_call(lk, e, &v);
		const char *g = lk->nodes[v].gate ? lk->nodes[v].gate : call_gate(lk, v, c);
		if (g && !why)
			why = g;
		else if (!g && !ways_decided(lk, u, v, c, ways, 0)) {
			why = NULL;
			break;
		}
	}
	json_decref(ways);
	return why;
}

/* A finding of the loop rules at call (in u) behind a gate is a note. */
static void gate_finding(struct link *lk, int u, const json_t *call, json_t *f)
{
	const char *why = lk->nodes[u].r[CTX_LOOP].dist >= 0 ? lk->nodes[u].gate : NULL;
	if (!why)
		why = call_gate(lk, u, call);
	if (!why)
		why = guarded_gate(lk, u, call);
	if (why && !json_object_get(f, "demoted"))
		json_object_set_new(f, "demoted", json_string(why));
}

/* The loop rules on the calls of u (body_only: only those in the body of
 * a driver loop of u, which is not itself in loop context). */
static void loop_rules(struct link *lk, int u, const struct ls_fdstate *fd, int body_only)
{
	size_t i;
	json_t *call;
	json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, call) {
		const char *name = jstr(call, "name");
		if (!api_call(lk, u, call) || (body_only && driver_of(lk, u, call) < 0) ||
		    guarded_off(lk, u, call))
			continue;
		struct ls_model_match *mm;
		size_t n = ls_models_lookup(lk->m, "blocking", name, &mm);
		const char *done = NULL;
		for (size_t k = 0; k < n; k++) {
			const char *rule = jstr(mm[k].entry, "rule");
			if (!rule || ls_streq(rule, done) || !ls_model_conditions_hold(mm[k].entry, call, fd))
				continue;
			json_t *f = emit(lk, u, CTX_LOOP, call, rule, rule_message(lk, rule, name, NULL, NULL));
			/* `note: REASON`: the model holds this call at note level */
			if (jstr(mm[k].entry, "note"))
				json_object_set_new(f, "demoted", json_string(jstr(mm[k].entry, "note")));
			else
				short_sleep(lk, u, call, mm[k].entry, f);
			nb_held(lk, u, call, mm[k].entry, fd, f);
			gate_finding(lk, u, call, f);
			done = rule;
		}
		free(mm);
		/* In the body of a driver loop outside loop context, one
		 * iteration of a framework's loop is a wait of that driver (a
		 * hand-written loop may run several loops in turn, one
		 * iteration each), not a run nested in a callback; find_exempt
		 * already spares the one the driver was found by. */
		const char *iter;
		mm = NULL;
		n = body_only && wait_call(lk, call, &iter) && iter
			    ? 0
			    : ls_models_lookup(lk->m, "loop_runs", name, &mm);
		for (size_t k = 0; k < n; k++)
			if (ls_model_conditions_hold(mm[k].entry, call, fd)) {
				gate_finding(lk, u, call,
					     emit(lk, u, CTX_LOOP, call, "nested-loop-run",
						  rule_message(lk, "nested-loop-run", name, NULL, NULL)));
				break;
			}
		free(mm);
		n = ls_models_lookup(lk->m, "sync_without_callback", name, &mm);
		for (size_t k = 0; k < n; k++) {
			int a = ls_model_arg(json_integer_value(json_object_get(mm[k].entry, "arg")),
					     jint(call, "nargs"));
			json_t *arg = a >= 0 ? json_array_get(json_object_get(call, "args"), (size_t)a) : NULL;
			if (json_is_true(json_object_get(arg, "null"))) {
				gate_finding(lk, u, call,
					     emit(lk, u, CTX_LOOP, call, "uv-sync-fs",
						  rule_message(lk, "uv-sync-fs", name, NULL, NULL)));
				break;
			}
		}
		free(mm);
	}
}

/* Is any call of `name` anywhere in the program? (evthread_use_pthreads) */
static int program_calls(struct link *lk, const char *name)
{
	for (int i = 0; i < lk->nnodes; i++) {
		size_t j;
		json_t *call;
		json_array_foreach(json_object_get(lk->nodes[i].fn, "calls"), j, call)
			if (ls_streq(jstr(call, "name"), name))
				return 1;
	}
	return 0;
}

static int glob_list_has(const json_t *list, const char *name)
{
	size_t i;
	json_t *g;
	json_array_foreach(list, i, g)
		if (json_is_string(g) && fnmatch(json_string_value(g), name, 0) == 0)
			return 1;
	return 0;
}

/* The root of a node's shortest chain in a context. */
static int root_of(struct link *lk, int u, enum ctx c)
{
	for (int guard = 0; lk->nodes[u].r[c].pred >= 0 && guard < 4096; guard++)
		u = lk->nodes[u].r[c].pred;
	return u;
}

/* Does this call create or run an event loop (uv_loop_init, uv_run, ...)? */
static int loop_owning_call(struct link *lk, const json_t *call)
{
	const char *name = jstr(call, "name");
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(lk->m, "loop_runs", name, &mm);
	free(mm);
	if (n)
		return 1;
	size_t i;
	json_t *mod;
	json_array_foreach(lk->m->cat->models, i, mod)
		if (glob_list_has(json_object_get(json_object_get(mod, "thread_affinity"), "owns_loop"),
				  name))
			return 1;
	return 0;
}

/* Worker threads that create or run a loop of their own (one loop per
 * thread is how libuv, libevent and libev do threads): the loop APIs they
 * call act on their own loop. Marks each such worker root. */
static void find_loop_owning_workers(struct link *lk, char *owns)
{
	for (int u = 0; u < lk->nnodes; u++) {
		if (lk->nodes[u].r[CTX_WORKER].dist < 0)
			continue;
		size_t i;
		json_t *call;
		json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, call)
			if (loop_owning_call(lk, call)) {
				owns[root_of(lk, u, CTX_WORKER)] = 1;
				break;
			}
	}
}

static void worker_rules(struct link *lk, int u, const struct ls_fdstate *fd)
{
	size_t i;
	json_t *call;
	json_array_foreach(json_object_get(lk->nodes[u].fn, "calls"), i, call) {
		const char *name = jstr(call, "name");
		if (!api_call(lk, u, call))
			continue;
		size_t k;
		json_t *mod;
		json_array_foreach(lk->m->cat->models, k, mod) {
			json_t *ta = json_object_get(mod, "thread_affinity");
			if (!ta || !glob_list_has(json_object_get(ta, "apis"), name) ||
			    glob_list_has(json_object_get(ta, "safe"), name))
				continue;
			/* Conditionally safe calls (a sync uv_fs_* request, say). */
			int safe = 0;
			size_t j;
			json_t *e;
			json_array_foreach(json_object_get(ta, "safe_when"), j, e)
				if (fnmatch(jstr(e, "call") ? jstr(e, "call") : "", name, 0) == 0 &&
				    ls_model_conditions_hold(e, call, fd))
					safe = 1;
			const char *enabler = jstr(ta, "safe_if_program_calls");
			if (safe || (enabler && program_calls(lk, enabler)))
				continue;
			emit(lk, u, CTX_WORKER, call, "thread-affinity",
			     rule_message(lk, "thread-affinity", name, jstr(mod, "model"),
					  jstr(ta, "use") ? jstr(ta, "use") : "the thread-safe subset"));
			break;
		}
	}
}

/* ---- ordering ---- */

static const char *jstr0(const json_t *o, const char *k)
{
	const char *s = jstr(o, k);
	return s ? s : "";
}

/* Report order: file, line, column, rule. */
static int cmp_finding(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int r = strcmp(jstr0(x, "file"), jstr0(y, "file"));
	if (r)
		return r;
	if (jint(x, "line") != jint(y, "line"))
		return jint(x, "line") < jint(y, "line") ? -1 : 1;
	if (jint(x, "column") != jint(y, "column"))
		return jint(x, "column") < jint(y, "column") ? -1 : 1;
	return strcmp(jstr0(x, "rule"), jstr0(y, "rule"));
}

void ls_findings_sort(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = ls_xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof *v, cmp_finding);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

static json_t *sorted_unique(json_t *in)
{
	size_t n = json_array_size(in);
	json_t **v = ls_xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(in, i);
	qsort(v, n, sizeof *v, cmp_finding);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		if (i == 0 || cmp_finding(&v[i - 1], &v[i]) != 0)
			json_array_append(out, v[i]);
	free(v);
	return out;
}

/* Build the program and its contexts (everything but the rules). */
static void link_open(struct link *lk, json_t *summaries, struct ls_models *m,
		      const struct ls_link_opts *opts)
{
	*lk = (struct link){.m = m, .sums = summaries};
	lk->rootinfo = json_array();
	lk->findings = json_array();
	lk->nb_guarded = json_object();
	lk->nb_wrap = json_object();
	build_nodes(lk);
	find_fatal(lk);
	index_names(lk);
	find_wrappers(lk);
	lk->gates = json_array();
	find_programs(lk, opts);
	solve_flows(lk);
	find_flags(lk);
	find_roles(lk);
	lk->serving = find_serving(lk);
	lk->matter = find_matter(lk, opts);
	find_sigargs(lk);
	find_channels(lk);
	find_forks(lk);
	wait_distances(lk);
	find_drivers(lk);
	propagate(lk, CTX_LOOP, opts);
	propagate(lk, CTX_WORKER, opts);
	find_exempt(lk);
}

static void link_close(struct link *lk)
{
	json_decref(lk->findings);
	json_decref(lk->rootinfo);
	json_decref(lk->kinds);
	json_decref(lk->uses);
	free(lk->fatal);
	json_decref(lk->addr_taken);
	json_decref(lk->loop_calls);
	free(lk->pv);
	json_decref(lk->nb_guarded);
	json_decref(lk->nb_wrap);
	free(lk->sig);
	free(lk->hsigs);
	json_decref(lk->chan);
	free(lk->sa);
	json_decref(lk->flagdb);
	json_decref(lk->gates);
	free(lk->gated);
	json_decref(lk->mains);
	for (int k = 0; k < 64; k++)
		free(lk->role[k]);
	free(lk->rcuts);
	free(lk->vm);
	ls_strmap_free(&lk->var_ids, NULL);
	ls_strmap_free(&lk->tu_nodes, NULL);
	for (int u = 0; u < lk->nnodes; u++)
		free(lk->nodes[u].loops);
	free(lk->nodes);
	ls_strmap_free(&lk->by_usr, idx_free);
	slots_free(lk);
	ls_strmap_free(&lk->waits, NULL);
	ls_strmap_free(&lk->fork_names, NULL);
	free(lk->exempt);
	free(lk->once);
	ls_strmap_free(&lk->wrappers, NULL);
	ls_strmap_free(&lk->fd_blocking, NULL);
	ls_strmap_free(&lk->fd_nonblocking, NULL);
}

json_t *ls_link(json_t *summaries, struct ls_models *m, const struct ls_link_opts *opts,
		json_t *stats)
{
	static const struct ls_link_opts none;
	if (!opts)
		opts = &none;
	struct link lk;
	link_open(&lk, summaries, m, opts);

	json_t *edges = json_array();
	json_t *pseudo = pseudo_params(&lk);
	lk.kinds = object_kinds(summaries, edges, pseudo);
	json_decref(pseudo);
	lk.uses = object_uses(summaries, edges);
	json_decref(edges);
	struct ls_fdstate fd = {fd_blocking, fd_nonblocking, &lk, made_as, used_as};
	int nloop = 0, nworker = 0;
	char *owns = ls_xcalloc((size_t)lk.nnodes + 1, 1);
	find_loop_owning_workers(&lk, owns);
	for (int u = 0; u < lk.nnodes; u++) {
		if (lk.nodes[u].r[CTX_LOOP].dist >= 0) {
			nloop++;
			loop_rules(&lk, u, &fd, 0);
			continue;
		}
		if (lk.nodes[u].driver)
			loop_rules(&lk, u, &fd, 1);
		if (lk.nodes[u].r[CTX_WORKER].dist >= 0) {
			nworker++;
			if (!owns[root_of(&lk, u, CTX_WORKER)])
				worker_rules(&lk, u, &fd);
		}
	}
	free(owns);
	/* Intraprocedural findings carried in the summaries. */
	json_t *beliefs = ls_belief_count(summaries);
	size_t t;
	json_t *sum;
	json_array_foreach(summaries, t, sum) {
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(sum, "findings"), i, f) {
			json_t *c = json_deep_copy(f);
			if (!json_object_get(c, "framework") && tu_framework(&lk, (int)t))
				json_object_set_new(c, "framework", json_string(tu_framework(&lk, (int)t)));
			if (!json_object_get(c, "chain"))
				json_object_set_new(c, "chain", json_array());
			if (!json_object_get(c, "notes"))
				json_object_set_new(c, "notes", json_array());
			apply_oom_only(&lk, c);
			leak_guards(&lk, c);
			once_only(&lk, c);
			ls_belief_apply(beliefs, c);
			json_array_append_new(lk.findings, c);
		}
	}
	json_decref(beliefs);
	programs_of(&lk, opts);
	/* Severity and fix from the catalog. */
	size_t i;
	json_t *f;
	json_array_foreach(lk.findings, i, f) {
		const char *rule = jstr(f, "rule");
		/* A demoted finding (a reason it cannot stall a live loop or
		 * matters little) is at most a note. */
		const char *sev = ls_rule_severity(m->cat, rule);
		if (json_object_get(f, "demoted"))
			sev = "note";
		json_object_set_new(f, "severity", json_string(sev));
		const char *fix = ls_rule_fix(m->cat, rule, jstr(f, "framework"));
		json_object_set_new(f, "fix", fix ? json_string(fix) : json_null());
	}
	json_t *out = sorted_unique(lk.findings);
	if (stats) {
		json_object_set_new(stats, "functions", json_integer(lk.nnodes));
		json_object_set_new(stats, "loop_context_functions", json_integer(nloop));
		json_object_set_new(stats, "worker_context_functions", json_integer(nworker));
		icall_stats(&lk, stats);
		if (lk.held) {
			json_object_set_new(stats, "programs_held", program_array(&lk, lk.held, 1));
			json_object_set_new(stats, "programs_serving", program_array(&lk, lk.serving, 1));
		}
	}
	link_close(&lk);
	return out;
}

/* A driver function's answer: each of its driver loops (outermost). */
static void why_driver(struct link *lk, int u, json_t *v)
{
	struct node *n = &lk->nodes[u];
	for (int k = 0; k < n->nloops; k++) {
		int outer = 1;
		for (int p = n->loops[k].parent; p >= 0; p = n->loops[p].parent)
			outer &= n->loops[p].best == INT_MAX;
		if (n->loops[k].best == INT_MAX || !outer)
			continue;
		json_t *root = driver_root(lk, u, k, NULL);
		json_array_append_new(lk->rootinfo, root);
		char *t = root_text(root, NULL);
		note(v, n->file, n->loops[k].line, n->loops[k].column,
		     ls_xasprintf("%s: what the body of this loop calls runs on the loop thread, the "
				  "code around the loop does not", t));
		free(t);
	}
}

/* The findings in each --why function that loopscope holds at note, with
 * the reason (verdict "held": [{file, line, column, rule, message, why}]):
 * what a user asking why a call is not a warning looks for. */
static void why_held(json_t *summaries, struct ls_models *m, const struct ls_link_opts *opts,
		     json_t *verdicts)
{
	json_t *all = ls_link(summaries, m, opts, NULL);
	size_t i, j;
	json_t *v, *f;
	json_array_foreach(verdicts, i, v) {
		json_t *held = json_array();
		json_array_foreach(all, j, f)
			if (jstr(f, "demoted") && ls_streq(jstr(f, "function"), jstr(v, "function")) &&
			    ls_streq(jstr(f, "file"), jstr(v, "file")))
				json_array_append_new(held, json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}",
								      "file", jstr(f, "file"), "line", jint(f, "line"),
								      "column", jint(f, "column"), "rule", jstr(f, "rule"),
								      "message", jstr(f, "message"), "why",
								      jstr(f, "demoted")));
		json_object_set_new(v, "held", held);
	}
	json_decref(all);
}

json_t *ls_link_why(json_t *summaries, struct ls_models *m, const struct ls_link_opts *opts,
		    const char *function)
{
	static const struct ls_link_opts none;
	if (!opts)
		opts = &none;
	struct link lk;
	link_open(&lk, summaries, m, opts);
	propagate(&lk, CTX_CHILD, opts);
	propagate(&lk, CTX_STARTUP, opts);
	json_t *out = json_array();
	for (int u = 0; u < lk.nnodes; u++) {
		struct node *n = &lk.nodes[u];
		if (!ls_streq(n->name, function))
			continue;
		json_t *v = json_pack("{s:s, s:s, s:i, s:[]}", "function", n->name, "file", n->file,
				      "line", jint(n->fn, "line"), "notes");
		const char *verdict;
		char *msg;
		enum ctx c = NCTX;
		if (n->r[CTX_LOOP].dist >= 0) {
			int by_default;
			char *held = held_reason(&lk, opts, n->pm & n->lm[CTX_LOOP], &by_default);
			verdict = "loop";
			msg = n->gate ? ls_xasprintf("'%s' runs on a loop thread, but %s: what it "
						     "blocks on is a note", n->name, n->gate)
			      : held  ? ls_xasprintf("'%s' runs on a loop thread, but %s: what it "
						     "blocks on is a note", n->name, held)
				      : ls_xasprintf("'%s' runs on a loop thread", n->name);
			free(held);
			c = CTX_LOOP;
		} else if (n->driver) {
			verdict = "driver";
			msg = ls_xasprintf("'%s' runs an event loop: the body of its loop is loop context, "
					   "the code around it (startup, shutdown) is not",
					   n->name);
			why_driver(&lk, u, v);
		} else {
			/* Why not: the first of these contexts that reaches it. */
			static const struct {
				enum ctx c;
				const char *verdict, *why;
			} reasons[] = {
				{CTX_CHILD, "child", "only in a forked child"},
				{CTX_WORKER, "worker", "only on a worker thread that runs no loop of its own"},
				{CTX_STARTUP, "startup",
				 "it is reached only from startup or shutdown (main, outside any event loop)"},
				{NCTX, "unreached", "no event loop, callback, thread or main reaches it"},
			};
			size_t k = 0;
			while (reasons[k].c != NCTX && n->r[reasons[k].c].dist < 0)
				k++;
			verdict = reasons[k].verdict;
			c = reasons[k].c;
			msg = ls_xasprintf("'%s' does not run on a loop thread: %s", n->name, reasons[k].why);
		}
		json_object_set_new(v, "verdict", json_string(verdict));
		json_object_set_new(v, "message", json_string(msg));
		free(msg);
		if (c != NCTX)
			explain_chain(&lk, v, u, c);
		if (!json_object_get(v, "chain"))
			json_object_set_new(v, "chain", json_array());
		json_array_append_new(out, v);
	}
	link_close(&lk);
	if (json_array_size(out))
		why_held(summaries, m, opts, out);
	return out;
}
