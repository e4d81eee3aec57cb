/*
 * test_catalog.c — Check suite for the data layer every rule goes
 * through: the YAML loader (types of scalars, "@line" bookkeeping, error
 * messages that name file:line), the catalog loader with LOOPSCOPE_DATA,
 * rule selection (--rules globs, unknown patterns), and fix lookup with its
 * fallback to the default fix.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/catalog.h"
#include "common/util.h"
#include "common/yamldoc.h"

static json_t *load(const char *text, int flags)
{
	char err[256] = "";
	json_t *j = ls_yaml_load_string(text, strlen(text), "t.yml", flags, err, sizeof err);
	ck_assert_msg(j != NULL, "unexpected YAML error: %s", err);
	return j;
}

/* ---- YAML loader ------------------------------------------------------ */

START_TEST(yaml_scalars_are_typed)
{
	json_t *j = load("i: 42\nneg: -7\nhex: 0x10\nt: true\nf: false\nn: null\ntilde: ~\n"
			 "empty:\nq: \"42\"\nsq: 'true'\nfl: 1.5\nword: blocking-sleep\n", 0);
	ck_assert(json_is_integer(json_object_get(j, "i")));
	ck_assert_int_eq(json_integer_value(json_object_get(j, "i")), 42);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "neg")), -7);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "hex")), 16);
	ck_assert(json_is_true(json_object_get(j, "t")));
	ck_assert(json_is_false(json_object_get(j, "f")));
	ck_assert(json_is_null(json_object_get(j, "n")));
	ck_assert(json_is_null(json_object_get(j, "tilde")));
	ck_assert(json_is_null(json_object_get(j, "empty")));
	/* Quoted scalars stay strings, whatever they spell. */
	ck_assert_str_eq(json_string_value(json_object_get(j, "q")), "42");
	ck_assert_str_eq(json_string_value(json_object_get(j, "sq")), "true");
	/* Only integers are numbers; anything else plain is a string. */
	ck_assert_str_eq(json_string_value(json_object_get(j, "fl")), "1.5");
	ck_assert_str_eq(json_string_value(json_object_get(j, "word")), "blocking-sleep");
	json_decref(j);
}
END_TEST

START_TEST(yaml_lines_recorded_only_when_asked)
{
	const char *text = "top: 1\n"
			   "list:\n"
			   "  - id: a\n"
			   "    x: 1\n"
			   "  - {id: b}\n"
			   "nested:\n"
			   "  inner:\n"
			   "    k: v\n";
	json_t *j = load(text, LS_YAML_LINES);
	ck_assert_int_eq(ls_yaml_line(j), 1);
	json_t *list = json_object_get(j, "list");
	ck_assert_int_eq(ls_yaml_line(json_array_get(list, 0)), 3);
	ck_assert_int_eq(ls_yaml_line(json_array_get(list, 1)), 5);
	ck_assert_int_eq(ls_yaml_line(json_object_get(json_object_get(j, "nested"), "inner")), 8);
	json_decref(j);

	j = load(text, 0);
	ck_assert_ptr_null(json_object_get(j, "@line"));
	ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(j, "list"), 0), "@line"));
	ck_assert_int_eq(ls_yaml_line(j), 0);
	json_decref(j);
}
END_TEST

START_TEST(yaml_block_scalars_and_aliases)
{
	json_t *j = load("code: |\n  a\n  \\b\nfolded: >-\n  one\n  two\n"
			 "base: &b {k: 1}\ncopy: *b\n", 0);
	ck_assert_str_eq(json_string_value(json_object_get(j, "code")), "a\n\\b\n");
	ck_assert_str_eq(json_string_value(json_object_get(j, "folded")), "one two");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "copy"), "k")), 1);
	json_decref(j);
}
END_TEST

START_TEST(yaml_empty_document_is_empty_object)
{
	json_t *j = load("", 0);
	ck_assert(json_is_object(j));
	ck_assert_int_eq(json_object_size(j), 0);
	json_decref(j);
	j = load("# only a comment\n", 0);
	ck_assert(json_is_object(j));
	json_decref(j);
}
END_TEST

START_TEST(yaml_malformed_names_file_and_line)
{
	char err[256] = "";
	const char *text = "rules:\n  - id: a\n    fix: [one, two\n  - id: b\n";
	json_t *j = ls_yaml_load_string(text, strlen(text), "cat.yml", 0, err, sizeof err);
	ck_assert_ptr_null(j);
	unsigned line = 0, col = 0;
	char name[64] = "";
	ck_assert_msg(sscanf(err, "%63[^:]:%u:%u:", name, &line, &col) == 3, "err: %s", err);
	ck_assert_str_eq(name, "cat.yml");
	ck_assert_msg(line >= 3 && line <= 5, "line %u in: %s", line, err);

	/* A tab where indentation is expected, on line 2. */
	const char *tabbed = "a: 1\n\tb: 2\n";
	j = ls_yaml_load_string(tabbed, strlen(tabbed), "tab.yml", 0, err, sizeof err);
	ck_assert_ptr_null(j);
	ck_assert_msg(!strncmp(err, "tab.yml:2:", 10), "err: %s", err);

	/* A file that does not exist: the path and the reason. */
	j = ls_yaml_load_file("/nonexistent/loopscope.yml", 0, err, sizeof err);
	ck_assert_ptr_null(j);
	ck_assert_msg(strstr(err, "/nonexistent/loopscope.yml") != NULL, "err: %s", err);
	ck_assert_msg(strstr(err, "No such file") != NULL, "err: %s", err);
}
END_TEST

/* ---- rule selection ---------------------------------------------------- */

START_TEST(selection_globs_in_order)
{
	ck_assert(ls_rule_selected(NULL, "blocking-sleep"));
	ck_assert(ls_rule_selected("", "handle-leak"));
	ck_assert(ls_rule_selected("blocking-*", "blocking-sleep"));
	ck_assert(!ls_rule_selected("blocking-*", "handle-leak"));
	ck_assert(ls_rule_selected("blocking-*,-blocking-network", "blocking-dns"));
	ck_assert(!ls_rule_selected("blocking-*,-blocking-network", "blocking-network"));
	ck_assert(ls_rule_selected("blocking-* -blocking-network handle-leak", "handle-leak"));
	/* Only removals: everything else stays selected. */
	ck_assert(ls_rule_selected("-blocking-network", "handle-leak"));
	ck_assert(!ls_rule_selected("-blocking-network", "blocking-network"));
	/* Later patterns win. */
	ck_assert(ls_rule_selected("-blocking-*,blocking-dns", "blocking-dns"));
	ck_assert(!ls_rule_selected("-blocking-*,blocking-dns", "blocking-sleep"));
	ck_assert(!ls_rule_selected("-blocking-*,blocking-dns", "handle-leak"));
	ck_assert(!ls_rule_selected("blocking-dns,-blocking-*", "blocking-dns"));
	ck_assert(ls_rule_selected("*", "cpu-bound-callback"));
	ck_assert(!ls_rule_selected("blocking-sleep", "blocking-sleep-extra"));
}
END_TEST

static struct ls_catalog small_catalog(void)
{
	struct ls_catalog c = {0};
	json_t *doc = load("rules:\n"
			   "  - id: blocking-sleep\n"
			   "    severity: warning\n"
			   "    fix: {default: arm a timer, libuv: uv_timer_start}\n"
			   "  - id: handle-leak\n"
			   "    severity: error\n"
			   "    fix: close it\n"
			   "  - id: no-default\n"
			   "    fix: {glib: g_idle_add}\n",
			   LS_YAML_LINES);
	c.rules = json_incref(json_object_get(doc, "rules"));
	c.models = json_array();
	json_decref(doc);
	return c;
}

START_TEST(selection_unknown_patterns)
{
	struct ls_catalog c = small_catalog();
	ck_assert_ptr_null(ls_rule_selection_unknown(&c, NULL));
	ck_assert_ptr_null(ls_rule_selection_unknown(&c, "blocking-*,handle-leak"));
	ck_assert_ptr_null(ls_rule_selection_unknown(&c, "*,-handle-leak"));
	char *bad = ls_rule_selection_unknown(&c, "blocking-*,handle-lek");
	ck_assert_ptr_nonnull(bad);
	ck_assert_str_eq(bad, "handle-lek");
	free(bad);
	bad = ls_rule_selection_unknown(&c, "nothing-*,also-nothing");
	ck_assert_str_eq(bad, "nothing-*"); /* the first one */
	free(bad);
	bad = ls_rule_selection_unknown(&c, "blocking-sleep,-typo");
	ck_assert_str_eq(bad, "typo");
	free(bad);
	ls_catalog_free(&c);
}
END_TEST

/* ---- fix and severity lookup ------------------------------------------ */

START_TEST(fix_per_framework_with_default)
{
	struct ls_catalog c = small_catalog();
	ck_assert_str_eq(ls_rule_fix(&c, "blocking-sleep", "libuv"), "uv_timer_start");
	ck_assert_str_eq(ls_rule_fix(&c, "blocking-sleep", "glib"), "arm a timer");
	ck_assert_str_eq(ls_rule_fix(&c, "blocking-sleep", NULL), "arm a timer");
	/* A plain string fix serves every framework. */
	ck_assert_str_eq(ls_rule_fix(&c, "handle-leak", "libuv"), "close it");
	ck_assert_str_eq(ls_rule_fix(&c, "handle-leak", NULL), "close it");
	/* No default and no entry for the framework: no fix. */
	ck_assert_str_eq(ls_rule_fix(&c, "no-default", "glib"), "g_idle_add");
	ck_assert_ptr_null(ls_rule_fix(&c, "no-default", "libuv"));
	ck_assert_ptr_null(ls_rule_fix(&c, "unknown-rule", "libuv"));
	/* "@line" is bookkeeping, never a framework. */
	ck_assert_ptr_null(ls_rule_fix(&c, "no-default", "@line"));

	ck_assert_str_eq(ls_rule_severity(&c, "handle-leak"), "error");
	ck_assert_str_eq(ls_rule_severity(&c, "no-default"), "warning");
	ck_assert_str_eq(ls_rule_severity(&c, "unknown-rule"), "warning");
	ck_assert_ptr_nonnull(ls_rule_find(&c, "handle-leak"));
	ck_assert_ptr_null(ls_rule_find(&c, "handle"));
	ls_catalog_free(&c);
}
END_TEST

/* ---- catalog loading from a data directory ----------------------------- */

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Run the expected load failures with stderr on /dev/null, so the test's
 * output shows only real problems. */
static int load_quietly(struct ls_catalog *c)
{
	fflush(stderr);
	int saved = dup(2), devnull = open("/dev/null", O_WRONLY);
	ck_assert(saved >= 0 && devnull >= 0);
	dup2(devnull, 2);
	int rc = ls_catalog_load(c, NULL, 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(devnull);
	return rc;
}

START_TEST(catalog_load_from_loopscope_data)
{
	char dir[] = "/tmp/ls-test-catalog-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *cat = ls_xasprintf("%s/catalog.yml", dir);
	char *mdir = ls_xasprintf("%s/models", dir);
	char *m1 = ls_xasprintf("%s/models/b.yml", dir);
	char *m2 = ls_xasprintf("%s/models/a.yml", dir);
	char *extra = ls_xasprintf("%s/extra.yml", dir);
	write_text(cat, "rules:\n  - id: r1\n    severity: note\n  - id: r2\n");
	ck_assert_int_eq(mkdir(mdir, 0755), 0);
	write_text(m1, "model: beta\n");
	write_text(m2, "model: alpha\nblocking:\n  - {call: sleep, rule: r1}\n");
	write_text(extra, "model: inhouse\n");
	setenv("LOOPSCOPE_DATA", dir, 1);

	struct ls_catalog c;
	const char *extras[] = {extra};
	ck_assert_int_eq(ls_catalog_load(&c, extras, 1), 0);
	ck_assert_int_eq(json_array_size(c.rules), 2);
	ck_assert_str_eq(ls_rule_severity(&c, "r1"), "note");
	/* Models in name order, then the extra ones; each knows its file. */
	ck_assert_int_eq(json_array_size(c.models), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(c.models, 0), "model")), "alpha");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(c.models, 1), "model")), "beta");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(c.models, 2), "model")), "inhouse");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(c.models, 0), "@file")), m2);
	ck_assert_int_eq(ls_yaml_line(json_array_get(c.rules, 1)), 4);
	char *digest = ls_xstrdup(c.models_digest);
	ls_catalog_free(&c);

	/* The digest follows the models' content. */
	write_text(m1, "model: beta\nloop_waits: [poll]\n");
	ck_assert_int_eq(ls_catalog_load(&c, NULL, 0), 0);
	ck_assert_str_ne(c.models_digest, digest);
	ls_catalog_free(&c);
	free(digest);

	/* A model without 'model:' and a malformed catalog are errors. */
	write_text(m1, "blocking: []\n");
	ck_assert_int_eq(load_quietly(&c), -1);
	ls_catalog_free(&c);
	write_text(m1, "model: beta\n");
	write_text(cat, "rules: [\n");
	ck_assert_int_eq(load_quietly(&c), -1);
	ls_catalog_free(&c);
	write_text(cat, "other: 1\n");
	ck_assert_int_eq(load_quietly(&c), -1);
	ls_catalog_free(&c);

	/* No models at all is fine: the catalog alone loads. */
	unlink(m1);
	unlink(m2);
	rmdir(mdir);
	write_text(cat, "rules:\n  - id: r1\n");
	ck_assert_int_eq(ls_catalog_load(&c, NULL, 0), 0);
	ck_assert_int_eq(json_array_size(c.models), 0);
	ck_assert_int_eq(json_array_size(c.rules), 1);
	ls_catalog_free(&c);

	unlink(cat);
	unlink(extra);
	rmdir(dir);
	free(cat);
	free(mdir);
	free(m1);
	free(m2);
	free(extra);
}
END_TEST

/* The readers' limits, through the in-memory entry points the fuzzing
 * harnesses use: each bad input is refused with its position, the good
 * one next to it is accepted. */
static int yaml_fails_with(const char *text, const char *want)
{
	char err[256] = "";
	json_t *j = ls_yaml_load_string(text, strlen(text), "t.yml", LS_YAML_LINES, err, sizeof err);
	json_decref(j);
	ck_assert_msg(!j, "accepted: %s", text);
	ck_assert_msg(strstr(err, want), "error '%s' lacks '%s'", err, want);
	return 1;
}

START_TEST(yaml_limits)
{
	struct ls_buf deep = {0};
	for (int i = 0; i < 100; i++)
		ls_buf_puts(&deep, "[");
	for (int i = 0; i < 100; i++)
		ls_buf_puts(&deep, "]");
	yaml_fails_with(deep.s, "t.yml:1:65: nested deeper than 64 levels");
	deep.len = 0;
	for (int i = 0; i < 60; i++)
		ls_buf_puts(&deep, "[");
	for (int i = 0; i < 60; i++)
		ls_buf_puts(&deep, "]");
	json_decref(load(deep.s, 0));
	ls_buf_free(&deep);

	struct ls_buf bomb = {0};
	ls_buf_puts(&bomb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i <= 9; i++) {
		ls_buf_addf(&bomb, "a%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			ls_buf_addf(&bomb, "%s*a%d", k ? ", " : "", i - 1);
		ls_buf_puts(&bomb, "]\n");
	}
	yaml_fails_with(bomb.s, "aliases expand to more than 100000 nodes");
	ls_buf_free(&bomb);
	json_decref(load("a: &x [1, 2]\nb: *x\nc: *x\n", 0));

	yaml_fails_with("a: 1\nb: 2\na: 3\n", "t.yml:3:1: duplicate key 'a'");
	yaml_fails_with("'@line': 1\n", "keys may not start with '@'");
	json_t *j = load("a: 1\nb: {c: 2}\n", LS_YAML_LINES);
	int line, col;
	ck_assert_int_eq(ls_yaml_pos(json_object_get(j, "b"), "c", &line, &col), 2);
	ck_assert_int_eq(col, 5);
	json_decref(j);
}
END_TEST

START_TEST(model_from_memory_is_checked)
{
	/* A catalog of one rule, made here: ls_datadir is fixed once per
	 * process, and suites also run unforked (valgrind). */
	struct ls_catalog c = {0};
	c.rules = json_pack("[{s:s}]", "id", "r1");
	c.models = json_array();
	static const char *const bad[] = {
		"model: m\nblocking: [{call: f, rule: r2}]\n",
		"model: m\nblocking: [{call: 5, rule: r1}]\n",
		"model: m\ncallbacks: [{call: f, arg: x}]\n",
		"model: m\nloop_runs: [{call: f, when: {arg: 0, bogus: 1}}]\n",
		"model: m\nloop_runs: {call: f}\n",
		"blocking: []\n",
	};
	for (size_t i = 0; i < LS_ARRAY_LEN(bad); i++)
		ck_assert_msg(ls_catalog_add_model_string(&c, "m.yml", bad[i], strlen(bad[i])) < 0,
			      "accepted: %s", bad[i]);
	ck_assert_int_eq(json_array_size(c.models), 0);
	const char *good = "model: m\nblocking: [{call: f, rule: r1, when: {arg: 0, value: 1}}]\n";
	ck_assert_int_eq(ls_catalog_add_model_string(&c, "m.yml", good, strlen(good)), 0);
	ck_assert_int_eq(json_array_size(c.models), 1);
	ls_catalog_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("catalog");
	TCase *yaml = tcase_create("yaml");
	tcase_add_test(yaml, yaml_scalars_are_typed);
	tcase_add_test(yaml, yaml_lines_recorded_only_when_asked);
	tcase_add_test(yaml, yaml_block_scalars_and_aliases);
	tcase_add_test(yaml, yaml_empty_document_is_empty_object);
	tcase_add_test(yaml, yaml_malformed_names_file_and_line);
	tcase_add_test(yaml, yaml_limits);
	suite_add_tcase(s, yaml);
	TCase *sel = tcase_create("selection");
	tcase_add_test(sel, selection_globs_in_order);
	tcase_add_test(sel, selection_unknown_patterns);
	tcase_add_test(sel, fix_per_framework_with_default);
	suite_add_tcase(s, sel);
	TCase *load_tc = tcase_create("load");
	tcase_add_test(load_tc, catalog_load_from_loopscope_data);
	tcase_add_test(load_tc, model_from_memory_is_checked);
	suite_add_tcase(s, load_tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
