/*
 * config.c — see config.h. The file is parsed by common/yamldoc into a
 * jansson tree; lines for messages come from the text itself (a
 * top-level key starts a line at column 0), so every error can say
 * FILE:LINE: 'key': what is wrong.
 */
#include "analyzer/config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/util.h"
#include "common/yamldoc.h"

char *ls_conf_find(const char *start)
{
	char *dir = ls_abspath(start, NULL);
	for (;;) {
		char *p = ls_xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", LS_CONF_NAME);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			free(dir);
			return p;
		}
		free(p);
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (strcmp(dir, "/") == 0)
				break;
			strcpy(dir, "/");
			continue;
		}
		*slash = '\0';
	}
	free(dir);
	return NULL;
}

/* Is text[0..] "KEY:" (optionally quoted, spaces before the colon)? */
static int line_has_key(const char *s, const char *key)
{
	size_t n = strlen(key);
	char q = (*s == '"' || *s == '\'') ? *s : 0;
	if (q)
		s++;
	if (strncmp(s, key, n) != 0)
		return 0;
	s += n;
	if (q && *s++ != q)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == ':';
}

/* 1-based line of top-level key (indent 0) or, with indented, of the first
 * line after `after` whose first non-blank text is the key; 0 if none. */
static int key_line(const char *text, const char *key, int after, int indented)
{
	int line = 1;
	for (const char *p = text; p && *p; line++) {
		const char *s = p;
		if (indented)
			while (*s == ' ' || *s == '\t')
				s++;
		if (line > after && (indented ? s != p : 1) && line_has_key(s, key))
			return line;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

/* The last top-level key at or above line, for syntax errors. */
static char *key_above(const char *text, int upto)
{
	char *best = NULL;
	int line = 1;
	for (const char *p = text; p && *p && line <= upto; line++) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
		if (n && p[strspn(p + n, " \t") + n] == ':') {
			free(best);
			best = ls_xstrndup(p, n);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return best;
}

struct loader {
	struct ls_conf *c;
	const char *name; /* as given, for messages */
	const char *text;
};

static int bad(struct loader *l, const char *key, const char *fmt, const char *detail)
{
	int line = key_line(l->text, key, 0, 0);
	char *what = ls_xasprintf(fmt, detail);
	ls_error("%s:%d: '%s': %s", l->name, line ? line : 1, key, what);
	free(what);
	return -1;
}

static void list_free(struct ls_conf_list *l);

/* A string, or a list of strings, into out (relative paths made absolute
 * against the config file's directory when paths is set). */
static int str_list(struct loader *l, const char *key, json_t *v, struct ls_conf_list *out,
		    int paths)
{
	json_t *arr = json_is_string(v) ? json_pack("[O]", v) : json_incref(v);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return bad(l, key, "expected a list of %s", paths ? "file names" : "patterns");
	}
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		if (!json_is_string(e) || !*json_string_value(e)) {
			json_decref(arr);
			return bad(l, key, "expected a list of %s, each a non-empty string",
				   paths ? "file names" : "patterns");
		}
		const char *s = json_string_value(e);
		out->v = ls_xrealloc(out->v, (size_t)(out->n + 2) * sizeof *out->v);
		out->v[out->n++] = paths ? ls_abspath(s, l->c->dir) : ls_xstrdup(s);
		out->v[out->n] = NULL;
	}
	json_decref(arr);
	return 0;
}

static int is_level(const char *s, int none_ok)
{
	return ls_streq(s, "error") || ls_streq(s, "warning") || ls_streq(s, "note") ||
	       (none_ok && ls_streq(s, "none"));
}

static const char *nearest_key(const char *key)
{
	static const char *const keys[] = {"rules", "severity", "models", "loop_callbacks",
					   "worker_functions", "programs", "exclude", "fail_on", "baseline",
					   "each_site"};
	return ls_nearest(key, keys, LS_ARRAY_LEN(keys));
}

static int load_key(struct loader *l, const char *key, json_t *v)
{
	struct ls_conf *c = l->c;
	if (!strcmp(key, "rules")) {
		c->rules_line = key_line(l->text, key, 0, 0);
		if (json_is_string(v)) {
			c->rules = ls_xstrdup(json_string_value(v));
			return 0;
		}
		struct ls_conf_list pats = {0};
		if (str_list(l, key, v, &pats, 0) < 0) {
			list_free(&pats); /* the items before the bad one */
			return -1;
		}
		struct ls_buf b = {0};
		for (int i = 0; i < pats.n; i++) {
			ls_buf_addf(&b, "%s%s", i ? "," : "", pats.v[i]);
			free(pats.v[i]);
		}
		free(pats.v);
		c->rules = ls_buf_steal(&b);
		return 0;
	}
	if (!strcmp(key, "fail_on")) {
		if (!json_is_string(v) || !is_level(json_string_value(v), 1))
			return bad(l, key, "expected error, warning, note or none%s", "");
		c->fail_on = ls_xstrdup(json_string_value(v));
		return 0;
	}
	if (!strcmp(key, "each_site")) {
		if (!json_is_boolean(v))
			return bad(l, key, "expected true or false%s", "");
		c->each_site = json_is_true(v);
		return 0;
	}
	if (!strcmp(key, "baseline")) {
		if (!json_is_string(v) || !*json_string_value(v))
			return bad(l, key, "expected a file name%s", "");
		c->baseline = ls_abspath(json_string_value(v), c->dir);
		return 0;
	}
	if (!strcmp(key, "severity")) {
		if (!json_is_object(v))
			return bad(l, key, "expected a mapping of rule (or rule glob) to error, warning or note%s", "");
		c->severity = json_object();
		c->severity_line = key_line(l->text, key, 0, 0);
		const char *rule;
		json_t *lv;
		json_object_foreach(v, rule, lv) {
			if (rule[0] == '@')
				continue;
			if (!json_is_string(lv) || !is_level(json_string_value(lv), 0)) {
				int line = key_line(l->text, rule, c->severity_line, 1);
				ls_error("%s:%d: 'severity': '%s' must be error, warning or note", l->name,
					 line ? line : c->severity_line, rule);
				return -1;
			}
			json_object_set(c->severity, rule, lv);
		}
		return 0;
	}
	if (!strcmp(key, "models"))
		return str_list(l, key, v, &c->models, 1);
	if (!strcmp(key, "loop_callbacks"))
		return str_list(l, key, v, &c->loop_callbacks, 0);
	if (!strcmp(key, "worker_functions"))
		return str_list(l, key, v, &c->worker_functions, 0);
	if (!strcmp(key, "programs"))
		return str_list(l, key, v, &c->programs, 1);
	if (!strcmp(key, "exclude")) {
		struct ls_conf_list pats = {0};
		if (str_list(l, key, v, &pats, 0) < 0) {
			list_free(&pats); /* the items before the bad one */
			return -1;
		}
		for (int i = 0; i < pats.n; i++) {
			ls_conf_exclude_add(&c->exclude, pats.v[i], c->dir);
			free(pats.v[i]);
		}
		free(pats.v);
		return 0;
	}
	int line = key_line(l->text, key, 0, 0);
	const char *near = nearest_key(key);
	if (near)
		ls_warning("%s:%d: unknown key '%s' ignored (did you mean '%s'?)", l->name,
			   line ? line : 1, key, near);
	else
		ls_warning("%s:%d: unknown key '%s' ignored (known: rules, severity, models, "
			   "loop_callbacks, worker_functions, programs, exclude, fail_on, baseline, "
			   "each_site)",
			   l->name, line ? line : 1, key);
	return 0;
}

int ls_conf_load_string(struct ls_conf *c, const char *name, const char *text, size_t len)
{
	memset(c, 0, sizeof *c);
	c->path = ls_abspath(name, NULL);
	c->dir = ls_xstrdup(c->path);
	char *slash = strrchr(c->dir, '/');
	slash[slash == c->dir ? 1 : 0] = '\0';
	char err[512];
	json_t *doc = ls_yaml_load_string(text, len, name, LS_YAML_LINES, err, sizeof err);
	if (!doc) {
		/* err is "NAME:LINE:COL: problem"; add the key it is under. */
		const char *p = err + strlen(name);
		int line = *p == ':' ? atoi(p + 1) : 0;
		char *key = line ? key_above(text, line) : NULL;
		if (key)
			ls_error("%s (under '%s')", err, key);
		else
			ls_error("%s", err);
		free(key);
		return -1;
	}
	if (!json_is_object(doc)) {
		ls_error("%s:1: expected a mapping of settings (rules:, exclude:, ...)", name);
		json_decref(doc);
		return -1;
	}
	struct loader l = {c, name, text};
	int rc = 0;
	const char *key;
	json_t *v;
	json_object_foreach(doc, key, v) {
		if (key[0] == '@' || json_is_null(v))
			continue;
		if (load_key(&l, key, v) < 0) {
			rc = -1;
			break;
		}
	}
	json_decref(doc);
	return rc;
}

int ls_conf_load(struct ls_conf *c, const char *path)
{
	size_t len;
	char *text = ls_read_file(path, &len);
	if (!text) {
		memset(c, 0, sizeof *c);
		ls_error("%s: cannot read the configuration: %s", path, ls_strerror(errno));
		return -1;
	}
	int r = ls_conf_load_string(c, path, text, len);
	free(text);
	return r;
}

static void list_free(struct ls_conf_list *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

void ls_conf_free(struct ls_conf *c)
{
	free(c->path);
	free(c->dir);
	free(c->rules);
	free(c->fail_on);
	free(c->baseline);
	json_decref(c->severity);
	list_free(&c->models);
	list_free(&c->loop_callbacks);
	list_free(&c->worker_functions);
	list_free(&c->programs);
	ls_conf_exclude_free(&c->exclude);
	memset(c, 0, sizeof *c);
}

int ls_conf_apply_severity(const struct ls_conf *c, struct ls_catalog *cat)
{
	const char *pat;
	json_t *lv;
	json_object_foreach(c->severity, pat, lv) {
		int hit = 0;
		size_t i;
		json_t *r;
		json_array_foreach(cat->rules, i, r)
			if (fnmatch(pat, json_string_value(json_object_get(r, "id")), 0) == 0) {
				json_object_set(r, "severity", lv);
				hit = 1;
			}
		if (!hit) {
			int line = 0;
			char *text = c->path ? ls_read_file(c->path, NULL) : NULL;
			if (text)
				line = key_line(text, pat, c->severity_line, 1);
			free(text);
			ls_error("%s:%d: 'severity': no rule matches '%s' (see 'loopscope rules')",
				 c->path ? ls_display_path(c->path) : "<config>",
				 line ? line : c->severity_line, pat);
			return -1;
		}
	}
	return 0;
}

void ls_conf_exclude_add(struct ls_conf_exclude *e, const char *pattern, const char *base)
{
	e->pat = ls_xrealloc(e->pat, (size_t)(e->n + 1) * sizeof *e->pat);
	e->base = ls_xrealloc(e->base, (size_t)(e->n + 1) * sizeof *e->base);
	char *b = ls_abspath(base, NULL);
	for (;;) {
		if (pattern[0] == '.' && pattern[1] == '/') {
			pattern += 2;
		} else if (!strncmp(pattern, "../", 3)) {
			/* "../x" relative to base is "x" relative to its parent. */
			pattern += 3;
			char *slash = strrchr(b, '/');
			slash[slash == b ? 1 : 0] = '\0';
		} else {
			break;
		}
	}
	size_t n = strlen(pattern);
	while (n > 1 && pattern[n - 1] == '/')
		n--; /* "vendor/" is the directory vendor */
	e->pat[e->n] = ls_xstrndup(pattern, n);
	e->base[e->n] = b;
	e->n++;
}

static int match_prefixes(const char *pat, const char *rel)
{
	if (fnmatch(pat, rel, 0) == 0)
		return 1;
	char *copy = ls_xstrdup(rel);
	int hit = 0;
	for (char *s = strchr(copy, '/'); s && !hit; s = strchr(s + 1, '/')) {
		*s = '\0';
		hit = fnmatch(pat, copy, 0) == 0;
		*s = '/';
	}
	free(copy);
	return hit;
}

int ls_conf_excluded(const struct ls_conf_exclude *e, const char *abspath)
{
	for (int i = 0; i < e->n; i++) {
		const char *pat = e->pat[i];
		if (pat[0] == '/') {
			/* Absolute pattern, or one anchored at the base ("/build"). */
			if (match_prefixes(pat, abspath))
				return 1;
			char *anch = ls_xasprintf("%s%s", strcmp(e->base[i], "/") ? e->base[i] : "", pat);
			int hit = match_prefixes(anch, abspath);
			free(anch);
			if (hit)
				return 1;
			continue;
		}
		size_t n = strlen(e->base[i]);
		const char *rel = abspath;
		if (n > 1) {
			if (strncmp(abspath, e->base[i], n) != 0 || abspath[n] != '/')
				continue;
			rel = abspath + n + 1;
		} else {
			rel = abspath + 1;
		}
		if (match_prefixes(pat, rel))
			return 1;
	}
	return 0;
}

void ls_conf_exclude_free(struct ls_conf_exclude *e)
{
	for (int i = 0; i < e->n; i++) {
		free(e->pat[i]);
		free(e->base[i]);
	}
	free(e->pat);
	free(e->base);
	memset(e, 0, sizeof *e);
}
