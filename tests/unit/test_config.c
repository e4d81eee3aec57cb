/*
 * test_config.c — Check suite for analyzer/config.c: every key of
 * .loopscope.yml read into its setting (lists or single strings, paths
 * relative to the file), errors naming file, line and key, unknown keys
 * tolerated, discovery in parent directories, severity overrides applied
 * to the catalog, and the exclusion globs.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/config.h"
#include "common/util.h"

static int load(struct ls_conf *c, const char *text)
{
	return ls_conf_load_string(c, "/proj/.loopscope.yml", text, strlen(text));
}

/* Run f with stderr captured into buf. */
static char captured[2048];
#define CAPTURE(stmt)                                                          \
	do {                                                                   \
		fflush(stderr);                                                \
		FILE *tmp_ = tmpfile();                                        \
		int saved_ = dup(2);                                           \
		dup2(fileno(tmp_), 2);                                         \
		stmt;                                                          \
		fflush(stderr);                                                \
		dup2(saved_, 2);                                               \
		close(saved_);                                                 \
		rewind(tmp_);                                                  \
		size_t n_ = fread(captured, 1, sizeof captured - 1, tmp_);     \
		captured[n_] = '\0';                                           \
		fclose(tmp_);                                                  \
	} while (0)

START_TEST(every_key_read)
{
	struct ls_conf c;
	ck_assert_int_eq(load(&c, "rules: [blocking-*, -blocking-network]\n"
				  "severity:\n  blocking-sleep: error\n"
				  "models: [models/x.yml, /abs/y.yml]\n"
				  "loop_callbacks: on_*\n"
				  "worker_functions: [bg_job, 'pool_*']\n"
				  "exclude: [vendor, '*.gen.c']\n"
				  "fail_on: note\n"
				  "baseline: ci/baseline.json\n"),
			 0);
	ck_assert_str_eq(c.path, "/proj/.loopscope.yml");
	ck_assert_str_eq(c.dir, "/proj");
	ck_assert_str_eq(c.rules, "blocking-*,-blocking-network");
	ck_assert_str_eq(json_string_value(json_object_get(c.severity, "blocking-sleep")), "error");
	ck_assert_int_eq(c.models.n, 2);
	ck_assert_str_eq(c.models.v[0], "/proj/models/x.yml");
	ck_assert_str_eq(c.models.v[1], "/abs/y.yml");
	ck_assert_int_eq(c.loop_callbacks.n, 1);
	ck_assert_str_eq(c.loop_callbacks.v[0], "on_*");
	ck_assert_int_eq(c.worker_functions.n, 2);
	ck_assert_str_eq(c.worker_functions.v[1], "pool_*");
	ck_assert_int_eq(c.exclude.n, 2);
	ck_assert_str_eq(c.fail_on, "note");
	ck_assert_str_eq(c.baseline, "/proj/ci/baseline.json");
	ls_conf_free(&c);
}
END_TEST

START_TEST(empty_and_null_values)
{
	struct ls_conf c;
	ck_assert_int_eq(load(&c, ""), 0);
	ck_assert_ptr_null(c.rules);
	ck_assert_int_eq(c.models.n, 0);
	ls_conf_free(&c);
	ck_assert_int_eq(load(&c, "# only a comment\nrules:\nexclude: ~\n"), 0);
	ck_assert_ptr_null(c.rules);
	ck_assert_int_eq(c.exclude.n, 0);
	ls_conf_free(&c);
}
END_TEST

START_TEST(errors_name_file_line_and_key)
{
	struct ls_conf c;
	int r;
	CAPTURE(r = load(&c, "rules: [a]\n\nfail_on: loud\n"));
	ck_assert_int_eq(r, -1);
	ck_assert_msg(strstr(captured, "/proj/.loopscope.yml:3: 'fail_on': expected error, warning, note or none"),
		      "got: %s", captured);
	ls_conf_free(&c);

	CAPTURE(r = load(&c, "models:\n  - {a: b}\n"));
	ck_assert_int_eq(r, -1);
	ck_assert_msg(strstr(captured, ":1: 'models': expected a list of file names"), "got: %s", captured);
	ls_conf_free(&c);

	CAPTURE(r = load(&c, "severity:\n  a: error\n  b: loud\n"));
	ck_assert_int_eq(r, -1);
	ck_assert_msg(strstr(captured, ":3: 'severity': 'b' must be error, warning or note"), "got: %s",
		      captured);
	ls_conf_free(&c);

	CAPTURE(r = load(&c, "rules: [a]\nexclude:\n  - x\n   - y: [\n"));
	ck_assert_int_eq(r, -1);
	ck_assert_msg(strstr(captured, "/proj/.loopscope.yml:4:") && strstr(captured, "(under 'exclude')"),
		      "got: %s", captured);
	ls_conf_free(&c);

	CAPTURE(r = load(&c, "- a\n- b\n"));
	ck_assert_int_eq(r, -1);
	ck_assert_msg(strstr(captured, "expected a mapping"), "got: %s", captured);
	ls_conf_free(&c);
}
END_TEST

START_TEST(unknown_key_is_a_warning)
{
	struct ls_conf c;
	int r;
	ls_quiet = 0;
	CAPTURE(r = load(&c, "rules: [a]\nfial_on: error\n"));
	ck_assert_int_eq(r, 0);
	ck_assert_msg(strstr(captured, "warning: /proj/.loopscope.yml:2: unknown key 'fial_on' ignored "
				       "(did you mean 'fail_on'?)"),
		      "got: %s", captured);
	ck_assert_str_eq(c.rules, "a");
	ls_conf_free(&c);
	CAPTURE(r = load(&c, "colour: always\n"));
	ck_assert_int_eq(r, 0);
	ck_assert_msg(strstr(captured, "unknown key 'colour' ignored (known: rules, severity"), "got: %s",
		      captured);
	ls_conf_free(&c);
}
END_TEST

START_TEST(found_in_parents)
{
	char tmpl[] = "/tmp/test_config.XXXXXX";
	char *root = mkdtemp(tmpl);
	ck_assert_ptr_nonnull(root);
	char *deep = ls_xasprintf("%s/a/b/c", root);
	ck_assert_int_eq(ls_mkdir_p(deep, 0755), 0);
	char *cfg = ls_xasprintf("%s/a/.loopscope.yml", root);
	ck_assert_int_eq(ls_write_file_atomic(cfg, "rules: x\n", 9), 0);
	char *found = ls_conf_find(deep);
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found, cfg);
	free(found);
	unlink(cfg);
	char *none = ls_conf_find(deep);
	/* Nothing below /tmp should have one; if a parent does, it is not ours. */
	ck_assert(!none || strncmp(none, root, strlen(root)) != 0);
	free(none);
	for (int i = 0; i < 3; i++) {
		rmdir(deep);
		*strrchr(deep, '/') = '\0';
	}
	rmdir(root);
	free(deep);
	free(cfg);
}
END_TEST

START_TEST(severity_applied_to_catalog)
{
	struct ls_catalog cat = {0};
	cat.rules = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "id", "blocking-sleep", "severity",
			      "warning", "id", "blocking-dns", "severity", "warning", "id", "handle-leak",
			      "severity", "warning");
	struct ls_conf c;
	ck_assert_int_eq(load(&c, "severity:\n  'blocking-*': note\n  handle-leak: error\n"), 0);
	ck_assert_int_eq(ls_conf_apply_severity(&c, &cat), 0);
	ck_assert_str_eq(ls_rule_severity(&cat, "blocking-sleep"), "note");
	ck_assert_str_eq(ls_rule_severity(&cat, "blocking-dns"), "note");
	ck_assert_str_eq(ls_rule_severity(&cat, "handle-leak"), "error");
	ls_conf_free(&c);
	ck_assert_int_eq(load(&c, "severity:\n  nothing-like-it: note\n"), 0);
	int r;
	CAPTURE(r = ls_conf_apply_severity(&c, &cat));
	ck_assert_int_eq(r, -1);
	ck_assert_msg(strstr(captured, "no rule matches 'nothing-like-it'"), "got: %s", captured);
	ls_conf_free(&c);
	json_decref(cat.rules);
}
END_TEST

START_TEST(exclude_globs)
{
	struct ls_conf_exclude e = {0};
	ls_conf_exclude_add(&e, "vendor", "/p");
	ls_conf_exclude_add(&e, "*.gen.c", "/p");
	ls_conf_exclude_add(&e, "./build/", "/p");
	ls_conf_exclude_add(&e, "/top.c", "/p");
	ls_conf_exclude_add(&e, "../sibling/x.c", "/p/sub");
	ck_assert(ls_conf_excluded(&e, "/p/vendor/a.c"));
	ck_assert(ls_conf_excluded(&e, "/p/vendor/deep/b.h"));
	ck_assert(!ls_conf_excluded(&e, "/p/src/vendor.c"));
	ck_assert(ls_conf_excluded(&e, "/p/src/deep/x.gen.c"));
	ck_assert(!ls_conf_excluded(&e, "/p/src/x.c"));
	ck_assert(ls_conf_excluded(&e, "/p/build/obj.c"));
	ck_assert(ls_conf_excluded(&e, "/p/top.c"));
	ck_assert(!ls_conf_excluded(&e, "/p/src/top.c"));
	ck_assert(ls_conf_excluded(&e, "/p/sibling/x.c"));
	ck_assert(!ls_conf_excluded(&e, "/other/vendor/a.c")); /* not below the base */
	ls_conf_exclude_free(&e);
	ck_assert(!ls_conf_excluded(&e, "/p/vendor/a.c"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");
	tcase_add_test(tc, every_key_read);
	tcase_add_test(tc, empty_and_null_values);
	tcase_add_test(tc, errors_name_file_line_and_key);
	tcase_add_test(tc, unknown_key_is_a_warning);
	tcase_add_test(tc, found_in_parents);
	tcase_add_test(tc, severity_applied_to_catalog);
	tcase_add_test(tc, exclude_globs);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
