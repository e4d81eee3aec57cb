/*
 * suppress.c — see suppress.h. A file is scanned once per run: memmem()
 * for the marker, then only the lines it occurs on are parsed, so the
 * cost on a file without suppressions is one read and one scan.
 */
#include "analyzer/suppress.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

#define MARKER "loopscope:"

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int has_opener(const char *from, const char *to)
{
	for (const char *p = from; p + 1 < to; p++)
		if (p[0] == '/' && (p[1] == '/' || p[1] == '*'))
			return 1;
	return 0;
}

/* Parse what follows the marker on one line [p, end). 1 and fills sup if
 * it is a suppression, 0 if the text is no suppression at all, -1 if it
 * looks like one but is malformed. */
static int parse_one(const char *p, const char *end, struct ls_sup *sup)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	int next = 0;
	if ((size_t)(end - p) >= 16 && !strncmp(p, "ignore-next-line", 16)) {
		next = 1;
		p += 16;
	} else if ((size_t)(end - p) >= 6 && !strncmp(p, "ignore", 6)) {
		p += 6;
	} else {
		return 0;
	}
	if (p >= end || *p != '[')
		return -1;
	const char *close = memchr(p, ']', (size_t)(end - p));
	if (!close)
		return -1;
	p++;
	while (p < close) {
		const char *comma = memchr(p, ',', (size_t)(close - p));
		const char *e = comma ? comma : close;
		const char *a = p, *b = e;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (a < b) {
			sup->rules = ls_xrealloc(sup->rules, (size_t)(sup->nrules + 1) * sizeof *sup->rules);
			sup->rules[sup->nrules++] = ls_xstrndup(a, (size_t)(b - a));
		}
		p = e + 1;
	}
	if (!sup->nrules)
		return -1;
	sup->target = sup->line + next;
	return 1;
}

const struct ls_sup_file *ls_sup_scan_text(struct ls_sup_set *s, const char *path,
					   const char *text, size_t len)
{
	struct ls_sup_file *sf = ls_strmap_get(&s->files, path);
	if (sf)
		return sf;
	sf = ls_xcalloc(1, sizeof *sf);
	ls_strmap_put(&s->files, path, sf);
	const char *end = text + len, *counted = text;
	int line = 1;
	for (const char *hit = text; text && hit < end;) {
		hit = memmem(hit, (size_t)(end - hit), MARKER, sizeof MARKER - 1);
		if (!hit)
			break;
		for (; counted < hit; counted++)
			if (*counted == '\n')
				line++;
		const char *bol = hit;
		while (bol > text && bol[-1] != '\n')
			bol--;
		const char *eol = memchr(hit, '\n', (size_t)(end - hit));
		if (!eol)
			eol = end;
		if (has_opener(bol, hit)) {
			/* the column of the comment the marker is in: the last
			 * opener before it */
			struct ls_sup sup = {.line = line};
			const char *c = hit - 1;
			while (c > bol && !(c[-1] == '/' && (c[0] == '/' || c[0] == '*')))
				c--;
			sup.column = (int)(c - bol);
			int r = parse_one(hit + sizeof MARKER - 1, eol, &sup);
			if (r > 0) {
				sf->v = ls_xrealloc(sf->v, (size_t)(sf->n + 1) * sizeof *sf->v);
				sf->v[sf->n++] = sup;
			} else {
				for (int i = 0; i < sup.nrules; i++)
					free(sup.rules[i]);
				free(sup.rules);
				if (r < 0)
					ls_warning("%s:%d: malformed suppression, ignored (write "
						   "'loopscope: ignore[RULE,...]' or "
						   "'loopscope: ignore-next-line[RULE,...]')",
						   ls_display_path(path), line);
			}
		}
		hit += sizeof MARKER - 1; /* another comment on the line may hold one too */
	}
	return sf;
}

const struct ls_sup_file *ls_sup_scan_file(struct ls_sup_set *s, const char *path)
{
	const struct ls_sup_file *sf = ls_strmap_get(&s->files, path);
	if (sf)
		return sf;
	size_t len = 0;
	char *text = ls_read_file(path, &len);
	sf = ls_sup_scan_text(s, path, text ? text : "", text ? len : 0);
	free(text);
	return sf;
}

static int silences(struct ls_sup *sup, const char *rule, int line)
{
	if (sup->target != line)
		return 0;
	for (int i = 0; i < sup->nrules; i++)
		if (fnmatch(sup->rules[i], rule, 0) == 0)
			return 1;
	return 0;
}

json_t *ls_sup_apply(struct ls_sup_set *s, json_t *findings, int *nsuppressed)
{
	json_t *out = json_array();
	int dropped = 0;
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		const struct ls_sup_file *sf = ls_sup_scan_file(s, jstr(f, "file"));
		int line = (int)json_integer_value(json_object_get(f, "line"));
		int hit = 0;
		for (int k = 0; k < sf->n; k++)
			if (silences(&sf->v[k], jstr(f, "rule"), line)) {
				sf->v[k].used = 1;
				hit = 1;
			}
		if (hit)
			dropped++;
		else
			json_array_append(out, f);
	}
	if (nsuppressed)
		*nsuppressed = dropped;
	return out;
}

static int cmp_unused(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int r = strcmp(jstr(x, "file"), jstr(y, "file"));
	if (r)
		return r;
	return (int)(json_integer_value(json_object_get(x, "line")) -
		     json_integer_value(json_object_get(y, "line")));
}

json_t *ls_sup_unused(const struct ls_sup_set *s)
{
	json_t **v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < s->files.cap; i++) {
		if (!s->files.keys || !s->files.keys[i])
			continue;
		const struct ls_sup_file *sf = s->files.vals[i];
		for (int k = 0; k < sf->n; k++) {
			const struct ls_sup *sup = &sf->v[k];
			if (sup->used)
				continue;
			struct ls_buf b = {0};
			ls_buf_addf(&b, "suppression matches no finding: %s[",
				    sup->target != sup->line ? "ignore-next-line" : "ignore");
			for (int r = 0; r < sup->nrules; r++)
				ls_buf_addf(&b, "%s%s", r ? "," : "", sup->rules[r]);
			ls_buf_puts(&b, "]");
			v = ls_xrealloc(v, (n + 1) * sizeof *v);
			v[n++] = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:[], s:[], s:s, s:s}", "rule",
					   "unused-suppression", "file", s->files.keys[i], "line",
					   sup->line, "column", sup->column, "function", "", "message",
					   b.s, "notes", "chain", "severity", "warning", "fix",
					   "Remove the suppression, or correct its rule list: ignore[...] "
					   "silences findings on its own line, ignore-next-line[...] those "
					   "on the line below.");
			ls_buf_free(&b);
		}
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_unused);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, v[i]);
	free(v);
	return out;
}

static void free_file(void *p)
{
	struct ls_sup_file *sf = p;
	for (int k = 0; k < sf->n; k++) {
		for (int r = 0; r < sf->v[k].nrules; r++)
			free(sf->v[k].rules[r]);
		free(sf->v[k].rules);
	}
	free(sf->v);
	free(sf);
}

void ls_sup_free(struct ls_sup_set *s)
{
	ls_strmap_free(&s->files, free_file);
}
