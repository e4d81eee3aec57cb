/*
 * test_link.c — the analyzer's core without the command line: model
 * lookups and conditions, summaries that survive serialisation, and the
 * link step's contexts and chains on hand-written summaries.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/belief.h"
#include "analyzer/extract.h"
#include "analyzer/link.h"
#include "analyzer/model.h"
#include "common/catalog.h"

static struct ls_catalog cat;
static struct ls_models models;

static void setup(void)
{
	setenv("LOOPSCOPE_DATA", "rules", 1);
	ck_assert_int_eq(ls_catalog_load(&cat, NULL, 0), 0);
	ls_models_init(&models, &cat);
}

static void teardown(void)
{
	ls_models_free(&models);
	ls_catalog_free(&cat);
}

static json_t *call_with_args(const char *name, const char *const *texts, int n)
{
	json_t *args = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(args, json_pack("{s:s}", "text", texts[i]));
	return json_pack("{s:s, s:i, s:o}", "name", name, "nargs", n, "args", args);
}

START_TEST(lookup_exact_glob_and_except)
{
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(&models, "blocking", "sleep", &mm);
	ck_assert_uint_ge(n, 1);
	ck_assert_str_eq(json_string_value(json_object_get(mm[0].entry, "rule")), "blocking-sleep");
	free(mm);
	n = ls_models_lookup(&models, "sync_without_callback", "uv_fs_open", &mm);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(mm[0].model, "libuv");
	free(mm);
	/* uv_fs_req_cleanup is excepted from the uv_fs_* glob */
	n = ls_models_lookup(&models, "sync_without_callback", "uv_fs_req_cleanup", &mm);
	ck_assert_uint_eq(n, 0);
	free(mm);
	n = ls_models_lookup(&models, "blocking", "pthread_mutex_lock", &mm);
	ck_assert_uint_eq(n, 0);
	free(mm);
	ck_assert(ls_models_interesting(&models, "waitpid"));
	ck_assert(ls_models_interesting(&models, "uv_fs_read"));
	ck_assert(!ls_models_interesting(&models, "my_helper"));
}
END_TEST

START_TEST(conditions_when_unless)
{
	struct ls_model_match *mm;
	size_t n = ls_models_lookup(&models, "blocking", "waitpid", &mm);
	ck_assert_uint_eq(n, 1);
	const char *nohang[] = {"pid", "& st", "WNOHANG | WUNTRACED"};
	const char *wait0[] = {"pid", "& st", "0"};
	json_t *c1 = call_with_args("waitpid", nohang, 3);
	json_t *c2 = call_with_args("waitpid", wait0, 3);
	ck_assert(!ls_model_conditions_hold(mm[0].entry, c1, NULL));
	ck_assert(ls_model_conditions_hold(mm[0].entry, c2, NULL));
	free(mm);
	/* "has" matches whole identifiers only */
	const char *lookalike[] = {"pid", "& st", "MY_WNOHANG_FLAG"};
	json_t *c3 = call_with_args("waitpid", lookalike, 3);
	json_t *cond = json_pack("{s:i, s:s}", "arg", 2, "has", "WNOHANG");
	ck_assert(!ls_model_condition(cond, c3, NULL));
	ck_assert(ls_model_condition(cond, c1, NULL));
	/* negative indexes count from the end; out of range never holds */
	json_t *last = json_pack("{s:i, s:s}", "arg", -1, "has", "WNOHANG");
	ck_assert(ls_model_condition(last, c1, NULL));
	json_t *far = json_pack("{s:i, s:s}", "arg", 7, "has", "WNOHANG");
	ck_assert(!ls_model_condition(far, c1, NULL));
	json_decref(c1);
	json_decref(c2);
	json_decref(c3);
	json_decref(cond);
	json_decref(last);
	json_decref(far);
}
END_TEST

START_TEST(framework_of_header)
{
	/* the models a header's path names, each once, in the catalog's order */
	size_t next = 0;
	const json_t *m = ls_models_header_model(&models, "/usr/include/uv.h", &next);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(json_string_value(json_object_get(m, "model")), "libuv");
	ck_assert_ptr_null(ls_models_header_model(&models, "/usr/include/uv.h", &next));
	next = 0;
	m = ls_models_header_model(&models, "/usr/include/event2/event.h", &next);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(json_string_value(json_object_get(m, "model")), "libevent");
	next = 0;
	ck_assert_ptr_null(ls_models_header_model(&models, "/usr/include/myuv.h", &next));
	/* a generic name matches every model listing it: hiredis's async.h
	 * and protothreads' (which one it is, the file's content decides) */
	next = 0;
	int n = 0;
	while ((m = ls_models_header_model(&models, "/src/deps/hiredis/async.h", &next)))
		n++;
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(summary_round_trip)
{
	char *file = realpath("testdata/check/blocking-libuv/main.c", NULL);
	ck_assert_ptr_nonnull(file);
	char *argv[] = {"clang", "-Itestdata/check/blocking-libuv", "-c", file, NULL};
	char cwd[4096];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	struct ls_job job = {.file = file, .directory = cwd, .argv = argv, .argc = 4};
	json_t *sum = ls_extract(&job, &models);
	ck_assert(json_is_true(json_object_get(sum, "ok")));
	ck_assert_uint_gt(json_array_size(json_object_get(sum, "functions")), 5);
	char *text = json_dumps(sum, JSON_COMPACT);
	json_t *back = json_loads(text, 0, NULL);
	ck_assert(json_equal(sum, back));
	/* uv_timer_start(&timer, on_tick, ...) is recorded as arg 1 of uv_timer_start */
	int found = 0;
	size_t i;
	json_t *ref;
	json_array_foreach(json_object_get(sum, "refs"), i, ref)
		if (!strcmp(json_string_value(json_object_get(ref, "name")), "on_tick") &&
		    !strcmp(json_string_value(json_object_get(ref, "kind")), "arg")) {
			ck_assert_str_eq(json_string_value(json_object_get(ref, "callee")), "uv_timer_start");
			ck_assert_int_eq(json_integer_value(json_object_get(ref, "arg")), 1);
			found = 1;
		}
	ck_assert(found);
	free(text);
	json_decref(back);
	json_decref(sum);
	free(file);
}
END_TEST

/* Two TUs: a.c registers cb with uv_timer_start; cb -> mid -> leaf (in
 * b.c) calls sleep. A second root, cb2, reaches leaf in one step, so the
 * shortest chain must come from cb2. main also calls leaf: not a root. */
static json_t *fn(const char *usr, const char *name, const char *file, int line)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:i, s:[], s:[], s:[], s:[]}", "usr", usr, "name",
			 name, "file", file, "line", line, "column", 1, "annotations", "calls",
			 "icalls", "forwards");
}

static void add_call(json_t *f, const char *usr, const char *name, int line)
{
	json_array_append_new(json_object_get(f, "calls"),
			      json_pack("{s:s, s:s, s:i, s:i, s:i, s:[{s:s}]}", "usr", usr, "name",
					name, "line", line, "column", 3, "nargs", 1, "args", "text", "1"));
}

static json_t *reg(const char *usr, const char *name, int line)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "usr", usr, "name",
			 name, "kind", "arg", "callee", "uv_timer_start", "callee_usr",
			 "c:@F@uv_timer_start", "in", "c:@F@main", "arg", 1, "nargs", 4, "line", line,
			 "column", 5);
}

START_TEST(link_shortest_chain)
{
	json_t *a = json_pack("{s:s, s:b, s:[], s:[], s:[], s:[s], s:[]}", "tu", "/src/a.c", "ok", 1,
			      "functions", "refs", "fdmarks", "frameworks", "libuv", "findings");
	json_t *fa = json_object_get(a, "functions");
	json_t *cb = fn("c:@F@cb", "cb", "/src/a.c", 10);
	add_call(cb, "c:@F@mid", "mid", 11);
	json_t *mid = fn("c:@F@mid", "mid", "/src/a.c", 20);
	add_call(mid, "c:@F@leaf", "leaf", 21);
	json_t *cb2 = fn("c:@F@cb2", "cb2", "/src/a.c", 30);
	add_call(cb2, "c:@F@leaf", "leaf", 31);
	json_t *mainf = fn("c:@F@main", "main", "/src/a.c", 40);
	add_call(mainf, "c:@F@leaf", "leaf", 41);
	json_array_append_new(fa, cb);
	json_array_append_new(fa, mid);
	json_array_append_new(fa, cb2);
	json_array_append_new(fa, mainf);
	json_array_append_new(json_object_get(a, "refs"), reg("c:@F@cb", "cb", 42));
	json_array_append_new(json_object_get(a, "refs"), reg("c:@F@cb2", "cb2", 43));
	json_t *b = json_pack("{s:s, s:b, s:[], s:[], s:[], s:[], s:[]}", "tu", "/src/b.c", "ok", 1,
			      "functions", "refs", "fdmarks", "frameworks", "findings");
	json_t *leaf = fn("c:@F@leaf", "leaf", "/src/b.c", 5);
	add_call(leaf, "c:@F@sleep", "sleep", 6);
	json_array_append_new(json_object_get(b, "functions"), leaf);
	json_t *sums = json_pack("[o, o]", a, b);
	json_t *stats = json_object();
	json_t *findings = ls_link(sums, &models, NULL, stats);
	ck_assert_uint_eq(json_array_size(findings), 1);
	json_t *f = json_array_get(findings, 0);
	ck_assert_str_eq(json_string_value(json_object_get(f, "rule")), "blocking-sleep");
	/* the text is the catalog's message with the call filled in */
	ck_assert_str_eq(json_string_value(json_object_get(f, "message")),
			 "'sleep' sleeps on the event loop thread");
	ck_assert_str_eq(json_string_value(json_object_get(f, "file")), "/src/b.c");
	ck_assert_int_eq(json_integer_value(json_object_get(f, "line")), 6);
	ck_assert_str_eq(json_string_value(json_object_get(f, "framework")), "libuv");
	json_t *chain = json_object_get(f, "chain");
	ck_assert_uint_eq(json_array_size(chain), 2); /* cb2 -> leaf, not cb -> mid -> leaf */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(chain, 0), "function")), "cb2");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(chain, 1), "function")), "leaf");
	json_t *notes = json_object_get(f, "notes");
	ck_assert_uint_eq(json_array_size(notes), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(notes, 0), "line")), 43);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(notes, 1), "line")), 31);
	ck_assert_int_eq(json_integer_value(json_object_get(stats, "loop_context_functions")), 4);
	json_decref(findings);
	json_decref(stats);
	json_decref(sums);
}
END_TEST

START_TEST(link_skips_failed_tus)
{
	json_t *bad = json_pack("{s:s, s:b, s:s}", "tu", "/src/bad.c", "ok", 0, "error", "boom");
	json_t *sums = json_pack("[o]", bad);
	json_t *findings = ls_link(sums, &models, NULL, NULL);
	ck_assert_uint_eq(json_array_size(findings), 0);
	json_decref(findings);
	json_decref(sums);
}
END_TEST

/* Value flow: main registers `disp`; disp calls through the global `g`,
 * passing `cb`; `g` holds `tramp` (by a cycle of copies g <-> h), which
 * calls its parameter. So cb runs on the loop, reached only by passing a
 * function to an indirect call. `other` has cb's type but is stored into
 * a slot no call reads: it must stay silent. */
/* A summary whose ignored-error facts list n sites of call in file, the
 * first `checked` of them checked. */
static json_t *belief_sum(const char *file, const char *call, int n, int checked)
{
	json_t *sites = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(sites, json_pack("{s:s, s:s, s:i, s:i, s:b}", "call", call,
						       "file", file, "line", i + 1, "column", 2,
						       "checked", i < checked));
	return json_pack("{s:{s:o}}", "facts", "ignored-error", sites);
}

static json_t *belief_finding(const char *call)
{
	return json_pack("{s:s, s:s, s:s}", "rule", "ignored-error", "callee", call, "message",
			 "discarded");
}

START_TEST(belief_counts_and_thresholds)
{
	/* The same file linked twice (two programs sharing a source) counts
	 * its sites once: 6 + 6 sites of a.c, 4 of b.c = 10 sites, 1 checked. */
	json_t *sums = json_pack("[o, o, o, o, o]", belief_sum("/t/a.c", "ev_add", 6, 1),
				 belief_sum("/t/a.c", "ev_add", 6, 1),
				 belief_sum("/t/b.c", "ev_add", 4, 0),
				 belief_sum("/t/c.c", "connect_it", 5, 4),
				 belief_sum("/t/d.c", "few", 9, 0));
	json_t *counts = ls_belief_count(sums);
	const json_t *c = json_object_get(counts, "ev_add");
	ck_assert_int_eq(json_integer_value(json_object_get(c, "sites")), 10);
	ck_assert_int_eq(json_integer_value(json_object_get(c, "checked")), 1);

	json_t *f = belief_finding("ev_add");
	ls_belief_apply(counts, f);
	ck_assert_ptr_nonnull(json_object_get(f, "demoted"));
	ck_assert_ptr_null(json_object_get(f, "callee"));
	json_decref(f);

	/* Checked at 4 of the 4 other sites: a warning that says so. */
	f = belief_finding("connect_it");
	ls_belief_apply(counts, f);
	ck_assert_ptr_null(json_object_get(f, "demoted"));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(f, "message")),
				     "checked at 4 of 4 other sites"));
	json_decref(f);

	/* Nine unchecked sites are too few to show a habit; unknown callees
	 * are left alone. */
	const char *others[] = {"few", "unknown"};
	for (int i = 0; i < 2; i++) {
		f = belief_finding(others[i]);
		ls_belief_apply(counts, f);
		ck_assert_ptr_null(json_object_get(f, "demoted"));
		ck_assert_str_eq(json_string_value(json_object_get(f, "message")), "discarded");
		json_decref(f);
	}
	json_decref(counts);
	json_decref(sums);
}
END_TEST

START_TEST(link_value_flow)
{
	json_t *a = json_pack("{s:s, s:b, s:[], s:[], s:[], s:[s], s:[], s:["
			      "{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
			      "tu", "/src/a.c", "ok", 1, "functions", "refs", "fdmarks", "frameworks",
			      "libuv", "findings", "flows", "fn", "c:@F@tramp", "to", "V:c:@h", "from",
			      "V:c:@h", "to", "V:c:@g", "from", "V:c:@g", "to", "V:c:@h", "fn",
			      "c:@F@other", "to", "V:c:@unused");
	json_t *fa = json_object_get(a, "functions");
	json_t *disp = fn("c:@F@disp", "disp", "/src/a.c", 10);
	json_array_append_new(json_object_get(disp, "icalls"),
			      json_pack("{s:s, s:s, s:s, s:i, s:i, s:[{s:i, s:s}]}", "type", "void (void (*)(void))",
					"slot", "V:c:@g", "via", "g", "line", 11, "column", 3, "fargs", "arg", 0,
					"fn", "c:@F@cb"));
	json_t *tramp = fn("c:@F@tramp", "tramp", "/src/a.c", 20);
	json_array_append_new(json_object_get(tramp, "icalls"),
			      json_pack("{s:s, s:s, s:s, s:i, s:i}", "type", "void (void)", "slot",
					"P:c:@F@tramp#0", "via", "f", "line", 21, "column", 3));
	json_t *cb = fn("c:@F@cb", "cb", "/src/a.c", 30);
	add_call(cb, "c:@F@sleep", "sleep", 31);
	json_t *other = fn("c:@F@other", "other", "/src/a.c", 40);
	add_call(other, "c:@F@sleep", "sleep", 41);
	json_array_append_new(fa, disp);
	json_array_append_new(fa, tramp);
	json_array_append_new(fa, cb);
	json_array_append_new(fa, other);
	json_array_append_new(json_object_get(a, "refs"), reg("c:@F@disp", "disp", 50));
	json_t *sums = json_pack("[o]", a);
	json_t *stats = json_object();
	json_t *findings = ls_link(sums, &models, NULL, stats);
	ck_assert_uint_eq(json_array_size(findings), 1);
	json_t *f = json_array_get(findings, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(f, "line")), 31);
	json_t *chain = json_object_get(f, "chain");
	ck_assert_uint_eq(json_array_size(chain), 3); /* disp -> tramp -> cb */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(chain, 1), "function")), "tramp");
	json_t *last = json_array_get(json_object_get(f, "notes"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(last, "message")),
			 "'tramp' calls 'cb' through the function-pointer parameter 'f'");
	ck_assert_int_eq(json_integer_value(json_object_get(stats, "indirect_calls")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(stats, "indirect_calls_resolved")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(stats, "indirect_call_targets")), 2);
	json_decref(findings);
	json_decref(stats);
	json_decref(sums);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("link");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, lookup_exact_glob_and_except);
	tcase_add_test(tc, conditions_when_unless);
	tcase_add_test(tc, framework_of_header);
	tcase_add_test(tc, summary_round_trip);
	tcase_add_test(tc, link_shortest_chain);
	tcase_add_test(tc, link_skips_failed_tus);
	tcase_add_test(tc, link_value_flow);
	tcase_add_test(tc, belief_counts_and_thresholds);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
