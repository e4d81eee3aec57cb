/*
 * check.c — `loopscope check`: the static analyzer's command line.
 *
 * Jobs come from the compile database (or files and flags); each TU is
 * parsed and summarised in its own worker process (analyzer/extract.c,
 * analyzer/pool.c); the summaries are linked into one program, the rules
 * evaluated (analyzer/link.c) and the findings reported
 * (analyzer/report.c). A TU that fails costs that TU only: it is
 * reported, and the run goes on.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/jobs.h"
#include "analyzer/link.h"
#include "analyzer/pool.h"
#include "analyzer/report.h"
#include "cmd/cmd.h"
#include "common/catalog.h"
#include "common/opts.h"
#include "common/util.h"

struct check {
	struct ls_joblist jobs;
	struct ls_models models;
	char *tmpdir;
	json_t *summaries; /* index = job index; null until done */
	int failed, analyzed;
};

static char *summary_path(struct check *c, int job)
{
	return ls_xasprintf("%s/%d.json", c->tmpdir, job);
}

static int work(int job, void *ud)
{
	struct check *c = ud;
	const struct ls_job *j = &c->jobs.v[job];
	const char *crash = getenv("LOOPSCOPE_TEST_CRASH"); /* test hook: crash on this TU */
	if (crash && *crash && strstr(j->file, crash))
		raise(SIGSEGV);
	json_t *sum = ls_extract(j, &c->models);
	char *path = summary_path(c, job);
	int r = json_dump_file(sum, path, JSON_COMPACT) == 0 ? 0 : 3;
	free(path);
	json_decref(sum);
	return r;
}

static void print_diagnostics(const json_t *sum)
{
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(sum, "diagnostics"), i, d) {
		const char *file = json_string_value(json_object_get(d, "file"));
		fprintf(stderr, "%s:%d:%d: error: %s\n",
			file && *file ? ls_display_path(file) : "<command line>",
			(int)json_integer_value(json_object_get(d, "line")),
			(int)json_integer_value(json_object_get(d, "column")),
			json_string_value(json_object_get(d, "message")));
	}
}

static void done(int job, int status, void *ud)
{
	struct check *c = ud;
	const char *file = ls_display_path(c->jobs.v[job].file);
	if (WIFSIGNALED(status)) {
		ls_error("%s: the analysis crashed (%s); this file was skipped", file,
			 strsignal(WTERMSIG(status)));
		c->failed++;
		return;
	}
	char *path = summary_path(c, job);
	json_error_t jerr;
	json_t *sum = WEXITSTATUS(status) == 0 ? json_load_file(path, 0, &jerr) : NULL;
	unlink(path);
	free(path);
	if (!sum) {
		ls_error("%s: the analysis failed (worker exit status %d); this file was skipped", file,
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		c->failed++;
		return;
	}
	print_diagnostics(sum);
	if (!json_is_true(json_object_get(sum, "ok"))) {
		ls_error("%s: %s; this file was skipped", file,
			 json_string_value(json_object_get(sum, "error")));
		c->failed++;
		json_decref(sum);
		return;
	}
	if (json_array_size(json_object_get(sum, "diagnostics")))
		c->failed++; /* analyzed, but what libclang could not parse is missing */
	c->analyzed++;
	json_array_set_new(c->summaries, (size_t)job, sum);
}

static void remove_tmpdir(const char *dir)
{
	if (dir)
		rmdir(dir);
}

static int parse_color(const char *s)
{
	if (!s || ls_streq(s, "auto"))
		return isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (ls_streq(s, "always"))
		return 1;
	if (ls_streq(s, "never"))
		return 0;
	return -1;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cmd_check(int argc, char **argv)
{
	const char *compdb = NULL, *format = "text", *output = NULL, *rules = NULL;
	const char *fail_on = "warning", *color = "auto";
	int jobs = 0, quiet = 0;
	struct ls_strlist models = {0};
	struct ls_opt opts[] = {
		LS_OPT_STRING('p', "compile-commands", &compdb, "DIR",
			      "read DIR/compile_commands.json (default: search . and its parents)"),
		LS_OPT_INT('j', "jobs", &jobs, "N", "parse N files in parallel (default: number of CPUs)"),
		LS_OPT_STRING(0, "format", &format, "FMT", "text, json or sarif (default: text)"),
		LS_OPT_STRING('o', "output", &output, "FILE", "write the report to FILE"),
		LS_OPT_STRING(0, "rules", &rules, "SEL",
			      "rules to run, e.g. 'blocking-*,-blocking-network' (default: all)"),
		LS_OPT_STRING(0, "fail-on", &fail_on, "LEVEL",
			      "exit 1 on findings at or above error, warning, note, or none"),
		LS_OPT_LIST(0, "model", &models, "FILE", "load an extra framework model (repeatable)"),
		LS_OPT_STRING(0, "color", &color, "WHEN", "auto, always or never"),
		LS_OPT_BOOL('q', "quiet", &quiet, "no warnings or progress on stderr"),
		LS_OPT_END(),
	};
	static const struct ls_cmd_usage usage = {
		"check", "[options] [FILE...] [-- COMPILER-FLAGS...]",
		"Analyze C sources for event-loop pitfalls: blocking calls reachable from loop\n"
		"callbacks and coroutines, leaked handles, missing awaits, nested loop runs,\n"
		"ignored errors and loop APIs called from worker threads."};
	struct ls_args args;
	int pr = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (pr)
		return pr > 0 ? 0 : 2;
	ls_quiet = quiet;
	int rc = 2;
	struct check c = {0};
	struct ls_catalog cat = {0};
	int fmt = ls_format_parse(format);
	int use_color = parse_color(color);
	int fail_rank = ls_streq(fail_on, "none") ? 99 : ls_severity_rank(fail_on);
	if (fmt < 0) {
		ls_error("unknown --format '%s' (use text, json or sarif)", format);
		goto out;
	}
	if (use_color < 0) {
		ls_error("unknown --color '%s' (use auto, always or never)", color);
		goto out;
	}
	if (!fail_rank) {
		ls_error("unknown --fail-on '%s' (use error, warning, note or none)", fail_on);
		goto out;
	}
	if (ls_catalog_load(&cat, models.v, models.n) < 0)
		goto out;
	char *bad = ls_rule_selection_unknown(&cat, rules);
	if (bad) {
		ls_error("--rules: no rule matches '%s' (see 'loopscope rules')", bad);
		free(bad);
		goto out;
	}
	double t0 = now_ms();
	if (ls_jobs_build(&c.jobs, compdb, &args.pos, &args.rest, args.had_dashdash) < 0)
		goto out;
	if (c.jobs.n == 0) {
		ls_error("%s/compile_commands.json lists no C files", c.jobs.compdb_dir);
		goto out;
	}
	const char *tmp = getenv("TMPDIR");
	c.tmpdir = ls_xasprintf("%s/loopscope.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(c.tmpdir)) {
		ls_error("cannot create a temporary directory in %s: %s", tmp ? tmp : "/tmp",
			 strerror(errno));
		free(c.tmpdir);
		c.tmpdir = NULL;
		goto out;
	}
	ls_models_init(&c.models, &cat);
	c.summaries = json_array();
	for (int i = 0; i < c.jobs.n; i++)
		json_array_append_new(c.summaries, json_null());
	if (ls_pool_run(c.jobs.n, jobs > 0 ? jobs : ls_ncpus(), work, done, &c) < 0)
		goto out;
	if (c.analyzed == 0) {
		ls_error("nothing could be analyzed (%d file%s failed)", c.jobs.n, c.jobs.n == 1 ? "" : "s");
		goto out;
	}
	json_t *stats = json_pack("{s:i, s:i, s:i}", "files", c.jobs.n, "analyzed", c.analyzed,
				  "failed", c.failed);
	json_t *all = ls_link(c.summaries, &c.models, NULL, stats);
	json_t *findings = json_array();
	int worst = 0;
	size_t i;
	json_t *f;
	json_array_foreach(all, i, f) {
		const char *rule = json_string_value(json_object_get(f, "rule"));
		if (!ls_rule_selected(rules, rule))
			continue;
		int r = ls_severity_rank(json_string_value(json_object_get(f, "severity")));
		if (r > worst)
			worst = r;
		json_array_append(findings, f);
	}
	json_decref(all);
	json_object_set_new(stats, "findings", json_integer((json_int_t)json_array_size(findings)));
	json_object_set_new(stats, "duration_ms", json_integer((json_int_t)(now_ms() - t0)));
	ls_report_fingerprint(findings);
	FILE *out = stdout;
	if (output && !(out = fopen(output, "w"))) {
		ls_error("%s: cannot write the report: %s", output, strerror(errno));
		json_decref(findings);
		json_decref(stats);
		goto out;
	}
	struct ls_report_opts ro = {(enum ls_format)fmt, output ? 0 : use_color, LS_VERSION};
	ls_report_write(out, findings, stats, &cat, &ro);
	if (output)
		fclose(out);
	rc = (worst >= fail_rank || c.failed) ? 1 : 0;
	json_decref(findings);
	json_decref(stats);
out:
	remove_tmpdir(c.tmpdir);
	free(c.tmpdir);
	json_decref(c.summaries);
	if (c.models.cat)
		ls_models_free(&c.models);
	ls_jobs_free(&c.jobs);
	if (cat.rules)
		ls_catalog_free(&cat);
	ls_args_free(&args);
	ls_strlist_free(&models);
	return rc;
}
