/*
 * test_sarif.c — the SARIF 2.1.0 output checked against what the schema
 * requires and what code-scanning uploaders read: version, the driver's
 * name and rules (id, short and full description, help, default level),
 * every result's ruleId (and ruleIndex pointing at the same rule), level,
 * message text, physical locations with a URI and startLine >= 1,
 * partialFingerprints, related locations and code flows.
 *
 * No JSON schema validator is installed, so the required properties and
 * types are asserted here with jansson. Without arguments this is a Check
 * suite over the report writer (and over broken documents, which must be
 * rejected); with file arguments it validates those files and exits 0 or
 * 1, which tests/t-sarif.sh uses on real `loopscope check` output.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/report.h"
#include "common/catalog.h"
#include "common/util.h"

static char why[512];

static int no(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return 0;
}

static const char *text_of(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(json_object_get(o, k), "text"));
}

static int valid_level(const char *l)
{
	return ls_streq(l, "none") || ls_streq(l, "note") || ls_streq(l, "warning") ||
	       ls_streq(l, "error");
}

static int valid_location(const json_t *loc, const char *where)
{
	const json_t *pl = json_object_get(loc, "physicalLocation");
	if (!json_is_object(pl))
		return no("%s: no physicalLocation", where);
	const char *uri = json_string_value(json_object_get(json_object_get(pl, "artifactLocation"), "uri"));
	if (!uri || !*uri)
		return no("%s: no artifactLocation.uri", where);
	const json_t *region = json_object_get(pl, "region");
	if (!json_is_integer(json_object_get(region, "startLine")) ||
	    json_integer_value(json_object_get(region, "startLine")) < 1)
		return no("%s: region.startLine missing or < 1", where);
	const json_t *col = json_object_get(region, "startColumn");
	if (col && (!json_is_integer(col) || json_integer_value(col) < 1))
		return no("%s: region.startColumn < 1", where);
	const json_t *msg = json_object_get(loc, "message");
	if (msg && !json_is_string(json_object_get(msg, "text")))
		return no("%s: message without text", where);
	return 1;
}

/* 1 if doc is a SARIF 2.1.0 log as loopscope promises it; else 0 and why. */
static int sarif_valid(const json_t *doc)
{
	if (!json_is_object(doc))
		return no("not an object");
	if (!ls_streq(json_string_value(json_object_get(doc, "version")), "2.1.0"))
		return no("version is not \"2.1.0\"");
	const json_t *runs = json_object_get(doc, "runs");
	if (!json_is_array(runs) || !json_array_size(runs))
		return no("no runs");
	size_t r;
	json_t *run;
	json_array_foreach(runs, r, run) {
		const json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
		if (!json_is_string(json_object_get(driver, "name")))
			return no("runs[%zu].tool.driver.name missing", r);
		const json_t *rules = json_object_get(driver, "rules");
		if (!json_is_array(rules) || !json_array_size(rules))
			return no("runs[%zu]: no rule metadata", r);
		size_t i;
		json_t *rule;
		json_array_foreach(rules, i, rule) {
			const char *id = json_string_value(json_object_get(rule, "id"));
			if (!id || !*id)
				return no("rules[%zu]: no id", i);
			for (size_t k = 0; k < i; k++)
				if (ls_streq(json_string_value(json_object_get(json_array_get(rules, k), "id")), id))
					return no("rules: %s twice", id);
			if (!text_of(rule, "shortDescription") || !*text_of(rule, "shortDescription"))
				return no("rule %s: no shortDescription.text", id);
			if (!text_of(rule, "fullDescription") || !*text_of(rule, "fullDescription"))
				return no("rule %s: no fullDescription.text", id);
			if (!text_of(rule, "help") || !*text_of(rule, "help"))
				return no("rule %s: no help.text", id);
			if (!valid_level(json_string_value(json_object_get(
				    json_object_get(rule, "defaultConfiguration"), "level"))))
				return no("rule %s: defaultConfiguration.level invalid", id);
		}
		const json_t *bases = json_object_get(run, "originalUriBaseIds");
		const char *bk;
		json_t *bv;
		json_object_foreach((json_t *)bases, bk, bv) {
			const char *uri = json_string_value(json_object_get(bv, "uri"));
			if (!uri || !ls_has_prefix(uri, "file://") || uri[strlen(uri) - 1] != '/')
				return no("originalUriBaseIds.%s: uri must be absolute and end with '/'", bk);
		}
		const json_t *results = json_object_get(run, "results");
		if (!json_is_array(results))
			return no("runs[%zu]: results is not an array", r);
		json_t *res;
		json_array_foreach(results, i, res) {
			char where[64];
			snprintf(where, sizeof where, "results[%zu]", i);
			const char *rid = json_string_value(json_object_get(res, "ruleId"));
			if (!rid)
				return no("%s: no ruleId", where);
			const json_t *ri = json_object_get(res, "ruleIndex");
			if (ri && (!json_is_integer(ri) ||
				   !ls_streq(json_string_value(json_object_get(
						     json_array_get(rules, (size_t)json_integer_value(ri)), "id")),
					     rid)))
				return no("%s: ruleIndex does not point at %s", where, rid);
			int known = 0;
			size_t k;
			json_array_foreach(rules, k, rule)
				known |= ls_streq(json_string_value(json_object_get(rule, "id")), rid);
			if (!known)
				return no("%s: rule %s has no metadata", where, rid);
			if (json_object_get(res, "level") &&
			    !valid_level(json_string_value(json_object_get(res, "level"))))
				return no("%s: level invalid", where);
			if (!text_of(res, "message") || !*text_of(res, "message"))
				return no("%s: no message.text", where);
			const json_t *locs = json_object_get(res, "locations");
			if (!json_is_array(locs) || !json_array_size(locs))
				return no("%s: no locations", where);
			json_t *loc;
			json_array_foreach(locs, k, loc)
				if (!valid_location(loc, where))
					return 0;
			json_array_foreach(json_object_get(res, "relatedLocations"), k, loc)
				if (!valid_location(loc, where))
					return 0;
			const json_t *pf = json_object_get(res, "partialFingerprints");
			if (!json_is_object(pf) || !json_object_size(pf))
				return no("%s: no partialFingerprints", where);
			const char *fk;
			json_t *fv;
			json_object_foreach((json_t *)pf, fk, fv)
				if (!json_is_string(fv) || !*json_string_value(fv))
					return no("%s: partialFingerprints.%s is not a string", where, fk);
			json_t *flow;
			json_array_foreach(json_object_get(res, "codeFlows"), k, flow) {
				const json_t *tfs = json_object_get(flow, "threadFlows");
				if (!json_is_array(tfs) || !json_array_size(tfs))
					return no("%s: codeFlow without threadFlows", where);
				size_t t;
				json_t *tf;
				json_array_foreach(tfs, t, tf) {
					const json_t *steps = json_object_get(tf, "locations");
					if (!json_is_array(steps) || !json_array_size(steps))
						return no("%s: threadFlow without locations", where);
					size_t s;
					json_t *step;
					json_array_foreach(steps, s, step)
						if (!valid_location(json_object_get(step, "location"), where))
							return 0;
				}
			}
		}
	}
	return 1;
}

/* ---- the suite --------------------------------------------------------- */

static struct ls_catalog cat;

static void load_catalog(void)
{
	if (!getenv("LOOPSCOPE_DATA"))
		setenv("LOOPSCOPE_DATA", "rules", 1);
	ck_assert_int_eq(ls_catalog_load(&cat, NULL, 0), 0);
}

static void free_catalog(void)
{
	ls_catalog_free(&cat);
}

static json_t *write_sarif(json_t *findings)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_t *stats = json_object();
	struct ls_report_opts o = {LS_FORMAT_SARIF, 0, "test"};
	ck_assert_int_eq(ls_report_write(f, findings, stats, &cat, &o), 0);
	fclose(f);
	json_decref(stats);
	json_error_t err;
	json_t *doc = json_loads(buf, 0, &err);
	ck_assert_msg(doc != NULL, "SARIF is not JSON: %s", err.text);
	free(buf);
	return doc;
}

static json_t *sample_findings(void)
{
	char *a = ls_abspath("src/a.c", NULL);
	json_t *fs = json_pack(
		"[{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:[{s:s, s:i, s:i, s:s}], s:[], s:s, s:s},"
		" {s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:[], s:[], s:n, s:s}]",
		"rule", "blocking-sleep", "severity", "warning", "file", a, "line", 3, "column", 2,
		"function", "on_tick", "message", "'sleep' sleeps on the event loop thread", "notes",
		"file", a, "line", 9, "column", 5, "message", "'on_tick' is a loop callback", "chain",
		"fix", "Use a timer.", "fingerprint", "0123456789abcdef",
		"rule", "nested-loop-run", "severity", "error", "file", "/abs/b.c", "line", 0, "column",
		0, "function", "f", "message", "nested", "notes", "chain", "fix", "fingerprint",
		"fedcba9876543210");
	free(a);
	return fs;
}

START_TEST(report_is_valid_sarif)
{
	json_t *fs = sample_findings();
	json_t *doc = write_sarif(fs);
	ck_assert_msg(sarif_valid(doc), "invalid SARIF: %s", why);
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	ck_assert_uint_eq(json_array_size(rules), json_array_size(cat.rules));
	json_t *results = json_object_get(run, "results");
	ck_assert_uint_eq(json_array_size(results), 2);
	json_t *r0 = json_array_get(results, 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r0, "partialFingerprints"),
							   "loopscope/v1")),
			 "0123456789abcdef");
	/* A relative path gets the %SRCROOT% base; an absolute one stands alone. */
	json_t *al = json_object_get(json_object_get(json_array_get(json_object_get(r0, "locations"), 0),
						     "physicalLocation"),
				     "artifactLocation");
	ck_assert_str_eq(json_string_value(json_object_get(al, "uri")), "src/a.c");
	ck_assert_str_eq(json_string_value(json_object_get(al, "uriBaseId")), "%SRCROOT%");
	ck_assert_str_eq(json_string_value(json_object_get(r0, "level")), "warning");
	ck_assert(json_array_size(json_object_get(r0, "codeFlows")) == 1);
	/* Line 0 (unknown) is clamped to 1, which the schema requires. */
	json_t *r1 = json_array_get(results, 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_object_get(
				 json_array_get(json_object_get(r1, "locations"), 0), "physicalLocation"),
								      "region"),
							      "startLine")),
			 1);
	ck_assert_str_eq(json_string_value(json_object_get(r1, "level")), "error");
	/* Rule metadata carries the catalog text and the fix. */
	json_t *rule = json_array_get(rules, (size_t)json_integer_value(json_object_get(r0, "ruleIndex")));
	ck_assert_str_eq(json_string_value(json_object_get(rule, "id")), "blocking-sleep");
	ck_assert(strstr(text_of(rule, "help"), "Fix: ") != NULL);
	ck_assert(strlen(text_of(rule, "fullDescription")) > strlen(text_of(rule, "shortDescription")));
	json_decref(doc);
	json_decref(fs);
}
END_TEST

START_TEST(no_findings_is_valid_sarif)
{
	json_t *fs = json_array();
	json_t *doc = write_sarif(fs);
	ck_assert_msg(sarif_valid(doc), "invalid SARIF: %s", why);
	json_decref(doc);
	json_decref(fs);
}
END_TEST

/* The validator itself rejects what the schema forbids. */
START_TEST(validator_rejects_broken_documents)
{
	json_t *fs = sample_findings();
	json_t *doc = write_sarif(fs);
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *res = json_array_get(json_object_get(run, "results"), 0);
	json_t *region = json_object_get(json_object_get(json_array_get(json_object_get(res, "locations"), 0),
							 "physicalLocation"),
					 "region");

	json_object_set_new(region, "startLine", json_integer(0));
	ck_assert(!sarif_valid(doc));
	ck_assert(strstr(why, "startLine") != NULL);
	json_object_set_new(region, "startLine", json_integer(3));
	ck_assert(sarif_valid(doc));

	json_object_del(res, "partialFingerprints");
	ck_assert(!sarif_valid(doc));
	ck_assert(strstr(why, "partialFingerprints") != NULL);
	json_object_set_new(res, "partialFingerprints", json_pack("{s:s}", "loopscope/v1", "x"));

	json_object_set_new(res, "ruleId", json_string("no-such-rule"));
	ck_assert(!sarif_valid(doc));
	json_object_set_new(res, "ruleId", json_string("blocking-sleep"));
	ck_assert(sarif_valid(doc));

	json_object_set_new(doc, "version", json_string("2.0.0"));
	ck_assert(!sarif_valid(doc));
	ck_assert(strstr(why, "version") != NULL);
	json_decref(doc);
	json_decref(fs);
}
END_TEST

static int validate_files(int argc, char **argv)
{
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		json_error_t err;
		json_t *doc = json_load_file(argv[i], 0, &err);
		if (!doc) {
			printf("%s: not JSON: %s\n", argv[i], err.text);
			bad = 1;
			continue;
		}
		if (sarif_valid(doc)) {
			printf("%s: valid SARIF 2.1.0\n", argv[i]);
		} else {
			printf("%s: invalid SARIF: %s\n", argv[i], why);
			bad = 1;
		}
		json_decref(doc);
	}
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return validate_files(argc, argv);
	Suite *s = suite_create("sarif");
	TCase *tc = tcase_create("sarif");
	tcase_add_checked_fixture(tc, load_catalog, free_catalog);
	tcase_add_test(tc, report_is_valid_sarif);
	tcase_add_test(tc, no_findings_is_valid_sarif);
	tcase_add_test(tc, validator_rejects_broken_documents);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
