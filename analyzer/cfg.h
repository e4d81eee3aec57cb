/*
 * cfg.h — an intraprocedural control-flow graph over libclang cursors.
 *
 * libclang's C API has no CFG, so the path-sensitive rules (handle-leak,
 * close-then-free, buffer-leak, missing-await, ...) build one per function
 * body with ls_cfg_build(). It is deliberately small: basic blocks of
 * "elements" (cursors evaluated as a unit) and edges that say which
 * condition was tested and with what outcome. Rules run their dataflow
 * over it (sets of abstract states per block, never path enumeration).
 *
 * Elements. An element is a cursor evaluated as a whole, in order:
 *   - an expression statement (CallExpr, BinaryOperator '=', ...),
 *   - a DeclStmt (its initialisers are evaluated),
 *   - a ReturnStmt (its value is evaluated; the block then goes to exit),
 *   - a condition: the controlling expression of if/while/for/do/switch,
 *     or an operand of a split && || ?: (always the last element of a
 *     block whose out-edges are TRUE/FALSE or CASE/DEFAULT),
 *   - the init and increment expressions of a for statement.
 * Statement-level control flow inside expressions is split into blocks:
 * the operands of && || ?: and the comma operator when they are the
 * whole of a condition or of an expression statement (`p && free(p);`,
 * `assert(x)` which expands to ?: or to a GNU statement expression),
 * and GNU statement expressions `({ ... })` at statement level. Control
 * flow nested deeper (`x = a && f(b);`) stays inside its element: a
 * client walking an element's subtree sees it as always evaluated.
 *
 * Edges. Every block lists successors (succ) and predecessors (pred).
 *   LS_CFG_EDGE_NEXT     unconditional (fallthrough, goto, break, ...)
 *   LS_CFG_EDGE_TRUE     `cond` evaluated nonzero
 *   LS_CFG_EDGE_FALSE    `cond` evaluated zero
 *   LS_CFG_EDGE_CASE     switch on `cond` took `label` (a CaseStmt)
 *   LS_CFG_EDGE_DEFAULT  switch on `cond` took `label` (a DefaultStmt),
 *                        or, with a null label, no case matched and the
 *                        switch has no default
 * For TRUE/FALSE/CASE/DEFAULT, `cond` is the same cursor as the last
 * element of the source block; for `if (a && b)` block A ends with `a`
 * (TRUE → block B, FALSE → else), block B ends with `b`. Note that `cond`
 * is the condition as written: for `if (!p)` it is the `!p` UnaryOperator
 * and the TRUE edge is the one where p is null.
 *
 * Exits. ls_cfg.exit is an empty block with no successors. Every return
 * (block flag LS_CFG_RETURN, `term` = the ReturnStmt) and the fall-off end
 * of the body (`term` null) have an edge to it. A block that ends in a
 * call that does not return (abort, exit, _exit, __assert_fail,
 * __builtin_unreachable, longjmp, any callee whose type or declaration
 * carries noreturn / _Noreturn) has flag LS_CFG_NORETURN and no
 * successors: paths through it never reach exit. Unreachable code (after
 * return, before a label nobody jumps to) still gets blocks, without
 * predecessors. An indirect `goto *p` ends its block with no successors.
 *
 * Iterating:
 *
 *   struct ls_cfg *g = ls_cfg_build(tu, fn);
 *   for (unsigned b = 0; b < g->nblocks; b++) {
 *       const struct ls_cfg_block *blk = &g->blocks[b];
 *       for (unsigned i = 0; i < blk->nelems; i++)
 *           visit(blk->elems[i]);
 *       for (unsigned e = 0; e < blk->nsucc; e++) {
 *           const struct ls_cfg_edge *ed = &blk->succ[e];
 *           if (ed->kind == LS_CFG_EDGE_TRUE) refine(ed->cond, 1, ed->to);
 *           ...
 *       }
 *   }
 *   ls_cfg_free(g);
 *
 * A forward dataflow usually walks blocks in ls_cfg_rpo() order with a
 * worklist. Block ids are stable indexes into blocks[]; entry is
 * g->entry. Cursors stay valid as long as the TU.
 */
#ifndef LS_CFG_H
#define LS_CFG_H

#include <clang-c/Index.h>
#include <stdio.h>

enum ls_cfg_edge_kind {
	LS_CFG_EDGE_NEXT,
	LS_CFG_EDGE_TRUE,
	LS_CFG_EDGE_FALSE,
	LS_CFG_EDGE_CASE,
	LS_CFG_EDGE_DEFAULT,
};

struct ls_cfg_edge {
	unsigned to;                /* successor block id */
	enum ls_cfg_edge_kind kind;
	CXCursor cond;  /* TRUE/FALSE/CASE/DEFAULT: the tested expression; else null */
	CXCursor label; /* CASE: the CaseStmt; DEFAULT: DefaultStmt or null; else null */
};

enum {
	LS_CFG_RETURN = 1,   /* ends with a return statement (term) */
	LS_CFG_NORETURN = 2, /* ends with a call that does not return; no successors */
	LS_CFG_LOOP_HEAD = 4 /* condition block (or body start) of a loop */
};

struct ls_cfg_block {
	CXCursor *elems;
	unsigned nelems;
	struct ls_cfg_edge *succ;
	unsigned nsucc;
	unsigned *pred;
	unsigned npred;
	/* The statement that ended the block: IfStmt, WhileStmt, ForStmt,
	 * DoStmt, SwitchStmt, ReturnStmt, GotoStmt, BreakStmt, ContinueStmt,
	 * the && / || BinaryOperator or ConditionalOperator being split, or
	 * the noreturn call; null cursor when the block just falls through. */
	CXCursor term;
	unsigned flags;
};

struct ls_cfg {
	CXTranslationUnit tu;
	CXCursor fn;   /* the FunctionDecl */
	CXCursor body; /* its CompoundStmt */
	struct ls_cfg_block *blocks;
	unsigned nblocks;
	unsigned entry, exit;
};

/* Build the CFG of a function definition (fn must have a body); NULL if
 * it has none. Cost is linear in the size of the body. */
struct ls_cfg *ls_cfg_build(CXTranslationUnit tu, CXCursor fn);
void ls_cfg_free(struct ls_cfg *g);

/* Block ids in reverse postorder from entry (unreachable blocks omitted);
 * returns the count, *out (caller frees) holds the ids. */
unsigned ls_cfg_rpo(const struct ls_cfg *g, unsigned **out);

/* Print the graph (blocks, element kinds and lines, edges) for debugging
 * and for the unit tests. */
void ls_cfg_dump(const struct ls_cfg *g, FILE *f);

/* --- helpers for rules walking elements ------------------------------ */

/* The cursor with ParenExpr and implicit (Unexposed) wrappers around an
 * expression removed; explicit casts are kept unless strip_casts. */
CXCursor ls_cfg_strip(CXCursor c, int strip_casts);

/* Spelling of the operator of a BinaryOperator, CompoundAssignOperator or
 * UnaryOperator cursor ("==", "&&", "=", "+=", "!", "&", "*", "__extension__")
 * into buf (size >= 16). libclang 14 has no operator-kind query: this
 * tokenizes between the operands at their spelling locations, which works
 * in plain code and in macro arguments. Returns buf, or NULL when the
 * operator cannot be recovered (e.g. it is written in a macro body). */
const char *ls_cfg_operator(CXTranslationUnit tu, CXCursor op, char *buf);

/* The variable that expression OP assigns (=, op=), steps (++, --) or takes
 * the address of (&), or a null cursor: what ends a local being its
 * initial value. Serves the constant-local and the resource fact checks. */
CXCursor ls_cfg_written_var(CXTranslationUnit tu, CXCursor op);

/* Name of the function a CallExpr calls directly (caller disposes with
 * free()), or NULL for calls through pointers. */
char *ls_cfg_callee_name(CXCursor call);

/* Does this CallExpr never return (see "Exits" above)? */
int ls_cfg_call_noreturn(CXTranslationUnit tu, CXCursor call);

/* The integer value libclang folds expression e to (a literal, an
 * enumerator, flags or-ed together): 1 and *v set, or 0. */
int ls_cfg_eval_int(CXCursor e, long long *v);

/* Children of a cursor as an array (caller frees); count in *n. */
CXCursor *ls_cfg_children(CXCursor c, unsigned *n);
/* The first child of a cursor, or the null cursor. */
CXCursor ls_cfg_first_child(CXCursor c);
/* The last child of a cursor, or the null cursor. */
CXCursor ls_cfg_last_child(CXCursor c);

/* Does decl carry an unexposed attribute (libclang 14: _Noreturn, format,
 * ...) whose first tokens spell one of names (NULL-terminated)? */
int ls_cfg_decl_has_attr(CXCursor decl, const char *const *names);

#endif
