/*
 * link.c — `loopscope link DIR...`: the last step of a sharded analysis.
 *
 * `loopscope check --shard K/N --summaries-out DIR` writes one file per
 * translation unit of its shard (cmd/check.c): the TU's place in the
 * compile database, the number of files in it, the models digest, and its
 * summary or why it has none. link gathers them from every directory (or
 * file) named, puts the summaries back in compile-database order, and
 * runs the same pipeline as an unsharded `check` (cmd/check.h), so the
 * findings are identical. Files no shard covered are reported and make
 * the run fail, as files that could not be analyzed do.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/summary.h"
#include "cmd/check.h"
#include "cmd/cmd.h"
#include "common/util.h"

/* More files than any compile database has: a damaged record. */
#define LS_LINK_MAX_FILES (1 << 24)

struct gather {
	json_t *records; /* index (as a string) -> record */
	int files;       /* job count the shards agree on; -1 until known */
	int nrecords;
	const char *digest;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_record(struct gather *g, const char *path)
{
	char err[256];
	json_t *rec = ls_sum_read(path, err, sizeof err);
	if (!rec) {
		ls_error("%s: not a valid summary: %s", path, err);
		return -1;
	}
	json_t *idx = json_object_get(rec, "index"), *files = json_object_get(rec, "files");
	json_t *sum = json_object_get(rec, "summary");
	if (!json_is_integer(json_object_get(rec, "loopscope_summaries")) || !json_is_integer(idx) ||
	    !json_is_integer(files) || !json_is_string(json_object_get(rec, "file")) ||
	    json_integer_value(files) < 1 || json_integer_value(files) > LS_LINK_MAX_FILES) {
		ls_error("%s: not a valid summary (not written by 'loopscope check --summaries-out')",
			 path);
		json_decref(rec);
		return -1;
	}
	if (sum && ls_sum_check(sum, err, sizeof err) < 0) {
		ls_error("%s: not a valid summary: %s", path, err);
		json_decref(rec);
		return -1;
	}
	int n = (int)json_integer_value(files), i = (int)json_integer_value(idx);
	if (g->files >= 0 && n != g->files) {
		ls_error("%s: from a compile database of %d files, the others have %d (mixed runs in "
			 "one directory?)", path, n, g->files);
		json_decref(rec);
		return -1;
	}
	if (json_integer_value(idx) < 0 || json_integer_value(idx) >= n) {
		ls_error("%s: not a valid summary: index %lld out of range", path,
			 (long long)json_integer_value(idx));
		json_decref(rec);
		return -1;
	}
	g->files = n;
	const char *digest = json_string_value(json_object_get(rec, "models_digest"));
	if (!ls_streq(digest, g->digest)) {
		ls_warning("%s: extracted with other models than this link step loads (give check and "
			   "link the same --model options and configuration)", path);
		g->digest = NULL; /* warn once */
	}
	char key[16];
	snprintf(key, sizeof key, "%d", i);
	json_t *old = json_object_get(g->records, key);
	if (old && !ls_streq(json_string_value(json_object_get(old, "file")),
			     json_string_value(json_object_get(rec, "file")))) {
		ls_error("%s: two shards disagree on file %d (%s, %s): were they run on the same "
			 "compile database?", path, i, json_string_value(json_object_get(old, "file")),
			 json_string_value(json_object_get(rec, "file")));
		json_decref(rec);
		return -1;
	}
	if (!old)
		g->nrecords++;
	json_object_set_new(g->records, key, rec);
	return 0;
}

static int add_path(struct gather *g, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		ls_error("%s: %s", path, ls_strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_record(g, path);
	DIR *d = opendir(path);
	if (!d) {
		ls_error("%s: %s", path, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
			names = ls_xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = ls_xasprintf("%s/%s", path, e->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && add_record(g, names[i]) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int cmd_link(int argc, char **argv)
{
	struct ls_check_opts o = {0};
	struct ls_opt opts[] = {
		LS_CHECK_REPORT_OPTIONS(o),
		LS_OPT_END(),
	};
	static const struct ls_cmd_usage usage = {
		"link", "[options] DIR...",
		"Merge the summaries that 'loopscope check --shard K/N --summaries-out DIR' wrote\n"
		"and report as one 'loopscope check' of the whole compile database would."};
	struct ls_args args;
	int pr = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (pr) {
		ls_strlist_free(&o.models);
		ls_strlist_free(&o.exclude);
		return pr > 0 ? 0 : 2;
	}
	double t0 = ls_check_now_ms();
	int rc = 2;
	struct ls_check_ctx x;
	struct ls_models models = {0};
	struct gather g = {json_object(), -1, 0, NULL};
	json_t *summaries = json_array();
	if (ls_check_setup(&x, &o) != 0)
		goto out;
	if (args.pos.n == 0 || args.rest.n) {
		ls_error("link: name the directories 'check --summaries-out' wrote (see 'loopscope link --help')");
		goto out;
	}
	g.digest = x.cat.models_digest;
	for (int i = 0; i < args.pos.n; i++)
		if (add_path(&g, args.pos.v[i]) < 0)
			goto out;
	if (g.nrecords == 0) {
		ls_error("no summaries in %s%s (write them with 'loopscope check --summaries-out DIR')",
			 args.pos.v[0], args.pos.n > 1 ? " and the others" : "");
		goto out;
	}
	int analyzed = 0, failed = 0, missing = 0;
	for (int i = 0; i < g.files; i++) {
		char key[16];
		snprintf(key, sizeof key, "%d", i);
		json_t *rec = json_object_get(g.records, key);
		json_t *sum = json_object_get(rec, "summary");
		if (!rec) {
			missing++;
			json_array_append_new(summaries, json_null());
			continue;
		}
		const char *file = json_string_value(json_object_get(rec, "file"));
		if (ls_check_excluded(&x, file ? file : "")) {
			json_array_append_new(summaries, json_null());
			continue;
		}
		if (!json_is_object(sum)) {
			ls_error("%s: %s; this file was skipped", ls_display_path(file ? file : "?"),
				 json_string_value(json_object_get(rec, "error"))
					 ? json_string_value(json_object_get(rec, "error"))
					 : "not analyzed");
			failed++;
			json_array_append_new(summaries, json_null());
			continue;
		}
		analyzed++;
		if (json_array_size(json_object_get(sum, "diagnostics")))
			failed++;
		json_array_append(summaries, sum);
	}
	if (missing) {
		ls_error("no summaries for %d of the %d files: did every shard run and write to the "
			 "directories given?", missing, g.files);
		failed += missing;
	}
	if (analyzed == 0) {
		ls_error("nothing could be analyzed (%d file%s failed)", g.files, g.files == 1 ? "" : "s");
		goto out;
	}
	ls_models_init(&models, &x.cat);
	json_t *stats = json_pack("{s:i, s:i, s:i}", "files", g.files, "analyzed", analyzed,
				  "failed", failed);
	rc = ls_check_report(&x, &models, summaries, stats, failed, t0);
	json_decref(stats);
out:
	json_decref(summaries);
	json_decref(g.records);
	if (models.cat)
		ls_models_free(&models);
	ls_check_ctx_free(&x);
	ls_args_free(&args);
	ls_strlist_free(&o.models);
	ls_strlist_free(&o.exclude);
	return rc;
}
