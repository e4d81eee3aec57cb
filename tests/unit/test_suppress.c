/*
 * test_suppress.c — Check suite for analyzer/suppress.c: which comments
 * are suppressions (line and block comments, ignore and
 * ignore-next-line, lists and globs, the reason after ']'), which are not
 * (outside comments, other "loopscope:" text, malformed ones), applying
 * them both ways (the silenced finding is gone, its neighbours stay), and
 * the unused ones.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/suppress.h"
#include "common/util.h"

static const char *src =
	"#include <unistd.h>\n"                                                   /* 1 */
	"void f(void)\n"                                                          /* 2 */
	"{\n"                                                                     /* 3 */
	"\tsleep(1); // loopscope: ignore[blocking-sleep] reviewed, see #12\n"    /* 4 */
	"\t/* loopscope: ignore-next-line[blocking-*, nested-loop-run] why */\n"  /* 5 */
	"\tsleep(2);\n"                                                           /* 6 */
	"\tsleep(3);\n"                                                           /* 7 */
	"\tputs(\"loopscope: ignore[blocking-sleep]\");\n"                        /* 8 */
	"\t// loopscope: expect nothing here\n"                                   /* 9 */
	"\t// loopscope: ignore blocking-sleep\n"                                 /* 10 */
	"\t// loopscope: ignore[]\n"                                              /* 11 */
	"\tx(); /* loopscope: ignore[handle-leak] */ y();\n"                      /* 12 */
	"}\n";

static json_t *finding(const char *rule, int line)
{
	return json_pack("{s:s, s:s, s:i, s:i}", "rule", rule, "file", "/src/f.c", "line", line,
			 "column", 2);
}

START_TEST(parses_what_is_a_suppression)
{
	struct ls_sup_set s = {0};
	ls_quiet = 1; /* the malformed ones warn */
	const struct ls_sup_file *sf = ls_sup_scan_text(&s, "/src/f.c", src, strlen(src));
	ck_assert_int_eq(sf->n, 3);
	ck_assert_int_eq(sf->v[0].line, 4);
	ck_assert_int_eq(sf->v[0].target, 4);
	ck_assert_int_eq(sf->v[0].column, 12);
	ck_assert_int_eq(sf->v[0].nrules, 1);
	ck_assert_str_eq(sf->v[0].rules[0], "blocking-sleep");
	ck_assert_int_eq(sf->v[1].line, 5);
	ck_assert_int_eq(sf->v[1].target, 6);
	ck_assert_int_eq(sf->v[1].nrules, 2);
	ck_assert_str_eq(sf->v[1].rules[0], "blocking-*");
	ck_assert_str_eq(sf->v[1].rules[1], "nested-loop-run");
	ck_assert_int_eq(sf->v[2].line, 12);
	ck_assert_str_eq(sf->v[2].rules[0], "handle-leak");
	/* Scanning is once per file. */
	ck_assert_ptr_eq(ls_sup_scan_text(&s, "/src/f.c", "", 0), sf);
	ls_sup_free(&s);
	ls_quiet = 0;
}
END_TEST

/* Two comments with a marker on one line: both are read, each with the
 * column of its own comment; a malformed second one is no suppression. */
START_TEST(two_on_one_line)
{
	static const char *two =
		"\tz(); /* loopscope: ignore[close-then-free] */ // loopscope: ignore-next-line[buffer-leak]\n"
		"\tw(); /* note */ // loopscope: ignore[x] // loopscope: ignore(y)\n";
	struct ls_sup_set s = {0};
	ls_quiet = 1;
	const struct ls_sup_file *sf = ls_sup_scan_text(&s, "/src/g.c", two, strlen(two));
	ck_assert_int_eq(sf->n, 3);
	ck_assert_int_eq(sf->v[0].line, 1);
	ck_assert_int_eq(sf->v[0].target, 1);
	ck_assert_int_eq(sf->v[0].column, 7);
	ck_assert_str_eq(sf->v[0].rules[0], "close-then-free");
	ck_assert_int_eq(sf->v[1].line, 1);
	ck_assert_int_eq(sf->v[1].target, 2);
	ck_assert_int_eq(sf->v[1].column, 48);
	ck_assert_str_eq(sf->v[1].rules[0], "buffer-leak");
	ck_assert_int_eq(sf->v[2].line, 2);
	ck_assert_int_eq(sf->v[2].column, 18);
	ck_assert_str_eq(sf->v[2].rules[0], "x");
	ls_sup_free(&s);
	ls_quiet = 0;
}
END_TEST

START_TEST(applies_both_ways)
{
	struct ls_sup_set s = {0};
	ls_quiet = 1;
	ls_sup_scan_text(&s, "/src/f.c", src, strlen(src));
	json_t *in = json_array();
	json_array_append_new(in, finding("blocking-sleep", 4));  /* silenced */
	json_array_append_new(in, finding("blocking-dns", 4));    /* other rule: stays */
	json_array_append_new(in, finding("blocking-sleep", 6));  /* next-line glob: silenced */
	json_array_append_new(in, finding("nested-loop-run", 6)); /* silenced */
	json_array_append_new(in, finding("handle-leak", 6));     /* not in the list: stays */
	json_array_append_new(in, finding("blocking-sleep", 7));  /* no suppression: stays */
	json_array_append_new(in, finding("blocking-sleep", 8));  /* in a string: stays */
	json_array_append_new(in, finding("blocking-sleep", 5));  /* next-line does not cover its own line */
	int n = -1;
	json_t *out = ls_sup_apply(&s, in, &n);
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(json_array_size(out), 5);
	const char *want[][2] = {{"blocking-dns", "4"}, {"handle-leak", "6"}, {"blocking-sleep", "7"},
				 {"blocking-sleep", "8"}, {"blocking-sleep", "5"}};
	for (size_t i = 0; i < 5; i++) {
		json_t *f = json_array_get(out, i);
		ck_assert_str_eq(json_string_value(json_object_get(f, "rule")), want[i][0]);
		ck_assert_int_eq(json_integer_value(json_object_get(f, "line")), atoi(want[i][1]));
	}
	/* Unused: the handle-leak one on line 12 only. */
	json_t *unused = ls_sup_unused(&s);
	ck_assert_uint_eq(json_array_size(unused), 1);
	json_t *u = json_array_get(unused, 0);
	ck_assert_str_eq(json_string_value(json_object_get(u, "rule")), "unused-suppression");
	ck_assert_int_eq(json_integer_value(json_object_get(u, "line")), 12);
	ck_assert_int_eq(json_integer_value(json_object_get(u, "column")), 7);
	ck_assert_str_eq(json_string_value(json_object_get(u, "message")),
			 "suppression matches no finding: ignore[handle-leak]");
	ck_assert_str_eq(json_string_value(json_object_get(u, "severity")), "warning");
	json_decref(unused);
	json_decref(out);
	json_decref(in);
	ls_sup_free(&s);
	ls_quiet = 0;
}
END_TEST

START_TEST(files_read_lazily)
{
	struct ls_sup_set s = {0};
	/* A finding in a file that cannot be read: no suppressions, kept. */
	json_t *in = json_pack("[{s:s, s:s, s:i}]", "rule", "blocking-sleep", "file",
			       "/nonexistent/dir/x.c", "line", 1);
	int n;
	json_t *out = ls_sup_apply(&s, in, &n);
	ck_assert_int_eq(n, 0);
	ck_assert_uint_eq(json_array_size(out), 1);
	json_t *unused = ls_sup_unused(&s);
	ck_assert_uint_eq(json_array_size(unused), 0);
	json_decref(unused);
	json_decref(out);
	json_decref(in);
	ls_sup_free(&s);
}
END_TEST

START_TEST(unused_sorted_across_files)
{
	struct ls_sup_set s = {0};
	const char *b = "x(); // loopscope: ignore[a]\n\ny(); // loopscope: ignore-next-line[b,c]\n";
	const char *a = "// loopscope: ignore[z]\n";
	ls_sup_scan_text(&s, "/b.c", b, strlen(b));
	ls_sup_scan_text(&s, "/a.c", a, strlen(a));
	json_t *unused = ls_sup_unused(&s);
	ck_assert_uint_eq(json_array_size(unused), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(unused, 0), "file")), "/a.c");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(unused, 2), "line")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(unused, 2), "message")),
			 "suppression matches no finding: ignore-next-line[b,c]");
	json_decref(unused);
	ls_sup_free(&s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("suppress");
	TCase *tc = tcase_create("suppress");
	tcase_add_test(tc, parses_what_is_a_suppression);
	tcase_add_test(tc, two_on_one_line);
	tcase_add_test(tc, applies_both_ways);
	tcase_add_test(tc, files_read_lazily);
	tcase_add_test(tc, unused_sorted_across_files);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
