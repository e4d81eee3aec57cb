/*
 * catalog.c — see catalog.h.
 */
#include "catalog.h"

#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "util.h"
#include "yamldoc.h"

#ifndef LS_DATADIR
#define LS_DATADIR "/usr/local/share/loopscope"
#endif

static int is_datadir(const char *dir)
{
	char *p = ls_xasprintf("%s/catalog.yml", dir);
	struct stat st;
	int ok = stat(p, &st) == 0;
	free(p);
	return ok;
}

const char *ls_datadir(void)
{
	static char *dir;
	if (dir)
		return dir;
	const char *env = getenv("LOOPSCOPE_DATA");
	if (env && *env) {
		if (is_datadir(env))
			return dir = ls_xstrdup(env);
		ls_error("LOOPSCOPE_DATA=%s: no catalog.yml there", env);
		return NULL;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* ./loopscope in the source tree, PREFIX/bin/loopscope,
			 * or build/asan/loopscope (the sanitizer build the
			 * tests run) in the source tree. */
			const char *cands[] = {"%s/rules", "%s/../share/loopscope",
					       "%s/../../rules"};
			for (size_t i = 0; i < LS_ARRAY_LEN(cands); i++) {
				char *p = ls_xasprintf(cands[i], exe);
				if (is_datadir(p)) {
					dir = ls_abspath(p, NULL);
					free(p);
					return dir;
				}
				free(p);
			}
		}
	}
	if (is_datadir(LS_DATADIR))
		return dir = ls_xstrdup(LS_DATADIR);
	ls_error("rule data not found: looked in rules/ beside the binary and in %s", LS_DATADIR);
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

#include "modelspec.inc"

struct model_check {
	const struct ls_catalog *c;
	const char *path;
	char msg[256];
};

static const char *check_custom(void *ud, const char *type, const json_t *v)
{
	struct model_check *mc = ud;
	if (!strcmp(type, "argidx")) {
		/* C allows 127 parameters; negative counts from the end. */
		if (json_is_integer(v) && json_integer_value(v) >= -127 &&
		    json_integer_value(v) < 127)
			return NULL;
		return json_is_integer(v) ? "!an argument index must lie between -127 and 126"
					  : "an argument index (0 is the first, -1 the last)";
	}
	if (!strcmp(type, "ruleid")) {
		if (!json_is_string(v))
			return "a rule id";
		const char *id = json_string_value(v);
		if (ls_rule_find(mc->c, id))
			return NULL;
		const char *ids[256];
		size_t n = 0, i;
		json_t *r;
		json_array_foreach(mc->c->rules, i, r)
			if (n < LS_ARRAY_LEN(ids) && json_is_string(json_object_get(r, "id")))
				ids[n++] = json_string_value(json_object_get(r, "id"));
		const char *near = ls_nearest(id, ids, n);
		snprintf(mc->msg, sizeof mc->msg, "!'%.60s' is not a rule of the catalog%s%s%s", id,
			 near ? " (did you mean '" : " (see 'loopscope rules')", near ? near : "",
			 near ? "'?)" : "");
		return mc->msg;
	}
	return "?";
}

/* A condition tests its argument one way. */
static const char *check_object(void *ud, const char *name, const json_t *obj)
{
	(void)ud;
	/* An `objects` entry names the kind it makes, or where it takes the
	 * kinds from (`from`), not both. */
	if (!strcmp(name, "object")) {
		if (json_object_get(obj, "only") && !json_object_get(obj, "from"))
			return "an object entry's only (the kinds its from argument must be made as) needs a from";
		return !json_object_get(obj, "kind") == !json_object_get(obj, "from") &&
				       !json_object_get(obj, "only")
			       ? "an object entry has a kind or a from (the argument whose kinds it takes), one of them"
			       : NULL;
	}
	if (strcmp(name, "cond"))
		return NULL;
	int tests = 0;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)obj, k, v)
		tests += k[0] != '@' && strcmp(k, "arg") && strcmp(k, "result");
	if (!json_object_get(obj, "arg") == !json_is_true(json_object_get(obj, "result")))
		return "a condition names the argument it tests (arg: N) or the call's value (result: true), one of them";
	return tests == 1 ? NULL
			  : tests ? "a condition tests one thing (has, value, all_of, none_of, nonzero, "
				    "null, pseudo_file, nonblocking, blocking, made, used, string or stored), "
				    "not several"
				  : "a condition needs a test (has, value, all_of, none_of, nonzero, null, "
				    "pseudo_file, nonblocking, blocking, made, used, string or stored)";
}

static void model_problem(void *ud, const json_t *obj, const char *key, const char *path,
			  const char *msg, int warning)
{
	struct model_check *mc = ud;
	int line, col;
	ls_yaml_pos(obj, key, &line, &col);
	if (warning)
		ls_warning("%s:%d:%d: %s", mc->path, line, col, msg);
	else
		ls_error("%s:%d:%d: %s: %s", mc->path, line, col, path, msg);
}

/* Check a model against the format; the number of errors (printed). */
static int check_model(const struct ls_catalog *c, const char *path, const json_t *m)
{
	static json_t *spec;
	if (!spec) {
		char err[256];
		spec = ls_yaml_load_string(model_spec_yaml, sizeof model_spec_yaml - 1, "model spec",
					   0, err, sizeof err);
		if (!spec) { /* a bug in modelspec.inc: every test shows it */
			ls_error("%s", err);
			abort();
		}
	}
	struct model_check mc = {c, path, ""};
	struct ls_schema_ctx ctx = {.defs = json_object_get(spec, "defs"),
				    .check = check_custom,
				    .check_obj = check_object,
				    .report = model_problem,
				    .warn_unknown = 1,
				    .ud = &mc};
	return ls_schema_check(&ctx, json_object_get(spec, "spec"), m);
}

/* Add the model in file path, or (text not NULL) in text, named path. */
static int add_model(struct ls_catalog *c, const char *path, const char *text, size_t len,
		     unsigned long long *digest)
{
	char err[512];
	json_t *m = text ? ls_yaml_load_string(text, len, path, LS_YAML_LINES, err, sizeof err)
			 : ls_yaml_load_file(path, LS_YAML_LINES, err, sizeof err);
	if (!m) {
		ls_error("%s", err);
		return -1;
	}
	if (!json_is_object(m) || !json_is_string(json_object_get(m, "model"))) {
		ls_error("%s:1:1: a model file needs a top-level 'model: NAME'", path);
		json_decref(m);
		return -1;
	}
	if (check_model(c, path, m)) {
		json_decref(m);
		return -1;
	}
	const char *name = json_string_value(json_object_get(m, "model"));
	size_t i;
	json_t *old;
	json_array_foreach(c->models, i, old)
		if (ls_streq(json_string_value(json_object_get(old, "model")), name)) {
			int line, col;
			ls_yaml_pos(m, "model", &line, &col);
			ls_warning("%s:%d:%d: model '%s' has the name of the model in %s; both apply, "
				   "and findings under either name the framework '%s'", path, line, col,
				   name, json_string_value(json_object_get(old, "@file")), name);
			break;
		}
	/* the digest is of what the model says, not where it lies: summaries
	 * made in another checkout with the same models link without a warning */
	char *dump = json_dumps(m, JSON_SORT_KEYS | JSON_COMPACT);
	*digest = ls_hash64(dump, strlen(dump), *digest);
	free(dump);
	json_object_set_new(m, "@file", json_string(path));
	json_array_append_new(c->models, m);
	return 0;
}

int ls_catalog_load(struct ls_catalog *c, const char *const *extra, int nextra)
{
	memset(c, 0, sizeof *c);
	const char *dd = ls_datadir();
	if (!dd)
		return -1;
	c->datadir = ls_xstrdup(dd);
	char err[512];
	char *path = ls_xasprintf("%s/catalog.yml", dd);
	json_t *cat = ls_yaml_load_file(path, LS_YAML_LINES, err, sizeof err);
	free(path);
	if (!cat) {
		ls_error("%s", err);
		return -1;
	}
	c->rules = json_incref(json_object_get(cat, "rules"));
	json_decref(cat);
	if (!json_is_array(c->rules)) {
		ls_error("%s/catalog.yml: no 'rules' list", dd);
		return -1;
	}
	c->models = json_array();
	unsigned long long digest = 0;

	char *mdir = ls_xasprintf("%s/models", dd);
	DIR *d = opendir(mdir);
	char **names = NULL;
	size_t nnames = 0;
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n > 4 && !strcmp(e->d_name + n - 4, ".yml")) {
				names = ls_xrealloc(names, (nnames + 1) * sizeof *names);
				names[nnames++] = ls_xasprintf("%s/%s", mdir, e->d_name);
			}
		}
		closedir(d);
	}
	free(mdir);
	if (nnames)
		qsort(names, nnames, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < nnames; i++) {
		if (rc == 0 && add_model(c, names[i], NULL, 0, &digest) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	for (int i = 0; rc == 0 && i < nextra; i++)
		if (add_model(c, extra[i], NULL, 0, &digest) < 0)
			rc = -1;
	c->models_digest = ls_xasprintf("%016llx", digest);
	return rc;
}

/* One more model, the digest then covering it. */
static int add_one(struct ls_catalog *c, const char *name, const char *text, size_t len)
{
	unsigned long long digest = strtoull(c->models_digest ? c->models_digest : "0", NULL, 16);
	if (add_model(c, name, text, len, &digest) < 0)
		return -1;
	free(c->models_digest);
	c->models_digest = ls_xasprintf("%016llx", digest);
	return 0;
}

int ls_catalog_add_model_string(struct ls_catalog *c, const char *name, const char *text,
				size_t len)
{
	return add_one(c, name, text, len);
}

int ls_catalog_add_model(struct ls_catalog *c, const char *path)
{
	return add_one(c, path, NULL, 0);
}

void ls_catalog_free(struct ls_catalog *c)
{
	json_decref(c->rules);
	json_decref(c->models);
	free(c->datadir);
	free(c->models_digest);
	memset(c, 0, sizeof *c);
}

const json_t *ls_rule_find(const struct ls_catalog *c, const char *id)
{
	size_t i;
	json_t *r;
	json_array_foreach(c->rules, i, r)
		if (ls_streq(json_string_value(json_object_get(r, "id")), id))
			return r;
	return NULL;
}

const char *ls_rule_fix(const struct ls_catalog *c, const char *id, const char *framework)
{
	const json_t *r = ls_rule_find(c, id);
	json_t *fix = json_object_get(r, "fix");
	if (json_is_string(fix))
		return json_string_value(fix);
	const char *s = framework ? json_string_value(json_object_get(fix, framework)) : NULL;
	return s ? s : json_string_value(json_object_get(fix, "default"));
}

const char *ls_rule_severity(const struct ls_catalog *c, const char *id)
{
	const char *s = json_string_value(json_object_get(ls_rule_find(c, id), "severity"));
	return s ? s : "warning";
}

int ls_rule_selected(const char *sel, const char *id)
{
	if (!sel || !*sel)
		return 1;
	char *copy = ls_xstrdup(sel), *save = NULL;
	int selected = -1; /* undecided: only negative patterns so far */
	int any_positive = 0;
	for (char *p = strtok_r(copy, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
		int neg = p[0] == '-';
		if (!neg)
			any_positive = 1;
		if (fnmatch(neg ? p + 1 : p, id, 0) == 0)
			selected = !neg;
	}
	free(copy);
	if (selected == -1)
		return !any_positive;
	return selected;
}

char *ls_rule_selection_unknown(const struct ls_catalog *c, const char *sel)
{
	if (!sel)
		return NULL;
	char *copy = ls_xstrdup(sel), *save = NULL, *bad = NULL;
	for (char *p = strtok_r(copy, ", ", &save); p && !bad; p = strtok_r(NULL, ", ", &save)) {
		const char *pat = p[0] == '-' ? p + 1 : p;
		int hit = 0;
		size_t i;
		json_t *r;
		json_array_foreach(c->rules, i, r)
			if (fnmatch(pat, json_string_value(json_object_get(r, "id")), 0) == 0)
				hit = 1;
		if (!hit)
			bad = ls_xstrdup(pat);
	}
	free(copy);
	return bad;
}
