/*
 * async_scan.h — one cheap walk of a function body, shared by the
 * async-result and error-status rules (missing-await, missing-finish,
 * unchecked-status, ignored-error: analyzer/rules/missing_await.c and
 * its siblings).
 *
 * These rules ask the same questions of a body: which calls does it make,
 * and what happens to each call's value and to each variable or parameter
 * it names — discarded as a statement, cast to void, tested in a
 * condition, passed as an argument, returned, stored. ls_async_scan()
 * records every call and every reference in one pass over the cursors,
 * with parent links (libclang has none); what a node's surroundings do
 * with its value is worked out from those links only when a rule asks
 * (ls_async_use), since rules ask about few nodes. The scan of the
 * function last seen is kept, so the four rules called in turn on the
 * same definition walk it once, and its arrays are reused for the next.
 *
 * Model lookup (ls_async_model_find: one string-map lookup per callee for
 * all the sections these rules read) and the per-TU caches (macro
 * expansions, callee attributes, callbacks already analyzed) live here
 * too. Caches are per thread and are dropped when the translation unit or
 * catalog changes; ls_async_release() frees them (call it when a worker
 * is done; a forked worker that exits may skip it).
 */
#ifndef LS_ASYNC_SCAN_H
#define LS_ASYNC_SCAN_H

#include <clang-c/Index.h>
#include <jansson.h>

#include "analyzer/intra.h"

/* What the surrounding code does with an expression's value. */
enum ls_use {
	LS_USE_OTHER,     /* read in some other way (operand, member base ...) */
	LS_USE_DISCARDED, /* expression statement, unbraced body, comma LHS */
	LS_USE_VOID,      /* explicitly discarded: (void)expr */
	LS_USE_COND,      /* the condition of if/while/do/switch, or !expr there */
	LS_USE_ARG,       /* an argument of a call (maybe through & or a cast) */
	LS_USE_RETURN,    /* returned */
	LS_USE_INIT,      /* the initializer of a variable */
	LS_USE_STORE,     /* right-hand side of '=' */
	LS_USE_WRITE,     /* left-hand side of '=' (a store into the variable) */
	LS_USE_COMPARE,   /* operand of == or != */
};

/* Where a store goes (for LS_USE_STORE and LS_USE_INIT). */
enum ls_store {
	LS_STORE_NONE,
	LS_STORE_LOCAL,  /* a local variable: target holds it */
	LS_STORE_ESCAPE, /* a struct field, array element, *p, global, aggregate */
};

struct ls_use_info {
	enum ls_use use;
	enum ls_store store;
	CXCursor target;   /* LS_STORE_LOCAL: the VarDecl stored into */
	int call;          /* LS_USE_ARG: index in ls_async_fn.calls */
	int arg;           /* LS_USE_ARG: argument index */
};

struct ls_async_call {
	CXCursor call;    /* CXCursor_CallExpr */
	CXCursor callee;  /* referenced declaration, or a null cursor */
	char *name;       /* callee's name; "" for calls through pointers */
	int nargs;
	int node;         /* for ls_async_use() */
};

/* A DeclRefExpr naming a variable or parameter, or a MemberRefExpr. */
struct ls_async_ref {
	CXCursor ref;
	CXCursor decl;    /* what it names (compare with ls_async_same) */
	int member;       /* 1 for a MemberRefExpr */
	int node;         /* for ls_async_use() */
};

struct ls_async_node;

struct ls_async_fn {
	CXTranslationUnit tu;
	CXCursor fn;
	struct ls_async_call *calls;
	int ncalls;
	struct ls_async_ref *refs;
	int nrefs;
	unsigned start, end; /* expansion offsets of the definition's extent */
	struct ls_async_node *nodes; /* every cursor of the body (private) */
	int nnodes;
	int cap_nodes, cap_calls, cap_refs; /* allocated sizes (private) */
};

/* What the code around a call or reference (its `node`) does with its
 * value; computed from the ancestors on first request and kept. */
const struct ls_use_info *ls_async_use(const struct ls_async_fn *f, int node);

/*
 * Scan a function definition (cached: the last scanned function is
 * returned again). The result is valid until the next call with another
 * function; ls_async_scan_fresh() returns one the caller owns and frees
 * with ls_async_fn_free(), for scans of callbacks and helpers.
 */
const struct ls_async_fn *ls_async_scan(CXTranslationUnit tu, CXCursor fn);
struct ls_async_fn *ls_async_scan_fresh(CXTranslationUnit tu, CXCursor fn);
void ls_async_fn_free(struct ls_async_fn *f);

/* The entry of section (a list in some model) whose "call" matches name
 * and whose "except" list does not — an exact name wins over a glob, else
 * the first in model order; NULL if none. *model gets the model's name
 * when given. Cached per catalog. */
const json_t *ls_async_model_find(const struct ls_catalog *cat, const char *section,
				  const char *name, const char **model);
/* Is name listed (a string, or an object's "call") in section of any
 * model? String entries are fnmatch globs. */
int ls_async_model_lists(const struct ls_catalog *cat, const char *section, const char *name);

/* Expansion offset of a cursor's location in its file (a macro use is
 * where the macro is written). */
unsigned ls_async_offset(CXCursor c);
/* Argument i (negative: from the end) of a call, with parentheses and
 * casts stripped; a null cursor if there is no such argument. */
CXCursor ls_async_call_arg(CXCursor call, int nargs, int i);
/* Is the expression a null pointer constant (0, NULL, (void *)0)? */
int ls_async_is_null(CXCursor expr);
/* The function definition an expression names (fn, &fn, (cast)fn,
 * G_CALLBACK(fn)), if it is defined in this TU's main file; else null. */
CXCursor ls_async_function_named(CXCursor expr);
/* Is the cursor written in the main file (through macro uses too)? */
int ls_async_in_main_file(CXCursor c);
/* The i-th parameter (ParmDecl) of a function definition, or null. */
CXCursor ls_async_param(CXCursor fn, int i);
/* Is the cursor null (clang_Cursor_isNull)? */
int ls_async_null(CXCursor c);
/* Are two declaration cursors the same entity (compared canonically)? */
int ls_async_same(CXCursor a, CXCursor b);

/* The declaration of a callee carries __attribute__((annotate(what)))
 * (on any of its declarations in the TU). Cached per TU by name. */
int ls_async_annotated(CXTranslationUnit tu, CXCursor callee, const char *name,
		       const char *what);

/* Macro expansions in the main file whose names the models list under
 * `coroutine_macros` (LS_MACRO_BODY) or `await_macros` (LS_MACRO_AWAIT),
 * sorted by offset; cached per TU. */
struct ls_async_macro {
	const char *name; /* points into the catalog's model strings */
	unsigned start, end;
	int kind; /* LS_MACRO_BODY or LS_MACRO_AWAIT */
};
enum { LS_MACRO_BODY = 1, LS_MACRO_AWAIT = 2 };
const struct ls_async_macro *ls_async_macros(CXTranslationUnit tu,
					      const struct ls_catalog *cat, int *n);
/* The first macro of kind found in [start, end), or NULL. */
const struct ls_async_macro *ls_async_macro_in(CXTranslationUnit tu,
						const struct ls_catalog *cat, int kind,
						unsigned start, unsigned end);
/* The innermost-listed macro of kind whose expansion covers offset. */
const struct ls_async_macro *ls_async_macro_covering(CXTranslationUnit tu,
						      const struct ls_catalog *cat,
						      int kind, unsigned offset);

/* A per-TU set of strings: returns 1 the first time key is added. Used
 * by rules that analyze a callback from every place it is registered. */
int ls_async_once(CXTranslationUnit tu, const char *key);

/* Append a finding, tagging it with the framework (model) it came from. */
json_t *ls_async_report(struct ls_intra *in, const char *rule, CXCursor at,
			const char *function, const char *model, const char *message);

/* The function name of a definition (caller frees). */
char *ls_async_fn_name(CXCursor fn);

/* Drop every cache (per thread). */
void ls_async_release(void);

/* The rules (registered in analyzer/rules/list.c). */
void ls_rule_missing_await(struct ls_intra *in, CXCursor fn, const char *name, const char *usr);
void ls_rule_missing_finish(struct ls_intra *in, CXCursor fn, const char *name, const char *usr);
void ls_rule_unchecked_status(struct ls_intra *in, CXCursor fn, const char *name,
			      const char *usr);
void ls_rule_ignored_error(struct ls_intra *in, CXCursor fn, const char *name, const char *usr);

/* Does an entry's `unless` (one condition or a list) hold for the call?
 * Understands {arg: N, null: true|false}; other conditions do not hold. */
int ls_async_unless(const json_t *entry, const struct ls_async_call *k);

#endif
