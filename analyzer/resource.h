/*
 * resource.h — the resource dataflow behind handle-leak, close-then-free
 * and buffer-leak.
 *
 * The models' `resources:` sections (schema in rules/README.md) say which
 * calls acquire something (a return value or a pointer argument), which
 * calls release it, which take ownership of it, which calls free memory
 * and which calls allocate it. For one function definition, ls_res_check()
 *   1. scans the body's calls cheaply and stops unless a modelled
 *      acquisition, uv_close or read-start call is there;
 *   2. builds the CFG (analyzer/cfg.h) and binds every acquisition to the
 *      local variable or field of a local it is stored in;
 *   3. runs a forward dataflow over sets of abstract states per block
 *      (status of every tracked resource, plus the pending test of an
 *      acquiring call's result), with the witness path kept beside each
 *      state but not compared, so the number of states stays small;
 *   4. reports a resource that is still held at an exit (handle-leak), a
 *      free of a handle's memory while uv_close is pending (close-then-
 *      free), and a read callback that leaks buf->base (buffer-leak).
 * Helpers defined in the same TU that receive a resource are summarised
 * (release on all paths / only borrow / anything else = escape) and the
 * summaries cached per TU. Everything unknown counts as an escape.
 */
#ifndef LS_RESOURCE_H
#define LS_RESOURCE_H

#include "analyzer/intra.h"

/* Rule entry (registered in analyzer/rules/list.c): runs all three
 * resource rules on one function definition. */
void ls_res_check(struct ls_intra *in, CXCursor fn, const char *name, const char *usr);

/* Free the per-thread caches (model index, helper summaries). Called by
 * tests; the extractor may call it when a worker is done. */
void ls_res_reset(void);

#endif
