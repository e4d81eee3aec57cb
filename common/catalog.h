/*
 * catalog.h — the rule catalog and the framework models, loaded from the
 * YAML files in the data directory (rules/ beside the binary, or
 * $(PREFIX)/share/loopscope once installed; LOOPSCOPE_DATA overrides).
 *
 *   rules/catalog.yml      every rule: id, severity, summary, description,
 *                         fixes and examples per framework
 *   rules/models/NAME.yml what each framework's API does: callback
 *                         registrations, loop runs, blocking calls,
 *                         resources, async pairs, loop functions for the
 *                         sampler ... (schema in rules/README.md)
 *
 * Both are kept as jansson trees; analyzer and sampler read the parts
 * they need. Extra model files come from --model and .loopscope.yml.
 */
#ifndef LS_CATALOG_H
#define LS_CATALOG_H

#include <jansson.h>

struct ls_catalog {
	char *datadir;
	json_t *rules;  /* array of rule objects, in catalog order */
	json_t *models; /* array of model objects; each has "model" (name) */
	char *models_digest; /* hex digest of every model's content */
};

/* The data directory, or NULL (with an error printed) if none is found. */
const char *ls_datadir(void);

/* Load catalog and models (plus extra model files). 0 on success, -1 after
 * printing an error naming the file. */
int ls_catalog_load(struct ls_catalog *c, const char *const *extra_models, int nextra);
void ls_catalog_free(struct ls_catalog *c);
/* Read one more model file into a loaded catalog, as --model does (the
 * models digest then covers it). 0, or -1 after an error naming the file. */
int ls_catalog_add_model(struct ls_catalog *c, const char *path);
/* The same from text in memory (len bytes); name stands for the file in
 * messages. Both check the model's format (rules/README.md) first. */
int ls_catalog_add_model_string(struct ls_catalog *c, const char *name, const char *text,
				size_t len);

const json_t *ls_rule_find(const struct ls_catalog *c, const char *id);
/* Fix text for rule under framework (model name), falling back to the
 * rule's "default" fix; NULL if the rule has none. */
const char *ls_rule_fix(const struct ls_catalog *c, const char *id, const char *framework);
const char *ls_rule_severity(const struct ls_catalog *c, const char *id);

/* Does rule id match a selection like "blocking-*,-blocking-network"?
 * Patterns are fnmatch globs applied in order; a leading '-' removes. An
 * empty or NULL selection selects everything. */
int ls_rule_selected(const char *selection, const char *id);
/* Does every positive pattern of a selection match at least one rule?
 * Returns the first pattern that matches nothing (caller frees), or NULL. */
char *ls_rule_selection_unknown(const struct ls_catalog *c, const char *selection);

#endif
