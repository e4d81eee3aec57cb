/*
 * group.c — see group.h. Groups are formed in one pass over the sorted
 * findings, so a group's first member is its first site in source order
 * and the groups come out in the order of their first sites.
 */
#include "analyzer/group.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"
#include "common/util.h"

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static json_t *site_of(const json_t *f)
{
	json_t *s = json_pack("{s:s, s:O, s:O}", "file", jstr(f, "file"), "line",
			      json_object_get(f, "line"), "column", json_object_get(f, "column"));
	if (json_is_string(json_object_get(f, "call")))
		json_object_set(s, "call", json_object_get(f, "call"));
	json_object_set_new(s, "message", json_string(jstr(f, "message")));
	json_object_set_new(s, "fingerprint", json_string(jstr(f, "fingerprint")));
	return s;
}

/* What the sites of one group share; NULL for a finding that is not
 * grouped: its rule has no group message, or it lies in no function. */
static char *group_key(const json_t *f, const struct ls_catalog *cat)
{
	const char *fn = jstr(f, "function");
	if (!*fn || !json_is_string(json_object_get(ls_rule_find(cat, jstr(f, "rule")), "group_message")))
		return NULL;
	return ls_xasprintf("%s\n%s\n%s\n%s\n%s", jstr(f, "rule"), jstr(f, "severity"),
			    ls_display_path(jstr(f, "file")), fn, jstr(f, "demoted"));
}

/* The calls of a group's sites, named (at most three) in source order:
 * "'fopen' and 'fclose'", "'fopen', 'fwrite' and 2 more calls" when every
 * site calls another function, else "9 calls to 'fopen' and 'fwrite'",
 * "9 calls to 'fopen', 'fwrite' and 2 other functions". */
static void calls_phrase(struct ls_buf *b, const json_t *sites)
{
	size_t n = json_array_size(sites);
	const char **names = ls_xcalloc(n, sizeof *names);
	size_t nd = 0, i;
	json_t *s;
	json_array_foreach(sites, i, s) {
		const char *c = jstr(s, "call");
		if (!*c)
			continue;
		size_t k = 0;
		while (k < nd && strcmp(names[k], c))
			k++;
		if (k == nd)
			names[nd++] = c;
	}
	if (nd < n)
		ls_buf_addf(b, "%zu calls%s", n, nd ? " to " : "");
	size_t shown = nd <= 3 ? nd : 2;
	for (size_t k = 0; k < shown; k++)
		ls_buf_addf(b, "%s'%s'", k == 0 ? "" : k + 1 == shown && shown == nd ? " and " : ", ",
			    names[k]);
	if (shown < nd)
		ls_buf_addf(b, " and %zu %s", nd - shown, nd == n ? "more calls" : "other functions");
	free(names);
}

/* The catalog's group message with {calls} and {function} filled in. */
static char *group_message(const char *t, const json_t *sites, const char *function)
{
	struct ls_buf b = {0};
	while (*t) {
		if (!strncmp(t, "{calls}", 7)) {
			calls_phrase(&b, sites);
			t += 7;
		} else if (!strncmp(t, "{function}", 10)) {
			ls_buf_puts(&b, function);
			t += 10;
		} else {
			ls_buf_add(&b, t++, 1);
		}
	}
	return ls_buf_steal(&b);
}

json_t *ls_group_findings(const json_t *findings, const struct ls_catalog *cat, int each_site)
{
	json_t *out = json_array();
	struct ls_strmap groups = {0}; /* key -> index in out + 1 */
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		char *key = each_site ? NULL : group_key(f, cat);
		intptr_t at = key ? (intptr_t)ls_strmap_get(&groups, key) : 0;
		if (at) {
			json_array_append_new(json_object_get(json_array_get(out, (size_t)at - 1), "sites"),
					      site_of(f));
			free(key);
			continue;
		}
		json_t *g = json_copy((json_t *)f);
		json_object_set_new(g, "sites", json_pack("[o]", site_of(f)));
		if (key) {
			json_object_set_new(g, "group", json_string("function"));
			/* Not the first site's: the same whichever sites the function has. */
			struct ls_buf b = {0};
			ls_buf_addf(&b, "group\n%s", key);
			json_object_set_new(g, "fingerprint",
					    json_sprintf("%016llx", ls_hash64(b.s, b.len, 0)));
			ls_buf_free(&b);
			json_array_append_new(out, g);
			ls_strmap_put(&groups, key, (void *)(intptr_t)json_array_size(out));
			free(key);
		} else {
			json_array_append_new(out, g);
		}
	}
	ls_strmap_free(&groups, NULL);
	json_array_foreach(out, i, f) {
		json_t *sites = json_object_get(f, "sites");
		if (json_array_size(sites) < 2)
			continue;
		const char *t = jstr(ls_rule_find(cat, jstr(f, "rule")), "group_message");
		char *msg = group_message(t, sites, jstr(f, "function"));
		json_object_set_new(f, "message", json_string(msg));
		free(msg);
	}
	return out;
}

size_t ls_group_count_sites(const json_t *findings)
{
	size_t n = 0, i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		size_t k = json_array_size(json_object_get(f, "sites"));
		n += k ? k : 1;
	}
	return n;
}
