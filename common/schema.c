/*
 * schema.c — see schema.h. An alternative is chosen by the JSON kind of
 * the value (a condition object vs. a list of them), then checked deeply,
 * so a message names the innermost member that is wrong.
 */
#include "schema.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum kind { K_ANY, K_STR, K_INT, K_BOOL, K_NULL, K_OBJ, K_LIST, K_CUSTOM };

struct walk {
	const struct ls_schema_ctx *c;
	int errors;
};

static void walk(struct walk *w, const json_t *spec, const json_t *v, const json_t *obj,
		 const char *key, const char *path);

static void report(struct walk *w, const json_t *obj, const char *key, const char *path,
		   const char *msg, int warning)
{
	if (!warning)
		w->errors++;
	w->c->report(w->c->ud, obj, key, path, msg, warning);
}

/* What kind of value one alternative of a type string accepts; *sub is
 * the spec it names (@NAME), if any. */
static enum kind kind_of(const struct ls_schema_ctx *c, const char *alt, const json_t **sub)
{
	*sub = NULL;
	if (alt[0] == '[')
		return K_LIST;
	if (alt[0] == '=')
		return K_STR;
	if (alt[0] == '@') {
		*sub = json_object_get(c->defs, alt + 1);
		if (json_is_object(*sub))
			return K_OBJ;
		if (json_is_array(*sub))
			return K_LIST;
		return K_ANY; /* a named scalar type: checked by recursion */
	}
	static const struct {
		const char *name;
		enum kind k;
	} base[] = {{"any", K_ANY}, {"str", K_STR}, {"int", K_INT}, {"bool", K_BOOL},
		    {"null", K_NULL}, {"obj", K_OBJ}, {"list", K_LIST}};
	for (size_t i = 0; i < LS_ARRAY_LEN(base); i++)
		if (!strcmp(alt, base[i].name))
			return base[i].k;
	return K_CUSTOM;
}

static enum kind kind_of_value(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return K_STR;
	case JSON_INTEGER:
		return K_INT;
	case JSON_TRUE:
	case JSON_FALSE:
		return K_BOOL;
	case JSON_NULL:
		return K_NULL;
	case JSON_OBJECT:
		return K_OBJ;
	case JSON_ARRAY:
		return K_LIST;
	default:
		return K_ANY; /* a real: no spec asks for one */
	}
}

static const char *describe(enum kind k)
{
	static const char *const names[] = {"anything", "a string", "an integer", "true or false",
					    "nothing", "a mapping", "a list", "?"};
	return names[k];
}

static void check_type(struct walk *w, const char *type, const json_t *v, const json_t *obj,
		       const char *key, const char *path)
{
	char *t = ls_xstrdup(type);
	size_t n = strlen(t);
	if (n && t[n - 1] == '!')
		t[n - 1] = '\0';
	struct ls_buf want = {0};
	const char *custom_msg = NULL;
	char *save = NULL;
	for (char *alt = strtok_r(t, "|", &save); alt; alt = strtok_r(NULL, "|", &save)) {
		const json_t *sub;
		enum kind k = kind_of(w->c, alt, &sub);
		if (k == K_CUSTOM) {
			const char *m = w->c->check ? w->c->check(w->c->ud, alt, v) : "?";
			if (!m)
				goto out;
			if (m[0] == '!')
				custom_msg = m + 1;
			ls_buf_addf(&want, "%s%s", want.len ? " or " : "", m[0] == '!' ? m + 1 : m);
			continue;
		}
		if (alt[0] == '=') {
			if (json_is_string(v)) {
				char *opts = ls_xasprintf("/%s/", alt + 1);
				char *want1 = ls_xasprintf("/%s/", json_string_value(v));
				int hit = strstr(opts, want1) != NULL;
				free(opts);
				free(want1);
				if (hit)
					goto out;
			}
			ls_buf_addf(&want, "%sone of ", want.len ? " or " : "");
			for (const char *p = alt + 1; *p; p++)
				if (*p == '/')
					ls_buf_puts(&want, ", ");
				else
					ls_buf_add(&want, p, 1);
			continue;
		}
		if (k == K_ANY && alt[0] == '@' && !sub) {
			/* undefined name: a bug in the spec, not in the input */
			goto out;
		}
		if (k == K_ANY && alt[0] == '@') {
			walk(w, sub, v, obj, key, path);
			goto out;
		}
		if (k != K_ANY && k != kind_of_value(v)) {
			ls_buf_addf(&want, "%s%s", want.len ? " or " : "", describe(k));
			continue;
		}
		if (alt[0] == '[') {
			char *inner = ls_xstrndup(alt + 1, strlen(alt + 1) - (alt[strlen(alt) - 1] == ']'));
			json_t *item = json_string(inner);
			json_t *lspec = json_pack("[o]", item);
			walk(w, lspec, v, obj, key, path);
			json_decref(lspec);
			free(inner);
		} else if (sub) {
			int before = w->errors;
			walk(w, sub, v, obj, key, path);
			const char *m = w->errors == before && w->c->check_obj && json_is_object(v)
						? w->c->check_obj(w->c->ud, alt + 1, v)
						: NULL;
			if (m)
				report(w, v, NULL, path, m, 0);
		}
		goto out;
	}
	{
		char *what = json_is_string(v) ? ls_xasprintf("'%.40s'", json_string_value(v))
					       : ls_xstrdup(describe(kind_of_value(v)));
		char *msg = custom_msg ? ls_xstrdup(custom_msg)
				       : ls_xasprintf("expected %s, not %s", want.s, what);
		free(what);
		report(w, obj, key, path, msg, 0);
		free(msg);
	}
out:
	ls_buf_free(&want);
	free(t);
}

static const char *nearest_member(const json_t *spec, const char *key)
{
	const char *cands[64];
	size_t n = 0;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)spec, k, v)
		if (n < LS_ARRAY_LEN(cands) && strcmp(k, "*"))
			cands[n++] = k;
	return ls_nearest(key, cands, n);
}

static void walk(struct walk *w, const json_t *spec, const json_t *v, const json_t *obj,
		 const char *key, const char *path)
{
	if (json_is_string(spec)) {
		check_type(w, json_string_value(spec), v, obj, key, path);
		return;
	}
	if (json_is_array(spec)) {
		if (!json_is_array(v)) {
			char *msg = ls_xasprintf("expected a list, not %s", describe(kind_of_value(v)));
			report(w, obj, key, path, msg, 0);
			free(msg);
			return;
		}
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			char *p = ls_xasprintf("%s[%zu]", path, i);
			/* An item mapping has its own position; a scalar is
			 * placed at the list's key. */
			if (json_is_object(item))
				walk(w, json_array_get(spec, 0), item, item, NULL, p);
			else
				walk(w, json_array_get(spec, 0), item, obj, key, p);
			free(p);
		}
		return;
	}
	if (!json_is_object(v)) {
		char *msg = ls_xasprintf("expected a mapping, not %s", describe(kind_of_value(v)));
		report(w, obj, key, path, msg, 0);
		free(msg);
		return;
	}
	const char *k;
	json_t *member;
	int strict = ls_streq(json_string_value(json_object_get(spec, "*")), "error");
	json_object_foreach((json_t *)v, k, member) {
		if (k[0] == '@')
			continue;
		const json_t *s = json_object_get(spec, k);
		if (!s && !strict)
			s = json_object_get(spec, "*");
		char *p = *path ? ls_xasprintf("%s.%s", path, k) : ls_xstrdup(k);
		if (s) {
			walk(w, s, member, v, k, p);
		} else if (strict || w->c->warn_unknown) {
			const char *near = nearest_member(spec, k);
			char *msg = ls_xasprintf("unknown key '%s'%s%s%s%s", k, strict ? "" : " ignored",
						 near ? " (did you mean '" : "", near ? near : "",
						 near ? "'?)" : "");
			report(w, v, k, p, msg, !strict);
			free(msg);
		}
		free(p);
	}
	json_t *s;
	json_object_foreach((json_t *)spec, k, s) {
		const char *t = json_string_value(s);
		if (t && t[strlen(t) - 1] == '!' && !json_object_get(v, k)) {
			char *msg = ls_xasprintf("'%s' is missing", k);
			report(w, v, NULL, path, msg, 0);
			free(msg);
		}
	}
}

int ls_schema_check(const struct ls_schema_ctx *c, const json_t *spec, const json_t *doc)
{
	struct walk w = {c, 0};
	walk(&w, spec, doc, doc, NULL, "");
	return w.errors;
}
