/*
 * test_baseline.c — Check suite for analyzer/baseline.c: a written
 * baseline reads back; matching is by rule, file, function and
 * fingerprint (never the line), and counts, so a recorded pair absorbs two
 * current findings and a third is new; errors name the file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/baseline.h"
#include "common/util.h"

static json_t *finding(const char *rule, const char *fn, const char *fp, int line)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "rule", rule, "file", "/src/a.c",
			 "function", fn, "fingerprint", fp, "line", line, "message", "m");
}

static char path[64];

static void setup(void)
{
	strcpy(path, "/tmp/test_baseline.XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void teardown(void)
{
	unlink(path);
}

START_TEST(round_trip_and_matching)
{
	json_t *recorded = json_array();
	json_array_append_new(recorded, finding("blocking-sleep", "f", "aaaa", 10));
	json_array_append_new(recorded, finding("blocking-sleep", "f", "aaaa", 11)); /* same line text */
	json_array_append_new(recorded, finding("blocking-dns", "g", "bbbb", 20));
	ck_assert_int_eq(ls_base_write(path, recorded, "test"), 0);

	struct ls_base b;
	ck_assert_int_eq(ls_base_load(&b, path), 0);
	ck_assert_int_eq(b.n, 3);
	json_t *now = json_array();
	json_array_append_new(now, finding("blocking-sleep", "f", "aaaa", 40)); /* moved: absorbed */
	json_array_append_new(now, finding("blocking-dns", "g", "bbbb", 50));   /* moved: absorbed */
	json_array_append_new(now, finding("blocking-sleep", "f", "aaaa", 41)); /* second: absorbed */
	json_array_append_new(now, finding("blocking-sleep", "f", "aaaa", 42)); /* third: new */
	json_array_append_new(now, finding("blocking-sleep", "h", "aaaa", 43)); /* other function */
	json_array_append_new(now, finding("blocking-file-io", "f", "aaaa", 44)); /* other rule */
	json_array_append_new(now, finding("blocking-sleep", "f", "cccc", 45)); /* other line text */
	int matched = -1;
	json_t *fresh = ls_base_filter(&b, now, &matched);
	ck_assert_int_eq(matched, 3);
	ck_assert_uint_eq(json_array_size(fresh), 4);
	int want[] = {42, 43, 44, 45};
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(fresh, i), "line")),
				 want[i]);
	json_decref(fresh);
	json_decref(now);
	json_decref(recorded);
	ls_base_free(&b);
}
END_TEST

START_TEST(empty_baseline)
{
	json_t *none = json_array();
	ck_assert_int_eq(ls_base_write(path, none, "test"), 0);
	struct ls_base b;
	ck_assert_int_eq(ls_base_load(&b, path), 0);
	ck_assert_int_eq(b.n, 0);
	json_t *now = json_pack("[o]", finding("blocking-sleep", "f", "aaaa", 1));
	int matched;
	json_t *fresh = ls_base_filter(&b, now, &matched);
	ck_assert_int_eq(matched, 0);
	ck_assert_uint_eq(json_array_size(fresh), 1);
	json_decref(fresh);
	json_decref(now);
	json_decref(none);
	ls_base_free(&b);
}
END_TEST

START_TEST(bad_files_rejected)
{
	struct ls_base b;
	FILE *f = fopen(path, "w");
	fputs("{\"findings\": [{\"rule\": \"x\"}]}", f);
	fclose(f);
	ck_assert_int_eq(ls_base_load(&b, path), -1);
	f = fopen(path, "w");
	fputs("{\"findings\": 3}", f);
	fclose(f);
	ck_assert_int_eq(ls_base_load(&b, path), -1);
	f = fopen(path, "w");
	fputs("[1, 2", f);
	fclose(f);
	ck_assert_int_eq(ls_base_load(&b, path), -1);
	ck_assert_int_eq(ls_base_load(&b, "/nonexistent/baseline.json"), -1);
	json_t *none = json_array();
	ck_assert_int_eq(ls_base_write("/nonexistent/dir/b.json", none, "t"), -1);
	json_decref(none);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("baseline");
	TCase *tc = tcase_create("baseline");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip_and_matching);
	tcase_add_test(tc, empty_baseline);
	tcase_add_test(tc, bad_files_rejected);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
