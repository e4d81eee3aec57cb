/*
 * baseline.c — see baseline.h. File names are stored as the report shows
 * them (relative to the current directory when below it), so a baseline
 * checked in at the project root matches runs made from there on any
 * machine.
 */
#include "analyzer/baseline.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "common/yamldoc.h"

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static char *key_of(const char *rule, const char *file, const char *function, const char *fp)
{
	return ls_xasprintf("%s\n%s\n%s\n%s", rule, file, function, fp);
}

int ls_base_write(const char *path, const json_t *findings, const char *version)
{
	json_t *list = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "rule",
						      jstr(f, "rule"), "file",
						      ls_display_path(jstr(f, "file")), "function",
						      jstr(f, "function"), "fingerprint",
						      jstr(f, "fingerprint"), "line",
						      json_integer_value(json_object_get(f, "line")),
						      "message", jstr(f, "message")));
	json_t *doc = json_pack("{s:s, s:s, s:i, s:o}", "tool", "loopscope", "version", version,
				"baseline_version", 1, "findings", list);
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	size_t len = strlen(text);
	text = ls_xrealloc(text, len + 2);
	text[len++] = '\n';
	text[len] = '\0';
	int r = ls_write_file_atomic(path, text, len);
	free(text);
	if (r < 0)
		ls_error("cannot write %s: %s", path, ls_strerror(errno));
	return r;
}

int ls_base_load(struct ls_base *b, const char *path)
{
	memset(b, 0, sizeof *b);
	json_error_t err;
	json_t *doc = ls_json_load_file(path, &err);
	if (!doc) {
		if (err.line <= 0)
			ls_error("%s: cannot read the baseline: %s", path, err.text);
		else
			ls_error("%s:%d:%d: not a loopscope baseline: %s", path, err.line, err.column,
				 err.text);
		return -1;
	}
	json_t *list = json_object_get(doc, "findings");
	if (!json_is_array(list)) {
		ls_error("%s: not a loopscope baseline (no \"findings\" list; write one with "
			 "--write-baseline)", path);
		json_decref(doc);
		return -1;
	}
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (!json_is_string(json_object_get(e, "rule")) ||
		    !json_is_string(json_object_get(e, "fingerprint"))) {
			ls_error("%s: entry %zu of \"findings\" has no rule or fingerprint", path, i + 1);
			json_decref(doc);
			ls_base_free(b);
			return -1;
		}
		char *k = key_of(jstr(e, "rule"), jstr(e, "file"), jstr(e, "function"),
				 jstr(e, "fingerprint"));
		intptr_t n = (intptr_t)ls_strmap_get(&b->counts, k);
		ls_strmap_put(&b->counts, k, (void *)(n + 1));
		free(k);
		b->n++;
	}
	json_decref(doc);
	return 0;
}

json_t *ls_base_filter(struct ls_base *b, const json_t *findings, int *nmatched)
{
	json_t *out = json_array();
	int matched = 0;
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		char *k = key_of(jstr(f, "rule"), ls_display_path(jstr(f, "file")),
				 jstr(f, "function"), jstr(f, "fingerprint"));
		intptr_t n = (intptr_t)ls_strmap_get(&b->counts, k);
		if (n > 0) {
			ls_strmap_put(&b->counts, k, (void *)(n - 1));
			matched++;
		} else {
			json_array_append(out, f);
		}
		free(k);
	}
	if (nmatched)
		*nmatched = matched;
	return out;
}

void ls_base_free(struct ls_base *b)
{
	ls_strmap_free(&b->counts, NULL);
	b->n = 0;
}
