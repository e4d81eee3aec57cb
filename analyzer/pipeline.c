/*
 * pipeline.c — the analyzer's pipeline, shared by `loopscope check` and
 * `loopscope link` (analyzer/pipeline.h). Settings merge the command
 * line over the configuration file over the defaults (ls_check_setup);
 * check turns the job list into summaries, from the incremental cache
 * (analyzer/cache.c) or a worker process per TU (analyzer/extract.c,
 * analyzer/pool.c); link gathers summaries the shards wrote; both end in
 * ls_check_report: the summaries linked into one program, the rules
 * evaluated (analyzer/link.c), the findings filtered by exclusions,
 * suppressions, --rules and the baseline, then reported
 * (analyzer/report.c).
 */
#include "analyzer/pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/baseline.h"
#include "analyzer/cache.h"
#include "analyzer/config.h"
#include "analyzer/group.h"
#include "analyzer/jobs.h"
#include "analyzer/link.h"
#include "analyzer/model.h"
#include "analyzer/pool.h"
#include "analyzer/report.h"
#include "analyzer/summary.h"
#include "analyzer/suppress.h"
#include "common/catalog.h"
#include "common/util.h"

/* Settings after merging: command line over configuration over defaults. */
struct ls_check_ctx {
	struct ls_conf cfg; /* zeroed when no file was read */
	struct ls_catalog cat;
	const char *rules, *baseline, *write_baseline, *output, *why;
	char *baseline_abs;
	int format, color, fail_rank, report_unused, show_notes, each_site;
	struct ls_link_opts link;
};

/* ---- settings and the report, for both commands ------------------------- */

static double ls_check_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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

static const char *unused_rule_description =
	"A 'loopscope: ignore[RULE,...]' or 'ignore-next-line[RULE,...]' comment that silences no "
	"finding: the code it was written for changed, or the rule list is misspelt. Reported only "
	"with --report-unused-suppressions.";

static int ls_check_setup(struct ls_check_ctx *x, struct ls_check_opts *o)
{
	memset(x, 0, sizeof *x);
	ls_quiet = o->quiet;
	if (o->config && o->no_config) {
		ls_error("--config and --no-config contradict each other");
		return 2;
	}
	char *cfgpath = o->config ? ls_xstrdup(o->config) : o->no_config ? NULL : ls_conf_find(".");
	if (cfgpath) {
		int r = ls_conf_load(&x->cfg, ls_display_path(cfgpath));
		free(cfgpath);
		if (r < 0)
			return 2;
	}
	const char *format = o->format ? o->format : "text";
	const char *fail_on = o->fail_on ? o->fail_on : x->cfg.fail_on ? x->cfg.fail_on : "warning";
	x->format = ls_format_parse(format);
	x->color = parse_color(o->color);
	x->fail_rank = ls_streq(fail_on, "none") ? 99 : ls_severity_rank(fail_on);
	if (x->format < 0) {
		ls_error("unknown --format '%s' (use text, json or sarif)", format);
		return 2;
	}
	if (x->color < 0) {
		ls_error("unknown --color '%s' (use auto, always or never)", o->color);
		return 2;
	}
	if (!x->fail_rank) {
		ls_error("unknown --fail-on '%s' (use error, warning, note or none)", fail_on);
		return 2;
	}
	x->rules = o->rules ? o->rules : x->cfg.rules;
	x->output = o->output;
	x->why = o->why;
	x->write_baseline = o->write_baseline;
	if (o->baseline)
		x->baseline_abs = ls_abspath(o->baseline, NULL);
	else if (x->cfg.baseline)
		x->baseline_abs = ls_xstrdup(x->cfg.baseline);
	x->baseline = x->baseline_abs;
	x->report_unused = o->report_unused;
	x->show_notes = o->show_notes;
	x->each_site = o->each_site_seen ? o->each_site : x->cfg.each_site;
	for (int i = 0; i < o->exclude.n; i++)
		ls_conf_exclude_add(&x->cfg.exclude, o->exclude.v[i], ls_cwd());

	/* Models: the configuration's, then --model. */
	struct ls_strlist models = {0};
	for (int i = 0; i < x->cfg.models.n; i++)
		ls_strlist_push(&models, x->cfg.models.v[i]);
	for (int i = 0; i < o->models.n; i++)
		ls_strlist_push(&models, o->models.v[i]);
	int r = ls_catalog_load(&x->cat, models.v, models.n);
	ls_strlist_free(&models);
	if (r < 0)
		return 2;
	if (ls_conf_apply_severity(&x->cfg, &x->cat) < 0)
		return 2;
	char *bad = ls_rule_selection_unknown(&x->cat, x->rules);
	if (bad) {
		if (o->rules || !x->cfg.path)
			ls_error("--rules: no rule matches '%s' (see 'loopscope rules')", bad);
		else
			ls_error("%s:%d: 'rules': no rule matches '%s' (see 'loopscope rules')",
				 ls_display_path(x->cfg.path), x->cfg.rules_line ? x->cfg.rules_line : 1,
				 bad);
		free(bad);
		return 2;
	}
	if (x->report_unused)
		json_array_append_new(x->cat.rules,
				      json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", "unused-suppression",
						"severity", "warning", "summary",
						"a suppression comment that silences no finding",
						"description", unused_rule_description, "fix",
						"Remove the comment, or correct its rule list."));
	x->link.loop_globs = (const char *const *)x->cfg.loop_callbacks.v;
	x->link.nloop_globs = x->cfg.loop_callbacks.n;
	x->link.worker_globs = (const char *const *)x->cfg.worker_functions.v;
	x->link.nworker_globs = x->cfg.worker_functions.n;
	x->link.program_globs = (const char *const *)x->cfg.programs.v;
	x->link.nprogram_globs = x->cfg.programs.n;
	return 0;
}

/* A report (-o) or baseline (--write-baseline) FILE that cannot be
 * written — its directory is missing or read-only, or FILE is a
 * directory — is said before the analysis, not after it. */
static int writable(const char *path)
{
	if (!path)
		return 1;
	struct stat st;
	int e = 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		e = EISDIR;
	} else {
		char *dir = ls_xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir] = '\0'; /* "/x" -> "/", "a/b/x" -> "a/b" */
		if (access(slash ? dir : ".", W_OK | X_OK) < 0)
			e = errno;
		free(dir);
	}
	if (!e)
		return 1;
	ls_error("cannot write %s: %s", path, ls_strerror(e));
	return 0;
}

static int outputs_writable(const struct ls_check_ctx *x)
{
	return writable(x->output) && writable(x->write_baseline);
}

static int ls_check_excluded(const struct ls_check_ctx *x, const char *abspath)
{
	return ls_conf_excluded(&x->cfg.exclude, abspath);
}

static void ls_check_ctx_free(struct ls_check_ctx *x)
{
	ls_conf_free(&x->cfg);
	if (x->cat.rules || x->cat.models)
		ls_catalog_free(&x->cat);
	free(x->baseline_abs);
	memset(x, 0, sizeof *x);
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Where unused suppressions are looked for: the analyzed main files and
 * the headers they include that belong to the project (below the
 * current directory or the configuration's), not excluded. Only files
 * holding the marker cost more than a read. */
static void scan_for_unused(struct ls_check_ctx *x, struct ls_sup_set *sup, json_t *summaries)
{
	const char *roots[2] = {ls_cwd(), x->cfg.dir};
	size_t t;
	json_t *sum;
	json_array_foreach(summaries, t, sum) {
		if (!json_is_true(json_object_get(sum, "ok")))
			continue;
		const char *tu = jstr(sum, "tu");
		if (!ls_check_excluded(x, tu))
			ls_sup_scan_file(sup, tu);
		size_t i;
		json_t *inc;
		json_array_foreach(json_object_get(sum, "includes"), i, inc) {
			const char *p = json_string_value(inc);
			if (!p || ls_check_excluded(x, p))
				continue;
			for (int r = 0; r < 2; r++) {
				size_t n = roots[r] ? strlen(roots[r]) : 0;
				if (n > 1 && !strncmp(p, roots[r], n) && p[n] == '/') {
					ls_sup_scan_file(sup, p);
					break;
				}
			}
		}
	}
}

/* --why: the answer for one function instead of the findings. */
static int why_report(struct ls_check_ctx *x, struct ls_models *m, json_t *summaries)
{
	json_t *verdicts = ls_link_why(summaries, m, &x->link, x->why);
	int rc = 0;
	if (!json_array_size(verdicts)) {
		ls_error("--why: no function named '%s' is defined in the analyzed files", x->why);
		rc = 2;
	} else {
		FILE *out = x->output ? ls_output_open(x->output) : stdout;
		struct ls_report_opts ro = {(enum ls_format)x->format, x->output ? 0 : x->color,
					    LS_VERSION};
		if (!out || ls_report_why(out, verdicts, &ro) < 0 || ls_output_close(out, x->output) < 0)
			rc = 2;
	}
	json_decref(verdicts);
	return rc;
}

/* Link the summaries (array indexed like the job list; null for files
 * not analyzed), filter, report. stats holds files/analyzed/failed and
 * more; failed > 0 makes the run fail. Returns the exit status. */
static int ls_check_report(struct ls_check_ctx *x, struct ls_models *m, json_t *summaries,
			   json_t *stats, int failed, double t0)
{
	if (ls_models_check_arity(m, summaries))
		return 2;
	if (x->why)
		return why_report(x, m, summaries);
	json_t *linked = ls_link(summaries, m, &x->link, stats);
	ls_report_fingerprint(linked);
	/* Exclusions, then suppressions: both before --rules, so whether a
	 * suppression is used does not depend on the rules selected. */
	json_t *kept = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(linked, i, f)
		if (!ls_check_excluded(x, jstr(f, "file")))
			json_array_append(kept, f);
	json_decref(linked);
	struct ls_sup_set sup = {0};
	int nsuppressed = 0;
	json_t *unsuppressed = ls_sup_apply(&sup, kept, &nsuppressed);
	json_decref(kept);
	json_t *findings = json_array();
	json_array_foreach(unsuppressed, i, f)
		if (ls_rule_selected(x->rules, jstr(f, "rule")))
			json_array_append(findings, f);
	json_decref(unsuppressed);
	if (x->report_unused) {
		scan_for_unused(x, &sup, summaries);
		json_t *unused = ls_sup_unused(&sup);
		ls_report_fingerprint(unused);
		json_array_extend(findings, unused);
		json_decref(unused);
		ls_findings_sort(findings);
	}
	ls_sup_free(&sup);

	int rc = 2;
	if (x->write_baseline && ls_base_write(x->write_baseline, findings, LS_VERSION) < 0) {
		json_decref(findings);
		return 2;
	}
	int nbaselined = 0;
	if (x->baseline) {
		struct ls_base b;
		if (ls_base_load(&b, x->baseline) < 0) {
			json_decref(findings);
			return 2;
		}
		json_t *fresh = ls_base_filter(&b, findings, &nbaselined);
		ls_base_free(&b);
		json_decref(findings);
		findings = fresh;
	}
	json_t *grouped = ls_group_findings(findings, &x->cat, x->each_site);
	json_decref(findings);
	findings = grouped;
	/* The text report shows what CI fails on: notes only when asked for
	 * or when they count for --fail-on. */
	int hidden = 0;
	if (x->format == LS_FORMAT_TEXT && !x->show_notes && x->fail_rank > ls_severity_rank("note")) {
		json_t *shown = json_array();
		json_array_foreach(findings, i, f)
			if (ls_severity_rank(jstr(f, "severity")) > ls_severity_rank("note"))
				json_array_append(shown, f);
			else
				hidden++;
		json_decref(findings);
		findings = shown;
		json_object_set_new(stats, "notes_hidden", json_integer(hidden));
	}
	int worst = 0;
	json_array_foreach(findings, i, f) {
		int r = ls_severity_rank(jstr(f, "severity"));
		if (r > worst)
			worst = r;
	}
	json_object_set_new(stats, "findings", json_integer((json_int_t)json_array_size(findings)));
	json_object_set_new(stats, "sites", json_integer((json_int_t)ls_group_count_sites(findings)));
	json_object_set_new(stats, "suppressed", json_integer(nsuppressed));
	if (x->baseline)
		json_object_set_new(stats, "baselined", json_integer(nbaselined));
	json_object_set_new(stats, "duration_ms", json_integer((json_int_t)(ls_check_now_ms() - t0)));
	FILE *out = x->output ? ls_output_open(x->output) : stdout;
	if (!out) {
		json_decref(findings);
		return 2;
	}
	struct ls_report_opts ro = {(enum ls_format)x->format, x->output ? 0 : x->color, LS_VERSION};
	ls_report_write(out, findings, stats, &x->cat, &ro);
	if (ls_output_close(out, x->output) < 0) {
		json_decref(findings);
		return 2;
	}
	rc = (worst >= x->fail_rank || failed) ? 1 : 0;
	json_decref(findings);
	return rc;
}

/* ---- check ---------------------------------------------------------------- */

struct check {
	struct ls_joblist jobs;
	struct ls_models models;
	struct ls_cache cache;
	int use_cache;
	char *tmpdir;
	json_t *summaries; /* index = job index; null until done */
	json_t *errors;    /* job index (as a string) -> why it was skipped */
	int *todo;         /* jobs to parse (indexes into jobs) */
	int ntodo;
	int failed, analyzed, parsed, cached;
	/* progress */
	int total, finished, progress_shown;
	double t0, progress_after_ms;
};

static char *summary_path(struct check *c, int job)
{
	return ls_xasprintf("%s/%d.json", c->tmpdir, job);
}

static int work(int k, void *ud)
{
	struct check *c = ud;
	int job = c->todo[k];
	const struct ls_job *j = &c->jobs.v[job];
	const char *crash = getenv("LOOPSCOPE_TEST_CRASH"); /* test hook: crash on this TU */
	if (crash && *crash && strstr(j->file, crash))
		raise(SIGSEGV);
	struct ls_job once = *j;
	once.exit_after = 1; /* this worker exits when the summary is written */
	json_t *sum = ls_extract(&once, &c->models);
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

/* "[12/345] src/foo.c" on a terminal, once the run has taken a second. */
static void progress(struct check *c, int job)
{
	c->finished++;
	if (c->progress_after_ms < 0 || ls_check_now_ms() - c->t0 < c->progress_after_ms)
		return;
	fprintf(stderr, "\r\033[K[%d/%d] %s", c->finished, c->total,
		ls_display_path(c->jobs.v[job].file));
	fflush(stderr);
	c->progress_shown = 1;
}

static void progress_end(struct check *c)
{
	if (c->progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	c->progress_shown = 0;
}

static void skipped(struct check *c, int job, char *why)
{
	if (c->progress_shown)
		fputs("\r\033[K", stderr);
	ls_error("%s: %s; this file was skipped", ls_display_path(c->jobs.v[job].file), why);
	char key[16];
	snprintf(key, sizeof key, "%d", job);
	json_object_set_new(c->errors, key, json_string(why));
	free(why);
	c->failed++;
}

static void done(int k, int status, void *ud)
{
	struct check *c = ud;
	int job = c->todo[k];
	progress(c, job);
	if (WIFSIGNALED(status)) {
		skipped(c, job, ls_xasprintf("the analysis crashed (%s)", strsignal(WTERMSIG(status))));
		return;
	}
	char *path = summary_path(c, job);
	json_error_t jerr;
	json_t *sum = WEXITSTATUS(status) == 0 ? json_load_file(path, 0, &jerr) : NULL;
	unlink(path);
	free(path);
	if (!sum) {
		skipped(c, job, ls_xasprintf("the analysis failed (worker exit status %d)",
					     WIFEXITED(status) ? WEXITSTATUS(status) : -1));
		return;
	}
	if (json_array_size(json_object_get(sum, "diagnostics"))) {
		if (c->progress_shown)
			fputs("\r\033[K", stderr);
		print_diagnostics(sum);
	}
	if (!json_is_true(json_object_get(sum, "ok"))) {
		skipped(c, job, ls_xstrdup(jstr(sum, "error")));
		json_decref(sum);
		return;
	}
	if (json_array_size(json_object_get(sum, "diagnostics")))
		c->failed++; /* analyzed, but what libclang could not parse is missing */
	else if (c->use_cache)
		ls_cache_put(&c->cache, &c->jobs.v[job], sum);
	c->analyzed++;
	json_array_set_new(c->summaries, (size_t)job, sum);
}

/* Stable shard of a file: a hash of its path relative to the compile
 * database, so every machine agrees whatever the checkout's location. */
static int shard_of(const struct check *c, int job, int n)
{
	const char *f = c->jobs.v[job].file;
	const char *base = c->jobs.compdb_dir ? c->jobs.compdb_dir : ls_cwd();
	size_t bl = strlen(base);
	if (bl > 1 && !strncmp(f, base, bl) && f[bl] == '/')
		f += bl + 1;
	return (int)(ls_hash64(f, strlen(f), 0) % (unsigned long long)n);
}

static int parse_shard(const char *s, int *k, int *n)
{
	char *end;
	long a = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	const char *p = end + 1;
	long b = strtol(p, &end, 10);
	if (end == p || *end || b < 1 || b > 100000 || a < 1 || a > b)
		return -1;
	*k = (int)a;
	*n = (int)b;
	return 0;
}

/* One file per TU for `loopscope link`: its place in the job list, the
 * job count, the models digest, and the summary or why there is none. */
static int write_summaries(struct check *c, const char *dir, const char *digest)
{
	if (ls_mkdir_p(dir, 0755) < 0) {
		ls_error("%s: cannot create the summaries directory: %s", dir, strerror(errno));
		return -1;
	}
	for (int k = 0; k < c->ntodo; k++) {
		int job = c->todo[k];
		char key[16];
		snprintf(key, sizeof key, "%d", job);
		json_t *rec = json_pack("{s:i, s:s, s:s, s:i, s:i, s:s}", "loopscope_summaries", 1,
					"version", LS_VERSION, "models_digest", digest, "index", job,
					"files", c->jobs.n, "file", c->jobs.v[job].file);
		json_t *sum = json_array_get(c->summaries, (size_t)job);
		if (json_is_object(sum))
			json_object_set(rec, "summary", sum);
		else
			json_object_set_new(rec, "error",
					    json_string(json_string_value(json_object_get(c->errors, key))
								? json_string_value(json_object_get(c->errors, key))
								: "not analyzed"));
		char *text = json_dumps(rec, JSON_COMPACT);
		json_decref(rec);
		char *path = ls_xasprintf("%s/%06d.json", dir, job);
		int r = ls_write_file_atomic(path, text, strlen(text));
		if (r < 0)
			ls_error("cannot write %s: %s", path, ls_strerror(errno));
		free(path);
		free(text);
		if (r < 0)
			return -1;
	}
	return 0;
}

int ls_check_run(struct ls_check_opts *o, const struct ls_check_jobs *r, const struct ls_args *args)
{
	double t0 = ls_check_now_ms();
	int rc = 2;
	struct check c = {0};
	struct ls_check_ctx x;
	int shard_k = 1, shard_n = 1;
	if (ls_check_setup(&x, o) != 0)
		goto out;
	if (r->shard && parse_shard(r->shard, &shard_k, &shard_n) < 0) {
		ls_error("--shard '%s': expected K/N with 1 <= K <= N, e.g. --shard 2/4", r->shard);
		goto out;
	}
	if (r->shard && !r->summaries_out) {
		ls_error("--shard needs --summaries-out DIR (then merge the shards with 'loopscope link')");
		goto out;
	}
	if (r->summaries_out && (o->format || o->output || o->baseline || o->write_baseline ||
			      o->report_unused || o->fail_on))
		ls_warning("report options are ignored with --summaries-out: give them to 'loopscope link'");
	if (r->no_cache && r->cache_dir) {
		ls_error("--cache and --no-cache contradict each other");
		goto out;
	}
	if (!r->summaries_out && !outputs_writable(&x))
		goto out;
	if (ls_jobs_build(&c.jobs, r->compdb, &args->pos, &args->rest, args->had_dashdash) < 0)
		goto out;
	if (c.jobs.n == 0) {
		ls_error("%s/compile_commands.json lists no C files", c.jobs.compdb_dir);
		goto out;
	}
	/* Excluded files are not analyzed: drop them from the job list. */
	int kept = 0;
	for (int i = 0; i < c.jobs.n; i++) {
		if (ls_check_excluded(&x, c.jobs.v[i].file))
			ls_job_free(&c.jobs.v[i]);
		else
			c.jobs.v[kept++] = c.jobs.v[i];
	}
	if (kept == 0) {
		ls_error("all %d file%s to analyze are excluded (see 'exclude' and --exclude)", c.jobs.n,
			 c.jobs.n == 1 ? "" : "s");
		c.jobs.n = 0;
		goto out;
	}
	c.jobs.n = kept;
	c.todo = ls_xcalloc((size_t)c.jobs.n, sizeof *c.todo);
	for (int i = 0; i < c.jobs.n; i++)
		if (shard_of(&c, i, shard_n) == shard_k - 1)
			c.todo[c.ntodo++] = i;

	ls_models_init(&c.models, &x.cat);
	c.summaries = json_array();
	c.errors = json_object();
	for (int i = 0; i < c.jobs.n; i++)
		json_array_append_new(c.summaries, json_null());
	if (!r->no_cache) {
		char *dir = r->cache_dir ? ls_xstrdup(r->cache_dir) : ls_cache_default_dir();
		char *salt = ls_cache_salt(&x.cat, LS_VERSION);
		c.use_cache = dir && ls_cache_open(&c.cache, dir, salt) == 0;
		free(salt);
		free(dir);
	}
	c.t0 = t0;
	c.total = c.ntodo;
	const char *delay = getenv("LOOPSCOPE_PROGRESS_AFTER_MS"); /* test hook */
	c.progress_after_ms = (o->quiet || !isatty(STDERR_FILENO)) ? -1
			      : delay && *delay                  ? atof(delay)
								 : 1000;
	/* Cache hits first; what is left goes to the workers. */
	int nmiss = 0;
	for (int k = 0; k < c.ntodo; k++) {
		int job = c.todo[k];
		json_t *sum = c.use_cache ? ls_cache_get(&c.cache, &c.jobs.v[job]) : NULL;
		if (sum) {
			json_array_set_new(c.summaries, (size_t)job, sum);
			c.cached++;
			c.analyzed++;
			progress(&c, job);
		} else {
			c.todo[nmiss++] = job;
		}
	}
	int ntodo = c.ntodo;
	c.ntodo = nmiss;
	c.parsed = nmiss;
	if (nmiss) {
		const char *tmp = getenv("TMPDIR");
		c.tmpdir = ls_xasprintf("%s/loopscope.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(c.tmpdir)) {
			ls_error("cannot create a temporary directory in %s: %s", tmp ? tmp : "/tmp",
				 strerror(errno));
			free(c.tmpdir);
			c.tmpdir = NULL;
			goto out;
		}
		if (ls_pool_run(nmiss, r->jobs > 0 ? r->jobs : ls_ncpus(), work, done, &c) < 0)
			goto out;
	}
	progress_end(&c);
	if (r->summaries_out) {
		/* Every job of this shard, cached or parsed, failed or not. */
		c.ntodo = 0;
		for (int i = 0; i < c.jobs.n; i++)
			if (shard_of(&c, i, shard_n) == shard_k - 1)
				c.todo[c.ntodo++] = i;
		if (write_summaries(&c, r->summaries_out, x.cat.models_digest) < 0)
			goto out;
		if (ntodo > 0 && c.analyzed == 0) {
			ls_error("nothing could be analyzed (%d file%s failed)", ntodo, ntodo == 1 ? "" : "s");
			goto out;
		}
		rc = c.failed ? 1 : 0;
		goto out;
	}
	if (c.analyzed == 0) {
		ls_error("nothing could be analyzed (%d file%s failed)", c.jobs.n, c.jobs.n == 1 ? "" : "s");
		goto out;
	}
	json_t *stats = json_pack("{s:i, s:i, s:i, s:i, s:i}", "files", c.jobs.n, "analyzed",
				  c.analyzed, "failed", c.failed, "parsed", c.parsed, "cached", c.cached);
	rc = ls_check_report(&x, &c.models, c.summaries, stats, c.failed, t0);
	json_decref(stats);
out:
	progress_end(&c);
	if (c.tmpdir)
		rmdir(c.tmpdir);
	free(c.tmpdir);
	free(c.todo);
	json_decref(c.summaries);
	json_decref(c.errors);
	if (c.use_cache)
		ls_cache_close(&c.cache);
	if (c.models.cat)
		ls_models_free(&c.models);
	ls_jobs_free(&c.jobs);
	ls_check_ctx_free(&x);
	return rc;
}

/* ---- link ---------------------------------------------------------------- */

/* More files than any compile database has: a damaged record. */
#define LS_LINK_MAX_FILES (1 << 24)

struct gather {
	json_t *records; /* index (as a string) -> record */
	int files;       /* job count the shards agree on; -1 until known */
	int nrecords;
	const char *digest;
	int warned;      /* the models warning was given */
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
	if (!ls_streq(digest, g->digest) && !g->warned) {
		ls_warning("%s: extracted with other models than this link step loads (give check and "
			   "link the same --model options and configuration)", path);
		g->warned = 1; /* once */
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

int ls_link_run(struct ls_check_opts *o, const struct ls_args *args)
{
	double t0 = ls_check_now_ms();
	int rc = 2;
	struct ls_check_ctx x;
	struct ls_models models = {0};
	struct gather g = {.records = json_object(), .files = -1};
	json_t *summaries = json_array();
	if (ls_check_setup(&x, o) != 0)
		goto out;
	if (args->pos.n == 0 || args->rest.n) {
		ls_error("link: name the directories 'check --summaries-out' wrote (see 'loopscope link --help')");
		goto out;
	}
	if (!outputs_writable(&x))
		goto out;
	g.digest = x.cat.models_digest;
	for (int i = 0; i < args->pos.n; i++)
		if (add_path(&g, args->pos.v[i]) < 0)
			goto out;
	if (g.nrecords == 0) {
		ls_error("no summaries in %s%s (write them with 'loopscope check --summaries-out DIR')",
			 args->pos.v[0], args->pos.n > 1 ? " and the others" : "");
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
	return rc;
}
