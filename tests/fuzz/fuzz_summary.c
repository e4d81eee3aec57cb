/*
 * fuzz_summary.c — the summary reader (analyzer/summary.c) the cache and
 * `link` trust: the input is parsed and checked as they do, whether it is
 * a `check --summaries-out` record, a cache entry (both carry the summary
 * in "summary") or a bare summary; one that passes is then linked with the
 * shipped models (analyzer/link.c) and its findings sorted, as check does.
 */
#include "tests/fuzz/fuzz.h"

#include "analyzer/link.h"
#include "analyzer/model.h"
#include "analyzer/summary.h"
#include "common/catalog.h"

static struct ls_catalog cat;
static struct ls_models models;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	fuzz_load_catalog(&cat);
	ls_models_init(&models, &cat);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	json_t *doc = ls_sum_parse((const char *)data, size, err, sizeof err);
	if (!doc)
		return 0;
	json_t *sum = json_object_get(doc, "summary");
	if (!sum)
		sum = doc;
	if (ls_sum_check(sum, err, sizeof err) == 0) {
		const char *loops[] = {"on_*"}, *workers[] = {"worker*"};
		struct ls_link_opts opts = {.loop_globs = loops, .nloop_globs = 1,
					    .worker_globs = workers, .nworker_globs = 1};
		json_t *all = json_array(), *stats = json_object();
		json_array_append(all, sum);
		json_t *findings = ls_link(all, &models, &opts, stats);
		ls_findings_sort(findings);
		json_decref(findings);
		json_decref(stats);
		json_decref(all);
	}
	json_decref(doc);
	return 0;
}
