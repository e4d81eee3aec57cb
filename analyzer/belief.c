/*
 * belief.c — see belief.h.
 */
#include "analyzer/belief.h"

#include <stdlib.h>

#include "common/util.h"

json_t *ls_belief_count(const json_t *summaries)
{
	json_t *counts = json_object();
	json_t *seen = json_object(); /* "file:line:column:callee" of sites counted */
	size_t t, i;
	json_t *sum, *site;
	json_array_foreach(summaries, t, sum) {
		json_t *sites = json_object_get(json_object_get(sum, "facts"), "ignored-error");
		json_array_foreach(sites, i, site) {
			const char *call = json_string_value(json_object_get(site, "call"));
			const char *file = json_string_value(json_object_get(site, "file"));
			if (!call || !file)
				continue;
			char *key = ls_xasprintf("%s:%lld:%lld:%s", file,
						 (long long)json_integer_value(json_object_get(site, "line")),
						 (long long)json_integer_value(json_object_get(site, "column")),
						 call);
			int fresh = !json_object_get(seen, key);
			json_object_set_new(seen, key, json_true());
			free(key);
			if (!fresh)
				continue;
			json_t *c = json_object_get(counts, call);
			if (!c)
				json_object_set_new(counts, call,
						    c = json_pack("{s:i, s:i}", "sites", 0, "checked", 0));
			json_object_set_new(c, "sites",
					    json_integer(json_integer_value(json_object_get(c, "sites")) + 1));
			if (json_is_true(json_object_get(site, "checked")))
				json_object_set_new(c, "checked",
						    json_integer(json_integer_value(json_object_get(c, "checked")) + 1));
		}
	}
	json_decref(seen);
	return counts;
}

static void weigh(const json_t *c, const char *callee, json_t *finding)
{
	long long sites = json_integer_value(json_object_get(c, "sites"));
	long long checked = json_integer_value(json_object_get(c, "checked"));
	/* The finding's own site is one of the unchecked ones. */
	long long others = sites - 1;
	if (sites >= LS_BELIEF_MIN_SITES && checked * 100 <= sites * LS_BELIEF_NEVER_PCT) {
		if (!json_object_get(finding, "demoted")) {
			char *why = ls_xasprintf("this program does not check %s() at %lld of its %lld "
						 "call sites (checked at %lld): it does not treat "
						 "that failure as one to handle",
						 callee, sites - checked, sites, checked);
			json_object_set_new(finding, "demoted", json_string(why));
			free(why);
		}
	} else if (others >= LS_BELIEF_USUAL_OTHERS &&
		   checked * 100 >= others * LS_BELIEF_USUALLY_PCT) {
		char *msg = ls_xasprintf("%s; %s() is checked at %lld of %lld other sites in this program",
					 json_string_value(json_object_get(finding, "message")),
					 callee, checked, others);
		json_object_set_new(finding, "message", json_string(msg));
		free(msg);
	}
}

void ls_belief_apply(const json_t *counts, json_t *finding)
{
	const json_t *name = json_object_get(finding, "callee");
	const char *callee = json_string_value(name);
	const json_t *c = callee ? json_object_get(counts, callee) : NULL;
	if (c)
		weigh(c, callee, finding);
	if (name)
		json_object_del(finding, "callee");
}
