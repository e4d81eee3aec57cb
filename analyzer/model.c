/*
 * model.c — see model.h.
 *
 * Each section is indexed as: exact call names -> list of matches, plus a
 * list of glob entries tried in order. A section with no entry for a name
 * costs one hash probe, which keeps the extractor's per-call work small.
 */
#include "analyzer/model.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "common/yamldoc.h"

struct match_list {
	struct ls_model_match *v;
	size_t n;
};

struct ls_model_index {
	struct ls_strmap exact;   /* name -> struct match_list* */
	struct match_list globs;
};

static int is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void list_push(struct match_list *l, const struct ls_model_match *mm)
{
	l->v = ls_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = *mm;
}

static void free_list(void *p)
{
	struct match_list *l = p;
	free(l->v);
	free(l);
}

static void free_index(void *p)
{
	struct ls_model_index *ix = p;
	ls_strmap_free(&ix->exact, free_list);
	free(ix->globs.v);
	free(ix);
}

static void index_entry(struct ls_models *m, const char *section, const json_t *entry,
			const json_t *model)
{
	struct ls_model_match mm = {entry, json_string_value(json_object_get(model, "model")),
				    json_string_value(json_object_get(model, "@file"))};
	const char *call = json_string_value(json_object_get(entry, "call"));
	if (!call)
		return;
	struct ls_model_index *ix = ls_strmap_get(&m->sections, section);
	if (!ix) {
		ix = ls_xcalloc(1, sizeof *ix);
		ls_strmap_put(&m->sections, section, ix);
	}
	if (is_glob(call)) {
		list_push(&ix->globs, &mm);
		json_array_append_new(m->interesting_globs, json_string(call));
		return;
	}
	struct match_list *l = ls_strmap_get(&ix->exact, call);
	if (!l) {
		l = ls_xcalloc(1, sizeof *l);
		ls_strmap_put(&ix->exact, call, l);
	}
	list_push(l, &mm);
	ls_strmap_put(&m->interesting, call, (void *)1);
}

void ls_models_init(struct ls_models *m, const struct ls_catalog *cat)
{
	memset(m, 0, sizeof *m);
	m->cat = cat;
	m->interesting_globs = json_array();
	size_t i;
	json_t *model;
	json_array_foreach(cat->models, i, model) {
		const char *key;
		json_t *sec;
		json_object_foreach(model, key, sec) {
			if (key[0] == '@')
				continue; /* the loader's bookkeeping */
			if (json_is_array(sec)) {
				size_t j;
				json_t *e;
				json_array_foreach(sec, j, e)
					if (json_is_object(e))
						index_entry(m, key, e, model);
					else if (json_is_string(e))
						ls_strmap_put(&m->interesting, json_string_value(e), (void *)1);
			} else if (json_is_object(sec)) {
				/* One level of nesting: section.sub: [entries]. */
				const char *sub;
				json_t *arr;
				json_object_foreach(sec, sub, arr) {
					if (!json_is_array(arr))
						continue;
					char *qual = ls_xasprintf("%s.%s", key, sub);
					size_t j;
					json_t *e;
					json_array_foreach(arr, j, e)
						if (json_is_object(e))
							index_entry(m, qual, e, model);
					free(qual);
				}
			}
		}
	}
}

void ls_models_free(struct ls_models *m)
{
	ls_strmap_free(&m->sections, free_index);
	ls_strmap_free(&m->interesting, NULL);
	json_decref(m->interesting_globs);
	memset(m, 0, sizeof *m);
}

static int excepted(const json_t *entry, const char *name)
{
	const json_t *ex = json_object_get(entry, "except");
	size_t i;
	json_t *e;
	json_array_foreach(ex, i, e) {
		const char *pat = json_string_value(e);
		if (pat && fnmatch(pat, name, 0) == 0)
			return 1;
	}
	return 0;
}

size_t ls_models_lookup(struct ls_models *m, const char *section, const char *name,
			struct ls_model_match **out)
{
	*out = NULL;
	struct ls_model_index *ix = ls_strmap_get(&m->sections, section);
	if (!ix || !name)
		return 0;
	struct match_list res = {0};
	struct match_list *l = ls_strmap_get(&ix->exact, name);
	for (size_t i = 0; l && i < l->n; i++)
		if (!excepted(l->v[i].entry, name))
			list_push(&res, &l->v[i]);
	for (size_t i = 0; i < ix->globs.n; i++) {
		const char *pat = json_string_value(json_object_get(ix->globs.v[i].entry, "call"));
		if (fnmatch(pat, name, 0) == 0 && !excepted(ix->globs.v[i].entry, name))
			list_push(&res, &ix->globs.v[i]);
	}
	*out = res.v;
	return res.n;
}

int ls_models_interesting(const struct ls_models *m, const char *name)
{
	if (ls_strmap_get(&m->interesting, name))
		return 1;
	size_t i;
	json_t *g;
	json_array_foreach(m->interesting_globs, i, g)
		if (fnmatch(json_string_value(g), name, 0) == 0)
			return 1;
	return 0;
}

int ls_model_arg(json_int_t arg, int nargs)
{
	json_int_t i = arg < 0 ? nargs + arg : arg;
	return (i >= 0 && i < nargs) ? (int)i : -1;
}

/* Is ident a whole identifier token within text? */
static int has_token(const char *text, const char *ident)
{
	size_t n = strlen(ident);
	for (const char *p = text; (p = strstr(p, ident)); p += n) {
		int before = p == text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					    (p[-1] >= 'A' && p[-1] <= 'Z') ||
					    (p[-1] >= '0' && p[-1] <= '9'));
		char c = p[n];
		int after = !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9'));
		if (before && after)
			return 1;
	}
	return 0;
}

int ls_model_condition(const json_t *cond, const json_t *call, const struct ls_fdstate *fd)
{
	int nargs = (int)json_integer_value(json_object_get(call, "nargs"));
	const json_t *arg;
	/* {result: true, ...} tests the object the call's value is stored in */
	if (json_is_true(json_object_get(cond, "result"))) {
		arg = json_object_get(call, "result");
	} else {
		int i = ls_model_arg(json_integer_value(json_object_get(cond, "arg")), nargs);
		if (i < 0)
			return 0;
		arg = json_array_get(json_object_get(call, "args"), (size_t)i);
	}
	if (!arg)
		return 0;
	const json_t *v;
	if ((v = json_object_get(cond, "has"))) {
		const char *text = json_string_value(json_object_get(arg, "text"));
		const char *name = json_string_value(json_object_get(arg, "name"));
		const char *tok = json_string_value(v);
		return tok && ((text && has_token(text, tok)) || (name && !strcmp(name, tok)));
	}
	if ((v = json_object_get(cond, "string"))) {
		const char *lit = json_string_value(json_object_get(arg, "string"));
		return lit && json_string_value(v) && fnmatch(json_string_value(v), lit, 0) == 0;
	}
	const json_t *val = json_object_get(arg, "value");
	if ((v = json_object_get(cond, "value")))
		return json_is_integer(val) && json_integer_value(val) == json_integer_value(v);
	/* Flag words: every bit of all_of set, no bit of none_of set. */
	if ((v = json_object_get(cond, "all_of")))
		return json_is_integer(val) &&
		       (json_integer_value(val) & json_integer_value(v)) == json_integer_value(v);
	if ((v = json_object_get(cond, "none_of")))
		return json_is_integer(val) && (json_integer_value(val) & json_integer_value(v)) == 0;
	if (json_is_true(json_object_get(cond, "nonzero")))
		return json_is_integer(val) && json_integer_value(val) != 0;
	if (json_is_true(json_object_get(cond, "null")))
		return json_is_true(json_object_get(arg, "null"));
	if (json_is_true(json_object_get(cond, "pseudo_file")))
		return json_is_true(json_object_get(arg, "pseudo"));
	if (json_is_true(json_object_get(cond, "stored")))
		return json_is_true(json_object_get(arg, "stored"));
	const char *key = json_string_value(json_object_get(arg, "key"));
	if (json_is_true(json_object_get(cond, "nonblocking")))
		return key && fd && fd->is_nonblocking(fd->ud, key);
	if (json_is_true(json_object_get(cond, "blocking")))
		return key && fd && fd->is_blocking(fd->ud, key) && !fd->is_nonblocking(fd->ud, key);
	if ((v = json_object_get(cond, "made")))
		return key && fd && fd->made && fd->made(fd->ud, key, v);
	if ((v = json_object_get(cond, "used")))
		return key && fd && fd->used && fd->used(fd->ud, key, v);
	return 0;
}

static int any_holds(const json_t *conds, const json_t *call, const struct ls_fdstate *fd)
{
	if (json_is_object(conds))
		return ls_model_condition(conds, call, fd);
	size_t i;
	json_t *c;
	json_array_foreach(conds, i, c)
		if (ls_model_condition(c, call, fd))
			return 1;
	return 0;
}

static int all_hold(const json_t *conds, const json_t *call, const struct ls_fdstate *fd)
{
	if (json_is_object(conds))
		return ls_model_condition(conds, call, fd);
	size_t i;
	json_t *c;
	json_array_foreach(conds, i, c)
		if (!ls_model_condition(c, call, fd))
			return 0;
	return 1;
}

int ls_model_conditions_hold(const json_t *entry, const json_t *call,
			     const struct ls_fdstate *fd)
{
	const json_t *when = json_object_get(entry, "when");
	const json_t *unless = json_object_get(entry, "unless");
	if (when && !all_hold(when, call, fd))
		return 0;
	if (unless && any_holds(unless, call, fd))
		return 0;
	return 1;
}

const json_t *ls_models_header_model(struct ls_models *m, const char *path, size_t *next)
{
	size_t plen = strlen(path);
	for (size_t i = *next; i < json_array_size(m->cat->models); i++) {
		const json_t *model = json_array_get(m->cat->models, i);
		size_t j;
		json_t *h;
		json_array_foreach(json_object_get(model, "headers"), j, h) {
			const char *hs = json_string_value(h);
			size_t hl = hs ? strlen(hs) : 0;
			if (hl && plen >= hl && !strcmp(path + plen - hl, hs) &&
			    (plen == hl || path[plen - hl - 1] == '/')) {
				*next = i + 1;
				return model;
			}
		}
	}
	*next = json_array_size(m->cat->models);
	return NULL;
}

struct arity_check {
	struct ls_models *m;
	struct ls_strmap seen; /* "entry-address key" already reported */
	const char *callee, *site_file, *model_file;
	json_int_t arity, site_line;
	int errors;
};

static void arity_index(struct arity_check *ac, const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v))
		return;
	json_int_t a = json_integer_value(v);
	if (a < ac->arity && a >= -ac->arity)
		return;
	char *id = ls_xasprintf("%p %s", (const void *)obj, key);
	int again = ls_strmap_put(&ac->seen, id, (void *)1) != NULL;
	free(id);
	if (again)
		return;
	int line, col;
	ls_yaml_pos(obj, key, &line, &col);
	const char *dd = ac->m->cat->datadir;
	int shipped = dd && ls_has_prefix(ac->model_file, dd) && ac->model_file[strlen(dd)] == '/';
	(shipped ? ls_warning : ls_error)(
		"%s:%d:%d: %s: argument index %lld is out of range: %s takes %lld argument%s (%s:%lld)",
		ac->model_file, line, col, key, (long long)a, ac->callee, (long long)ac->arity,
		ac->arity == 1 ? "" : "s", ls_display_path(ac->site_file), (long long)ac->site_line);
	ac->errors += !shipped;
}

/* The conditions under key: one object or a list of them. */
static void arity_conds(struct arity_check *ac, const json_t *conds)
{
	if (json_is_object(conds))
		arity_index(ac, conds, "arg");
	size_t i;
	json_t *c;
	json_array_foreach(conds, i, c)
		arity_index(ac, c, "arg");
}

static void arity_entry(struct arity_check *ac, const json_t *e)
{
	static const char *const keys[] = {"arg", "callback", "alloc", "read", "buf"};
	for (size_t i = 0; i < LS_ARRAY_LEN(keys); i++)
		arity_index(ac, e, keys[i]);
	arity_conds(ac, json_object_get(e, "when"));
	arity_conds(ac, json_object_get(e, "unless"));
	arity_conds(ac, json_object_get(e, "nonblocking"));
	arity_conds(ac, json_object_get(e, "oom_only"));
	arity_conds(ac, json_object_get(e, "result"));
}

int ls_models_check_arity(struct ls_models *m, const json_t *summaries)
{
	struct arity_check ac = {.m = m};
	size_t i, j, k;
	json_t *sum, *fn, *call;
	json_array_foreach(summaries, i, sum)
		json_array_foreach(json_object_get(sum, "functions"), j, fn)
			json_array_foreach(json_object_get(fn, "calls"), k, call) {
		const json_t *arity = json_object_get(call, "arity");
		if (!json_is_integer(arity))
			continue;
		ac.callee = json_string_value(json_object_get(call, "name"));
		ac.arity = json_integer_value(arity);
		ac.site_file = json_string_value(json_object_get(fn, "file"));
		ac.site_line = json_integer_value(json_object_get(call, "line"));
		if (!ac.site_file)
			ac.site_file = "?";
		for (size_t s = 0; ac.callee && s < m->sections.cap; s++) {
			if (!m->sections.keys || !m->sections.keys[s])
				continue;
			struct ls_model_index *ix = m->sections.vals[s];
			struct match_list *l = ls_strmap_get(&ix->exact, ac.callee);
			for (size_t e = 0; l && e < l->n; e++) {
				ac.model_file = l->v[e].file;
				if (ac.model_file)
					arity_entry(&ac, l->v[e].entry);
			}
		}
	}
	ls_strmap_free(&ac.seen, NULL);
	return ac.errors;
}
