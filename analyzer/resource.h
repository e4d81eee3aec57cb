/*
 * resource.h — the resource dataflow behind handle-leak, close-then-free
 * and buffer-leak.
 *
 * The models' `resources:` sections (schema in rules/README.md) say which
 * calls acquire something (a return value or a pointer argument), which
 * calls release it, which take ownership of it, which calls free memory
 * and which calls allocate it. For one function definition, ls_res_analyze()
 *   1. scans the body's calls cheaply and stops unless a modelled
 *      acquisition, uv_close or read-start call is there;
 *   2. builds the CFG (analyzer/cfg.h) and binds every acquisition to the
 *      local variable or field of a local it is stored in;
 *   3. runs a forward dataflow over sets of abstract states per block
 *      (status of every tracked resource, plus the pending test of an
 *      acquiring call's result), with the witness path kept beside each
 *      state but not compared, so the number of states stays small;
 *   4. hands to the rule (analyzer/rules/resources.c, which words the
 *      findings) a resource that is still held at an exit (handle-leak), a
 *      free of a handle's memory while uv_close is pending (close-then-
 *      free), and a read callback that leaks buf->base (buffer-leak).
 * Helpers defined in the same TU that receive a resource are summarised
 * (release on all paths / only borrow / anything else = escape) and the
 * summaries cached per TU. Everything unknown counts as an escape.
 */
#ifndef LS_RESOURCE_H
#define LS_RESOURCE_H

#include "analyzer/intra.h"

/* The path a finding is about: the branch conditions taken on it (oldest
 * first; at most the last few) and where it leaves the function. */
struct ls_res_path {
	const CXCursor *conds;
	const unsigned char *truth; /* truth[i]: conds[i] evaluated nonzero */
	unsigned nconds;
	CXCursor exit; /* the ReturnStmt, or null for the end of the body */
	CXCursor body; /* the function body (its closing brace is the end) */
};

/* handle-leak: a resource still held at an exit, or (leaks: free) freed
 * while held. Strings live until the callback returns. */
struct ls_res_leak {
	CXCursor site;        /* the acquiring call: where it is reported */
	const char *callee;   /* its name ("uv_tcp_init") */
	const char *what;     /* "uv_tcp_t", "fd", "FILE *" */
	const char *names;    /* "'client'", or "'fds[0]' and 'fds[1]'" */
	const char *first;    /* the first name, unquoted */
	int plural;           /* names lists more than one */
	const char *acquired, *released; /* the model's verbs */
	const char *failed;   /* the call whose failure this path follows, or NULL */
	int by_arg;           /* acquired through an argument (a handle) */
	CXCursor freed_at;    /* leaks: free — the free call; else null */
	int again;            /* the path loops back to the acquiring call while the
			       * previous one is held (path.exit is that call) */
	const char *model;    /* the model that describes the resource (its fix text) */
	struct ls_res_path path;
	const json_t *guards; /* NULL, or the conditions on the function's parameters
			       * every leaking path needs (resource.c, param_guards) */
	int repeats;          /* the acquiring call may run more than once in one call
			       * of the function (it lies on a cycle of the CFG: a loop
			       * statement or a backward goto) */
};

/* close-then-free: memory freed while an asynchronous close is pending. */
struct ls_res_close_free {
	CXCursor free_call;   /* where it is reported */
	CXCursor close_call;
	const char *handle;   /* "c->tcp" */
	const char *closer;   /* "uv_close" */
	const char *callback; /* the close callback's name, or NULL */
};

/* buffer-leak: a read callback that loses buf->base on some path. */
struct ls_res_bufleak {
	CXCursor fn;          /* the read callback's definition: reported at its name */
	const char *read_cb, *alloc_cb;
	struct ls_res_path path;
};

/* What the rule does with each kind of finding (any may be NULL). */
struct ls_res_reporter {
	void (*leak)(struct ls_intra *in, const char *function, const struct ls_res_leak *l);
	void (*close_then_free)(struct ls_intra *in, const char *function,
				const struct ls_res_close_free *c);
	void (*buffer_leak)(struct ls_intra *in, const struct ls_res_bufleak *b);
};

/* Analyze one function definition (and, for each read-start call in it,
 * the read callback it names) and hand every finding to rep. Cheap when
 * the body calls nothing the resource models mention. */
void ls_res_analyze(struct ls_intra *in, CXCursor fn, const char *name,
		    const struct ls_res_reporter *rep);

/* Free the per-thread caches (model index, helper summaries). Called by
 * tests; the extractor may call it when a worker is done. */
void ls_res_reset(void);

#endif
