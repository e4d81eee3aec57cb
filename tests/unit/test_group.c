/*
 * test_group.c — Check suite for analyzer/group.c: the sites of a rule
 * with a group_message are one finding per file, function, severity and
 * demotion reason, at the first site, with every site listed and a
 * fingerprint that does not depend on the sites; rules without one
 * (handle-leak) and findings outside a function stay one per site; the
 * message names the calls; each_site keeps every site apart.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/group.h"
#include "common/util.h"

static struct ls_catalog cat;

static void setup(void)
{
	if (!getenv("LOOPSCOPE_DATA"))
		setenv("LOOPSCOPE_DATA", "rules", 1);
	ck_assert_int_eq(ls_catalog_load(&cat, NULL, 0), 0);
}

static void teardown(void)
{
	ls_catalog_free(&cat);
}

/* A site of rule in function fn of /src/a.c, sorted input as the report
 * pipeline gives it (callers add them in line order). */
static void add(json_t *fs, const char *rule, const char *sev, const char *fn, int line,
		const char *call)
{
	char fp[17], msg[64];
	snprintf(fp, sizeof fp, "%016x", line);
	snprintf(msg, sizeof msg, "'%s' at %d", call, line);
	json_t *f = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:s}", "rule", rule,
			      "severity", sev, "file", "/src/a.c", "line", line, "column", 2,
			      "function", fn, "message", msg, "fingerprint", fp, "call", call);
	json_array_append_new(fs, f);
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *message_of(json_t *fs)
{
	static char buf[256];
	json_t *g = ls_group_findings(fs, &cat, 0);
	ck_assert_uint_eq(json_array_size(g), 1);
	snprintf(buf, sizeof buf, "%s", str(json_array_get(g, 0), "message"));
	json_decref(g);
	json_decref(fs);
	return buf;
}

START_TEST(one_finding_per_function)
{
	json_t *fs = json_array();
	add(fs, "blocking-file-io", "warning", "save", 10, "fopen");
	add(fs, "blocking-file-io", "note", "save", 11, "access");
	add(fs, "handle-leak", "warning", "save", 12, "fopen");
	add(fs, "blocking-file-io", "warning", "save", 13, "fclose");
	add(fs, "handle-leak", "warning", "save", 14, "open");
	add(fs, "blocking-file-io", "warning", "", 15, "fwrite");
	add(fs, "blocking-file-io", "warning", "", 16, "fwrite");
	add(fs, "blocking-file-io", "warning", "load", 17, "fread");
	json_t *g = ls_group_findings(fs, &cat, 0);
	/* save's warnings, save's note, two leaks, two outside a function, load */
	ck_assert_uint_eq(json_array_size(g), 7);
	json_t *f = json_array_get(g, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(f, "line")), 10);
	ck_assert_str_eq(str(f, "message"),
			 "'fopen' and 'fclose' do blocking file I/O on the event loop thread in 'save'");
	ck_assert_str_eq(str(f, "group"), "function");
	json_t *sites = json_object_get(f, "sites");
	ck_assert_uint_eq(json_array_size(sites), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(sites, 1), "line")), 13);
	ck_assert_str_eq(str(json_array_get(sites, 1), "fingerprint"), "000000000000000d");
	ck_assert_str_eq(str(json_array_get(sites, 1), "message"), "'fclose' at 13");
	ck_assert_str_ne(str(f, "fingerprint"), str(json_array_get(sites, 0), "fingerprint"));
	/* The note is its own finding, a lone site with its own message. */
	json_t *n = json_array_get(g, 1);
	ck_assert_str_eq(str(n, "severity"), "note");
	ck_assert_str_eq(str(n, "message"), "'access' at 11");
	ck_assert_str_ne(str(n, "fingerprint"), str(f, "fingerprint"));
	/* handle-leak: one per site, the site's fingerprint, no group. */
	for (int i = 2; i <= 3; i++) {
		json_t *l = json_array_get(g, (size_t)i);
		ck_assert_str_eq(str(l, "rule"), "handle-leak");
		ck_assert_ptr_null(json_object_get(l, "group"));
		ck_assert_uint_eq(json_array_size(json_object_get(l, "sites")), 1);
		ck_assert_str_eq(str(l, "fingerprint"),
				 str(json_array_get(json_object_get(l, "sites"), 0), "fingerprint"));
	}
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(g, 4), "line")), 15);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(g, 5), "line")), 16);
	ck_assert_uint_eq(ls_group_count_sites(g), 8);
	/* The input is not changed. */
	ck_assert_ptr_null(json_object_get(json_array_get(fs, 0), "sites"));
	ck_assert_str_eq(str(json_array_get(fs, 0), "message"), "'fopen' at 10");
	json_decref(g);

	g = ls_group_findings(fs, &cat, 1);
	ck_assert_uint_eq(json_array_size(g), 8);
	ck_assert_str_eq(str(json_array_get(g, 0), "fingerprint"), "000000000000000a");
	ck_assert_ptr_null(json_object_get(json_array_get(g, 0), "group"));
	ck_assert_str_eq(str(json_array_get(g, 0), "message"), "'fopen' at 10");
	json_decref(g);
	json_decref(fs);
}
END_TEST

START_TEST(apart_by_file_and_demotion)
{
	json_t *fs = json_array();
	add(fs, "blocking-sleep", "note", "tick", 10, "usleep");
	json_object_set_new(json_array_get(fs, 0), "demoted", json_string("one reason"));
	add(fs, "blocking-sleep", "note", "tick", 11, "usleep");
	json_object_set_new(json_array_get(fs, 1), "demoted", json_string("another"));
	add(fs, "blocking-sleep", "warning", "tick", 12, "usleep");
	json_object_set_new(json_array_get(fs, 2), "file", json_string("/src/b.c"));
	add(fs, "blocking-sleep", "warning", "tick", 13, "usleep");
	json_t *g = ls_group_findings(fs, &cat, 0);
	ck_assert_uint_eq(json_array_size(g), 4);
	json_decref(g);
	json_decref(fs);
}
END_TEST

START_TEST(fingerprint_ignores_the_sites)
{
	json_t *fs = json_array();
	add(fs, "blocking-network", "warning", "sync", 20, "connect");
	add(fs, "blocking-network", "warning", "sync", 30, "recv");
	json_t *g = ls_group_findings(fs, &cat, 0);
	char fp[32];
	snprintf(fp, sizeof fp, "%s", str(json_array_get(g, 0), "fingerprint"));
	json_decref(g);
	json_t *more = json_array();
	add(more, "blocking-network", "warning", "sync", 5, "send");
	json_array_extend(more, fs);
	g = ls_group_findings(more, &cat, 0);
	ck_assert_uint_eq(json_array_size(g), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(g, 0), "line")), 5);
	ck_assert_str_eq(str(json_array_get(g, 0), "fingerprint"), fp);
	json_decref(g);
	json_decref(more);
	json_decref(fs);
}
END_TEST

START_TEST(message_names_the_calls)
{
	json_t *fs = json_array();
	add(fs, "blocking-file-io", "warning", "w", 1, "fwrite");
	add(fs, "blocking-file-io", "warning", "w", 2, "fwrite");
	ck_assert_str_eq(message_of(fs),
			 "2 calls to 'fwrite' do blocking file I/O on the event loop thread in 'w'");
	fs = json_array();
	add(fs, "blocking-file-io", "warning", "w", 1, "fopen");
	add(fs, "blocking-file-io", "warning", "w", 2, "fwrite");
	add(fs, "blocking-file-io", "warning", "w", 3, "fwrite");
	add(fs, "blocking-file-io", "warning", "w", 4, "fclose");
	ck_assert_str_eq(message_of(fs), "4 calls to 'fopen', 'fwrite' and 'fclose' do blocking "
					 "file I/O on the event loop thread in 'w'");
	fs = json_array();
	const char *five[] = {"fopen", "fwrite", "fflush", "fsync", "fclose"};
	for (int i = 0; i < 5; i++)
		add(fs, "blocking-file-io", "warning", "w", i + 1, five[i]);
	ck_assert_str_eq(message_of(fs), "'fopen', 'fwrite' and 3 more calls do blocking file I/O "
					 "on the event loop thread in 'w'");
	fs = json_array();
	for (int i = 0; i < 5; i++)
		add(fs, "blocking-file-io", "warning", "w", i + 1, five[i]);
	add(fs, "blocking-file-io", "warning", "w", 6, "fwrite");
	ck_assert_str_eq(message_of(fs), "6 calls to 'fopen', 'fwrite' and 3 other functions do "
					 "blocking file I/O on the event loop thread in 'w'");
	fs = json_array();
	add(fs, "blocking-sleep", "warning", "t", 1, "sleep");
	add(fs, "blocking-sleep", "warning", "t", 2, "usleep");
	ck_assert_str_eq(message_of(fs), "'sleep' and 'usleep' sleep on the event loop thread in 't'");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("group");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, one_finding_per_function);
	tcase_add_test(tc, apart_by_file_and_demotion);
	tcase_add_test(tc, fingerprint_ignores_the_sites);
	tcase_add_test(tc, message_names_the_calls);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
