/*
 * test_async_rules.c — Check suite for the async-result and error-status
 * rules (missing-await, missing-finish, unchecked-status, ignored-error).
 *
 * It drives the rule functions the way the extractor does — one libclang
 * parse per file with the detailed preprocessing record, every function
 * definition of the main file handed to each rule through a struct
 * ls_intra — without the rest of `loopscope check`, so a failure here
 * points at the rules. Two kinds of tests: the testdata/check/async-*
 * fixtures compared both ways with their `/ * expect: RULE * /` marks (only
 * for these four rules), and snippets for the corners the fixtures do not
 * show (a user model passed as an extra file, unbraced bodies and comma
 * operators, helpers several calls deep, caches across translation units).
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/intra.h"
#include "analyzer/rules/async_scan.h"
#include "common/catalog.h"
#include "common/util.h"

static const char *const my_rules[] = {"missing-await", "missing-finish", "unchecked-status",
				       "ignored-error"};

static int is_my_rule(const char *r)
{
	for (size_t i = 0; i < LS_ARRAY_LEN(my_rules); i++)
		if (ls_streq(r, my_rules[i]))
			return 1;
	return 0;
}

struct run {
	struct ls_intra in;
};

static enum CXChildVisitResult top_visit(CXCursor c, CXCursor p, CXClientData d)
{
	struct ls_intra *in = d;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
	    !ls_async_in_main_file(c))
		return CXChildVisit_Continue;
	CXString name = clang_getCursorSpelling(c), usr = clang_getCursorUSR(c);
	ls_rule_ignored_error(in, c, clang_getCString(name), clang_getCString(usr));
	ls_rule_unchecked_status(in, c, clang_getCString(name), clang_getCString(usr));
	ls_rule_missing_finish(in, c, clang_getCString(name), clang_getCString(usr));
	ls_rule_missing_await(in, c, clang_getCString(name), clang_getCString(usr));
	clang_disposeString(name);
	clang_disposeString(usr);
	return CXChildVisit_Continue;
}

/* Parse path (from disk, or from text when given) and run the four rules
 * on every function; returns the findings (caller decrefs). */
static json_t *run_rules(const struct ls_catalog *cat, const char *path, const char *text,
			 const char *const *args, int nargs)
{
	CXIndex idx = clang_createIndex(0, 0);
	struct CXUnsavedFile uf = {path, text, text ? strlen(text) : 0};
	CXTranslationUnit tu = NULL;
	enum CXErrorCode ec = clang_parseTranslationUnit2(
		idx, path, args, nargs, text ? &uf : NULL, text ? 1 : 0,
		CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_KeepGoing, &tu);
	ck_assert_msg(ec == CXError_Success && tu, "cannot parse %s", path);
	struct ls_intra in = {.tu = tu, .cat = cat, .findings = json_array(), .facts = json_object()};
	clang_visitChildren(clang_getTranslationUnitCursor(tu), top_visit, &in);
	json_decref(in.facts);
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(idx);
	return in.findings;
}

static struct ls_catalog cat;

static void setup(void)
{
	setenv("LOOPSCOPE_DATA", "rules", 1);
	ck_assert_int_eq(ls_catalog_load(&cat, NULL, 0), 0);
}

static void teardown(void)
{
	ls_async_release();
	ls_catalog_free(&cat);
}

/* ---- fixtures --------------------------------------------------------- */

struct args {
	char **v;
	int n;
};

static void args_add(struct args *a, const char *s)
{
	a->v = ls_xrealloc(a->v, (size_t)(a->n + 1) * sizeof *a->v);
	a->v[a->n++] = ls_xstrdup(s);
}

static void args_split(struct args *a, const char *s)
{
	char *copy = ls_xstrdup(s), *save = NULL;
	for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
		args_add(a, t);
	free(copy);
}

static void args_free(struct args *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* Compiler flags of a fixture directory, as tests/fixture-expect.sh makes them. */
static void fixture_flags(const char *dir, struct args *a)
{
	char *inc = ls_xasprintf("-I%s", dir);
	args_add(a, inc);
	free(inc);
	args_add(a, "-Itestdata/check/include");
	char *fp = ls_xasprintf("%s/FLAGS", dir);
	char *text = ls_read_file(fp, NULL);
	free(fp);
	if (!text)
		return;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!*line || *line == '#')
			continue;
		if (ls_has_prefix(line, "pkg:")) {
			char *cmd = ls_xasprintf("pkg-config --cflags %s", line + 4);
			FILE *p = popen(cmd, "r");
			char buf[4096];
			size_t n = p ? fread(buf, 1, sizeof buf - 1, p) : 0;
			buf[n] = '\0';
			if (p)
				pclose(p);
			args_split(a, buf);
			free(cmd);
		} else {
			args_split(a, line);
		}
	}
	free(text);
}

/* "line:rule" keys of the marks in a file, for the four rules. */
static json_t *expected_marks(const char *path)
{
	json_t *want = json_object();
	char *text = ls_read_file(path, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	unsigned line = 1;
	for (char *s = text; *s; line++) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		char *m = strstr(s, "expect: ");
		if (m) {
			char *save = NULL;
			char *list = ls_xstrdup(m + 8);
			for (char *r = strtok_r(list, ", */", &save); r; r = strtok_r(NULL, ", */", &save)) {
				if (!is_my_rule(r))
					continue;
				char *key = ls_xasprintf("%u:%s", line, r);
				json_object_set_new(want, key, json_true());
				free(key);
			}
			free(list);
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	free(text);
	return want;
}

/* Compare one fixture file both ways; returns the number of differences. */
static int check_fixture_file(const char *dir, const char *file)
{
	char *path = ls_xasprintf("%s/%s", dir, file);
	struct args a = {0};
	fixture_flags(dir, &a);
	json_t *got = run_rules(&cat, path, NULL, (const char *const *)a.v, a.n);
	json_t *want = expected_marks(path);
	json_t *seen = json_object();
	char *abs = ls_abspath(path, NULL);
	int bad = 0;
	size_t i;
	json_t *f;
	json_array_foreach(got, i, f) {
		if (!ls_streq(json_string_value(json_object_get(f, "file")), abs))
			continue;
		char *key = ls_xasprintf("%d:%s", (int)json_integer_value(json_object_get(f, "line")),
					 json_string_value(json_object_get(f, "rule")));
		if (!json_object_get(want, key)) {
			fprintf(stderr, "%s:%s: unexpected: %s\n", path, key,
				json_string_value(json_object_get(f, "message")));
			bad++;
		}
		json_object_set_new(seen, key, json_true());
		free(key);
	}
	const char *key;
	json_t *v;
	json_object_foreach(want, key, v)
		if (!json_object_get(seen, key)) {
			fprintf(stderr, "%s:%s: expected, not reported\n", path, key);
			bad++;
		}
	free(abs);
	json_decref(seen);
	json_decref(want);
	json_decref(got);
	args_free(&a);
	free(path);
	ls_async_release();
	return bad;
}

static int check_fixture_dir(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "no fixture directory %s", dir);
	struct dirent *e;
	int bad = 0, files = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 2 && !strcmp(e->d_name + n - 2, ".c")) {
			bad += check_fixture_file(dir, e->d_name);
			files++;
		}
	}
	closedir(d);
	ck_assert_msg(files > 0, "%s has no C files", dir);
	return bad;
}

START_TEST(fixture_libuv)
{
	ck_assert_int_eq(check_fixture_dir("testdata/check/async-libuv"), 0);
}
END_TEST

START_TEST(fixture_libevent)
{
	ck_assert_int_eq(check_fixture_dir("testdata/check/async-libevent"), 0);
}
END_TEST

START_TEST(fixture_gio)
{
	ck_assert_int_eq(check_fixture_dir("testdata/check/async-gio"), 0);
}
END_TEST

START_TEST(fixture_sdevent)
{
	ck_assert_int_eq(check_fixture_dir("testdata/check/async-sdevent"), 0);
}
END_TEST

START_TEST(fixture_coroutines)
{
	ck_assert_int_eq(check_fixture_dir("testdata/check/async-coroutines"), 0);
}
END_TEST

START_TEST(fixture_stackless)
{
	ck_assert_int_eq(check_fixture_dir("testdata/check/async-stackless"), 0);
}
END_TEST

/* ---- snippets --------------------------------------------------------- */

/* Lines (sorted, "rule@line" joined by spaces) of the findings for text. */
static char *findings_of(const struct ls_catalog *c, const char *text)
{
	static const char *const args[] = {"-std=c11", "-Wno-everything"};
	json_t *got = run_rules(c, "snippet.c", text, args, 2);
	struct ls_buf b = {0};
	size_t i;
	json_t *f;
	json_array_foreach(got, i, f)
		ls_buf_addf(&b, "%s%s@%d", i ? " " : "", json_string_value(json_object_get(f, "rule")),
			    (int)json_integer_value(json_object_get(f, "line")));
	json_decref(got);
	ls_async_release();
	char *s = ls_buf_steal(&b);
	return s ? s : ls_xstrdup("");
}

static const char uv_decls[] =
	"typedef struct uv_write_s uv_write_t; typedef struct uv_stream_s uv_stream_t;\n"
	"typedef struct { char *base; unsigned long len; } uv_buf_t;\n"
	"typedef void (*uv_write_cb)(uv_write_t *, int);\n"
	"int uv_write(uv_write_t *, uv_stream_t *, const uv_buf_t *, unsigned, uv_write_cb);\n"
	"int uv_timer_start(void *, void (*)(void *), unsigned long, unsigned long);\n";

START_TEST(ignored_error_statement_shapes)
{
	char *text = ls_xasprintf(
		"%s"
		"void f(uv_write_t *r, uv_stream_t *s, uv_buf_t *b, int c) {\n" /* 6 */
		"  if (c) uv_write(r, s, b, 1, 0); else uv_write(r, s, b, 2, 0);\n"
		"  while (c--) uv_write(r, s, b, 1, 0);\n"
		"  uv_write(r, s, b, 1, 0), c++;\n"
		"  c = uv_write(r, s, b, 1, 0) < 0;\n"
		"  for (; uv_write(r, s, b, 1, 0) == 0;) uv_write(r, s, b, 3, 0);\n"
		"  switch (c) { case 1: uv_write(r, s, b, 1, 0); break; default: break; }\n"
		"  (void)uv_write(r, s, b, 1, 0);\n"
		"  uv_timer_start(0, 0, 1, 1);\n"
		"  { int rc = uv_write(r, s, b, 1, 0); (void)rc; }\n"
		"  c = ({ uv_write(r, s, b, 1, 0); });\n"
		"  ({ uv_write(r, s, b, 1, 0); c; });\n"
		"}\n",
		uv_decls);
	char *got = findings_of(&cat, text);
	/* lines 7 (twice: then and else), 8, 9, 11 (the for body, not its
	 * condition), 12, 17; not 10, 13, 14, 15, 16 (the value of a statement
	 * expression is its last statement) */
	ck_assert_str_eq(got, "ignored-error@7 ignored-error@7 ignored-error@8 ignored-error@9 "
			      "ignored-error@11 ignored-error@12 ignored-error@17");
	free(got);
	free(text);
}
END_TEST

START_TEST(unchecked_status_reads)
{
	char *text = ls_xasprintf(
		"%s"
		"void log_int(int);\n"                               /* 6 */
		"static void a(uv_write_t *r, int status) { (void)r; }\n" /* 7: never read */
		"static void b(uv_write_t *r, int status) { log_int(status); }\n"
		"static void c(uv_write_t *r, int status) { int x = status; (void)x; }\n"
		"static void d(uv_write_t *r, int status) { status = 0; }\n" /* 10: only written */
		"static void e(uv_write_t *r, int) { }\n"            /* 11: unnamed */
		"#define assert(x) ((void)0)\n"                     /* as under NDEBUG */
		"static void g(uv_write_t *r, int status) { assert(status == 0); }\n"
		"void abort(void) __attribute__((noreturn));\n"
		"static void h(uv_write_t *r, int status) { do { if (!(0 && \"never\")) abort(); } while (0); }\n"
		"int go(uv_write_t *r, uv_stream_t *s, uv_buf_t *bf) {\n"
		"  return uv_write(r, s, bf, 1, a) | uv_write(r, s, bf, 1, b) |\n"
		"         uv_write(r, s, bf, 1, c) | uv_write(r, s, bf, 1, d) |\n"
		"         uv_write(r, s, bf, 1, (uv_write_cb)&e) | uv_write(r, s, bf, 1, a) |\n"
		"         uv_write(r, s, bf, 1, g) | uv_write(r, s, bf, 1, h);\n"
		"}\n",
		uv_decls);
	char *got = findings_of(&cat, text);
	/* a is registered twice but reported once; g's assert() vanished under
	 * NDEBUG but was written, h is a trap that aborts: neither reported */
	ck_assert_str_eq(got, "unchecked-status@7 unchecked-status@10 unchecked-status@11");
	free(got);
	free(text);
}
END_TEST

START_TEST(missing_finish_helpers_deep)
{
	static const char text[] =
		"typedef struct _GObject GObject; typedef struct _GAsyncResult GAsyncResult;\n"
		"typedef struct _GFile GFile; typedef struct _GError GError;\n"
		"typedef void (*GAsyncReadyCallback)(GObject *, GAsyncResult *, void *);\n"
		"void g_file_read_async(GFile *, int, void *, GAsyncReadyCallback, void *);\n"
		"void *g_file_read_finish(GFile *, GAsyncResult *, GError **);\n"
		"static void h2(GAsyncResult *r, GObject *o) { GError *e = 0;\n" /* 6 */
		"  if (!g_file_read_finish((GFile *)o, r, &e)) return; }\n"
		"static void h1(GObject *o, GAsyncResult *r) { h2(r, o); }\n"
		"static void good(GObject *o, GAsyncResult *res, void *d) { h1(o, res); }\n"
		"static void idle(GAsyncResult *r) { (void)r; }\n"
		"static void bad(GObject *o, GAsyncResult *res, void *d) { idle(res); }\n" /* 11 */
		"static void self(GObject *o, GAsyncResult *res, void *d) {\n"           /* 12 */
		"  if (d) self(o, res, 0); }\n"
		"void go(GFile *f) {\n"
		"  g_file_read_async(f, 0, 0, good, 0);\n"
		"  g_file_read_async(f, 0, 0, bad, 0);\n"
		"  g_file_read_async(f, 0, 0, self, 0);\n"
		"  g_file_read_async(f, 0, 0, (GAsyncReadyCallback)0, 0);\n"
		"}\n";
	char *got = findings_of(&cat, text);
	ck_assert_str_eq(got, "missing-finish@11 missing-finish@12");
	free(got);
}
END_TEST

/* A user's model for an in-house coroutine library, passed like --model. */
START_TEST(user_model_spawn_join)
{
	char dir[] = "/tmp/ls-async-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *model = ls_xasprintf("%s/jobs.yml", dir);
	static const char yml[] =
		"model: jobs\n"
		"async:\n"
		"  - {call: job_spawn, result: {arg: 0}, await: [job_join, job_detach]}\n"
		"  - {call: task_new, await: [task_wait]}\n";
	FILE *fp = fopen(model, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(yml, fp);
	fclose(fp);
	struct ls_catalog c2;
	const char *extra[] = {model};
	ck_assert_int_eq(ls_catalog_load(&c2, extra, 1), 0);
	static const char text[] =
		"typedef struct job *job_t; typedef struct task task;\n"
		"int job_spawn(job_t *out, void (*fn)(void));\n"
		"void job_join(job_t); void job_detach(job_t);\n"
		"task *task_new(int); int task_wait(task *); void task_log(task *);\n"
		"static void work(void) {}\n"
		"void a(void) { job_t j; job_spawn(&j, work); }\n" /* 6: never joined */
		"void b(void) { job_t j; if (job_spawn(&j, work)) return; job_join(j); }\n"
		"void c(int x) { job_t j; job_spawn(&j, work); if (x) return; job_detach(j); }\n" /* 8 */
		"struct holder { job_t j; };\n"
		"void d(struct holder *h) { job_spawn(&h->j, work); }\n"
		"void e(void) { task_new(1); }\n"                          /* 11 */
		"int f(void) { task *t = task_new(2); return task_wait(t); }\n"
		"void g(void) { task *t = task_new(3); task_log(t); }\n"   /* 13 */
		"void h(void) { task_log(task_new(4)); }\n"                /* 14 */
		"task *i(void) { return task_new(5); }\n"
		"int k(void) { job_t j; int rc = job_spawn(&j, work); if (rc != 0) return rc;\n"
		"  job_join(j); return 0; }\n"                             /* 16-17: clean */
		"void l(int n) { job_t js[4]; for (int q = 0; q < n; q++) job_spawn(&js[q], work);\n"
		"  for (int q = 0; q < n; q++) job_join(js[q]); }\n";      /* 18: into an array */
	char *got = findings_of(&c2, text);
	ck_assert_str_eq(got, "missing-await@6 missing-await@8 missing-await@11 missing-await@13 "
			      "missing-await@14");
	free(got);
	/* without the model, nothing is known about these calls */
	got = findings_of(&cat, text);
	ck_assert_str_eq(got, "");
	free(got);
	ls_catalog_free(&c2);
	unlink(model);
	rmdir(dir);
	free(model);
}
END_TEST

/* The per-TU caches must not leak answers from one TU into the next. */
START_TEST(caches_follow_the_tu)
{
	static const char one[] = "int uv_listen(void *, int, void (*)(void *, int));\n"
				  "static void cb(void *s, int status) { }\n"
				  "void go(void *s) { (void)uv_listen(s, 1, cb); }\n";
	static const char two[] = "int uv_listen(void *, int, void (*)(void *, int));\n"
				  "static void cb(void *s, int status) { }\n"
				  "void go(void *s) { if (uv_listen(s, 1, cb)) return; }\n";
	static const char *const args[] = {"-std=c11"};
	for (int round = 0; round < 2; round++) {
		json_t *a = run_rules(&cat, "same.c", round ? two : one, args, 1);
		ck_assert_int_eq(json_array_size(a), 1); /* the callback, each time */
		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a, 0), "rule")),
				 "unchecked-status");
		json_decref(a);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("async_rules");
	TCase *fx = tcase_create("fixtures");
	tcase_add_checked_fixture(fx, setup, teardown);
	tcase_set_timeout(fx, 120);
	tcase_add_test(fx, fixture_libuv);
	tcase_add_test(fx, fixture_libevent);
	tcase_add_test(fx, fixture_gio);
	tcase_add_test(fx, fixture_sdevent);
	tcase_add_test(fx, fixture_coroutines);
	tcase_add_test(fx, fixture_stackless);
	suite_add_tcase(s, fx);
	TCase *sn = tcase_create("snippets");
	tcase_add_checked_fixture(sn, setup, teardown);
	tcase_set_timeout(sn, 60);
	tcase_add_test(sn, ignored_error_statement_shapes);
	tcase_add_test(sn, unchecked_status_reads);
	tcase_add_test(sn, missing_finish_helpers_deep);
	tcase_add_test(sn, user_model_spawn_join);
	tcase_add_test(sn, caches_follow_the_tu);
	suite_add_tcase(s, sn);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
