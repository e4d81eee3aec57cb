/*
 * model.h — fast queries over the framework models (rules/models/).
 *
 * The models are jansson trees (common/catalog.h); this module indexes
 * each section by callee name so that the extractor and the link step ask
 * "which entries of section S apply to a call of NAME?" in O(1), and it
 * evaluates an entry's when/unless conditions against the arguments the
 * extractor recorded for a call.
 */
#ifndef LS_MODEL_H
#define LS_MODEL_H

#include <jansson.h>

#include "common/catalog.h"
#include "common/strmap.h"

struct ls_model_match {
	const json_t *entry; /* the entry object in the model */
	const char *model;   /* the model's name ("libuv") */
	const char *file;    /* the model's file */
};

struct ls_model_index; /* opaque */

struct ls_models {
	const struct ls_catalog *cat;
	struct ls_strmap sections; /* section name -> struct ls_model_index* */
	struct ls_strmap interesting; /* callee names the extractor records args for */
	json_t *interesting_globs;    /* array of glob strings */
};

void ls_models_init(struct ls_models *m, const struct ls_catalog *cat);
void ls_models_free(struct ls_models *m);

/* Entries of section (e.g. "blocking") whose `call` matches name and whose
 * `except` does not. Returns the count; *out (caller frees) holds them in
 * model order. A NULL name (a member a summary may lack) matches nothing. */
size_t ls_models_lookup(struct ls_models *m, const char *section, const char *name,
			struct ls_model_match **out);

/* Does any model mention name (so its arguments are worth recording)? */
int ls_models_interesting(const struct ls_models *m, const char *name);

/* Resolve an entry's arg index (negative counts from the end); -1 if out
 * of range. */
int ls_model_arg(json_int_t arg, int nargs);

/* Fd facts for the `blocking`/`nonblocking` conditions, and object kinds
 * for `made` (every place the program makes the object stored under key
 * makes one of kinds; NULL: unknown). */
typedef int (*ls_fd_query)(void *ud, const char *key); /* 1 = known state */
typedef int (*ls_made_query)(void *ud, const char *key, const json_t *kinds);
struct ls_fdstate {
	ls_fd_query is_blocking, is_nonblocking;
	void *ud;
	ls_made_query made;
	ls_made_query used; /* the program uses key in one of these ways */
};

/*
 * Do the entry's conditions hold for a call? `call` is the extractor's
 * call object ({name, nargs, args:[{text, value?, null?, key?}]}).
 * when: every condition holds; unless: no condition holds. fd may be NULL
 * (fd conditions then do not hold).
 */
int ls_model_conditions_hold(const json_t *entry, const json_t *call,
			     const struct ls_fdstate *fd);
int ls_model_condition(const json_t *cond, const json_t *call,
		       const struct ls_fdstate *fd);

/* Check the argument indexes of the entries that name a callee exactly
 * (not by glob) against its declared arity, which the extractor records
 * as calls[].arity in the summaries. Each wrong index is reported once,
 * "MODEL:LINE:COL: ... (CALL-SITE)": an error for a model the user gave
 * (counted in the result), a warning for a shipped one, since a program
 * may declare its own function under a shipped name. */
int ls_models_check_arity(struct ls_models *m, const json_t *summaries);

/* The models whose `headers` name the file at path (the included file's
 * path; a header matches its end at a '/'), one per call: start with
 * *next = 0; returns NULL when there are no more. Whether the file really
 * is that framework's header (found in a system include directory, or
 * defining a name of the model's `declares`) is the caller's to decide. */
const json_t *ls_models_header_model(struct ls_models *m, const char *path, size_t *next);

#endif
