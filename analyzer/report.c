/*
 * report.c — see report.h. Source lines for carets and fingerprints are
 * read once per file and kept for the run.
 */
#include "analyzer/report.h"

#include <stdlib.h>
#include <string.h>

#include "common/strmap.h"
#include "common/util.h"

struct srcfile {
	char *text;
	char **lines;
	int nlines;
};

static struct ls_strmap sources;

static void free_src(void *p)
{
	struct srcfile *s = p;
	free(s->text);
	free(s->lines);
	free(s);
}

/* Line n (1-based) of file, without its newline, or NULL. */
static const char *source_line(const char *file, int n)
{
	struct srcfile *s = ls_strmap_get(&sources, file);
	if (!s) {
		s = ls_xcalloc(1, sizeof *s);
		s->text = ls_read_file(file, NULL);
		if (s->text) {
			for (char *p = s->text; p; ) {
				s->lines = ls_xrealloc(s->lines, (size_t)(s->nlines + 1) * sizeof *s->lines);
				s->lines[s->nlines++] = p;
				char *nl = strchr(p, '\n');
				if (nl)
					*nl = '\0';
				p = nl ? nl + 1 : NULL;
			}
		}
		ls_strmap_put(&sources, file, s);
	}
	return (n >= 1 && n <= s->nlines) ? s->lines[n - 1] : NULL;
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int jint(const json_t *o, const char *k)
{
	return (int)json_integer_value(json_object_get(o, k));
}

int ls_severity_rank(const char *sev)
{
	if (ls_streq(sev, "error"))
		return 3;
	if (ls_streq(sev, "warning"))
		return 2;
	if (ls_streq(sev, "note"))
		return 1;
	return 0;
}

int ls_format_parse(const char *s)
{
	if (ls_streq(s, "text"))
		return LS_FORMAT_TEXT;
	if (ls_streq(s, "json"))
		return LS_FORMAT_JSON;
	if (ls_streq(s, "sarif"))
		return LS_FORMAT_SARIF;
	return -1;
}

void ls_report_fingerprint(json_t *findings)
{
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		const char *line = source_line(jstr(f, "file"), jint(f, "line"));
		struct ls_buf b = {0};
		ls_buf_addf(&b, "%s\n%s\n%s\n", jstr(f, "rule"), ls_display_path(jstr(f, "file")),
			    jstr(f, "function"));
		for (const char *p = line ? line : ""; *p; p++) /* whitespace-insensitive */
			if (*p != ' ' && *p != '\t' && *p != '\r')
				ls_buf_add(&b, p, 1);
		unsigned long long h = ls_hash64(b.s, b.len, 0);
		ls_buf_free(&b);
		json_object_set_new(f, "fingerprint", json_sprintf("%016llx", h));
	}
}

/* ---- text ---- */

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_OFF "\033[0m"

static void caret(FILE *out, const char *file, int line, int col, int color)
{
	const char *src = source_line(file, line);
	if (!src)
		return;
	fprintf(out, "%5d | %s\n      | ", line, src);
	for (int i = 1; i < col && src[i - 1]; i++)
		fputc(src[i - 1] == '\t' ? '\t' : ' ', out);
	fprintf(out, "%s^%s\n", color ? C_GREEN : "", color ? C_OFF : "");
}

/* A list of strings, joined by ", ". */
static void write_list(FILE *out, const json_t *a)
{
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e)
		fprintf(out, "%s%s", i ? ", " : "", json_string_value(e));
}

/* The programs the link held back by default (link.c, "programs of
 * findings"), and how to choose others. */
static void write_held(FILE *out, const json_t *stats)
{
	const json_t *held = json_object_get(stats, "programs_held");
	if (!json_array_size(held))
		return;
	fputs("findings only in programs that accept no connections are notes: ", out);
	write_list(out, held);
	fputs(" (", out);
	write_list(out, json_object_get(stats, "programs_serving"));
	fprintf(out, " serve%s); choose the programs that matter with 'programs:' in .loopscope.yml\n",
		json_array_size(json_object_get(stats, "programs_serving")) == 1 ? "s" : "");
}

static void write_notes(FILE *out, const json_t *o, int color)
{
	size_t j;
	json_t *n;
	json_array_foreach(json_object_get(o, "notes"), j, n)
		fprintf(out, "%s%s:%d:%d:%s %snote:%s %s\n", color ? C_BOLD : "",
			ls_display_path(jstr(n, "file")), jint(n, "line"), jint(n, "column"),
			color ? C_OFF : "", color ? C_CYAN : "", color ? C_OFF : "", jstr(n, "message"));
}

/* "  also: FILE:LINE 'call', ..." for the sites after the first, wrapped. */
static void write_sites(FILE *out, const json_t *f, int color)
{
	const json_t *sites = json_object_get(f, "sites");
	if (json_array_size(sites) < 2)
		return;
	fprintf(out, "  %salso:%s", color ? C_CYAN : "", color ? C_OFF : "");
	int col = 7;
	for (size_t i = 1; i < json_array_size(sites); i++) {
		const json_t *s = json_array_get(sites, i);
		const char *call = jstr(s, "call");
		char *item = ls_xasprintf("%s:%d%s%s%s%s", ls_display_path(jstr(s, "file")),
					  jint(s, "line"), *call ? " '" : "", call, *call ? "'" : "",
					  i + 1 < json_array_size(sites) ? "," : "");
		int len = (int)strlen(item) + 1;
		if (i > 1 && col + len > 100) {
			fputs("\n       ", out);
			col = 7;
		}
		fprintf(out, " %s", item);
		col += len;
		free(item);
	}
	fputc('\n', out);
}

static void write_text(FILE *out, json_t *findings, json_t *stats, int color)
{
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		const char *sev = jstr(f, "severity");
		const char *sc = ls_streq(sev, "error") ? C_RED : ls_streq(sev, "note") ? C_CYAN : C_MAGENTA;
		fprintf(out, "%s%s:%d:%d:%s %s%s:%s %s%s [%s]%s\n", color ? C_BOLD : "",
			ls_display_path(jstr(f, "file")), jint(f, "line"), jint(f, "column"),
			color ? C_OFF : "", color ? sc : "", sev, color ? C_OFF : "",
			color ? C_BOLD : "", jstr(f, "message"), jstr(f, "rule"), color ? C_OFF : "");
		caret(out, jstr(f, "file"), jint(f, "line"), jint(f, "column"), color);
		write_notes(out, f, color);
		write_sites(out, f, color);
		const char *why = json_string_value(json_object_get(f, "demoted"));
		if (why)
			fprintf(out, "  %sa note because:%s %s\n", color ? C_CYAN : "", color ? C_OFF : "",
				why);
		const char *fix = json_string_value(json_object_get(f, "fix"));
		if (fix) {
			/* One line: the catalog's fix may span lines; indent continuations. */
			fprintf(out, "  %sfix:%s ", color ? C_GREEN : "", color ? C_OFF : "");
			for (const char *p = fix; *p; p++) {
				if (*p == '\n') {
					if (p[1])
						fputs("\n       ", out);
					continue;
				}
				fputc(*p, out);
			}
			fputc('\n', out);
		}
	}
	size_t n = json_array_size(findings);
	int failed = jint(stats, "failed");
	fprintf(out, "%zu finding%s", n, n == 1 ? "" : "s");
	if (jint(stats, "sites") > (int)n)
		fprintf(out, " (%d sites)", jint(stats, "sites"));
	fprintf(out, " in %d file%s", jint(stats, "analyzed"), jint(stats, "analyzed") == 1 ? "" : "s");
	if (failed)
		fprintf(out, " (%d file%s could not be analyzed)", failed, failed == 1 ? "" : "s");
	fputc('\n', out);
	int hidden = jint(stats, "notes_hidden");
	if (hidden)
		fprintf(out, "%d note%s hidden (--show-notes lists them)\n", hidden,
			hidden == 1 ? "" : "s");
	write_held(out, stats);
}

/* ---- JSON ---- */

static void relativise(json_t *o)
{
	const char *file = json_string_value(json_object_get(o, "file"));
	if (file)
		json_object_set_new(o, "file", json_string(ls_display_path(file)));
}

static json_t *public_findings(json_t *findings)
{
	json_t *out = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		json_t *c = json_deep_copy(f);
		relativise(c);
		size_t j;
		json_t *n;
		json_array_foreach(json_object_get(c, "notes"), j, n)
			relativise(n);
		json_array_foreach(json_object_get(c, "chain"), j, n)
			relativise(n);
		json_array_foreach(json_object_get(c, "sites"), j, n)
			relativise(n);
		json_array_foreach(json_object_get(c, "held"), j, n)
			relativise(n);
		json_array_append_new(out, c);
	}
	return out;
}

static int write_json(FILE *out, json_t *findings, json_t *stats, const char *version)
{
	json_t *doc = json_pack("{s:s, s:s, s:o, s:O}", "tool", "loopscope", "version", version,
				"findings", public_findings(findings), "stats", stats);
	int r = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(doc);
	return r;
}

/* ---- SARIF 2.1.0 ---- */

static const char *sarif_level(const char *sev)
{
	if (ls_streq(sev, "error"))
		return "error";
	if (ls_streq(sev, "note"))
		return "note";
	return "warning";
}

static json_t *sarif_location(const json_t *o, const char *message)
{
	const char *file = ls_display_path(jstr(o, "file"));
	json_t *loc = json_pack(
		"{s:{s:{s:s}, s:{s:i, s:i}}}", "physicalLocation", "artifactLocation", "uri", file,
		"region", "startLine", jint(o, "line") > 0 ? jint(o, "line") : 1, "startColumn",
		jint(o, "column") > 0 ? jint(o, "column") : 1);
	if (file[0] != '/')
		json_object_set_new(json_object_get(json_object_get(loc, "physicalLocation"),
						    "artifactLocation"),
				    "uriBaseId", json_string("%SRCROOT%"));
	if (message)
		json_object_set_new(loc, "message", json_pack("{s:s}", "text", message));
	return loc;
}

static json_t *sarif_rules(const struct ls_catalog *cat, json_t *index)
{
	json_t *rules = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(cat->rules, i, r) {
		const char *id = jstr(r, "id");
		const char *fix = ls_rule_fix(cat, id, NULL);
		const char *desc = jstr(r, "description");
		char *help = ls_xasprintf("%s%s%s", desc, fix ? "\n\nFix: " : "", fix ? fix : "");
		json_t *rule = json_pack(
			"{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}", "id", id, "name", id,
			"shortDescription", "text", jstr(r, "summary"), "fullDescription", "text",
			*desc ? desc : jstr(r, "summary"), "help", "text", help, "defaultConfiguration",
			"level", sarif_level(jstr(r, "severity")));
		free(help);
		json_object_set_new(index, id, json_integer((json_int_t)json_array_size(rules)));
		json_array_append_new(rules, rule);
	}
	return rules;
}

static int write_sarif(FILE *out, json_t *findings, const struct ls_catalog *cat,
		       const char *version)
{
	json_t *index = json_object();
	json_t *rules = sarif_rules(cat, index);
	json_t *results = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f) {
		const char *rule = jstr(f, "rule");
		const char *fix = json_string_value(json_object_get(f, "fix"));
		char *msg = fix ? ls_xasprintf("%s. Fix: %s", jstr(f, "message"), fix)
				: ls_xstrdup(jstr(f, "message"));
		json_t *res = json_pack("{s:s, s:s, s:{s:s}, s:[o]}", "ruleId", rule, "level",
					sarif_level(jstr(f, "severity")), "message", "text", msg,
					"locations", sarif_location(f, NULL));
		free(msg);
		json_t *ri = json_object_get(index, rule);
		if (ri)
			json_object_set(res, "ruleIndex", ri);
		json_t *notes = json_object_get(f, "notes");
		json_t *sites = json_object_get(f, "sites");
		json_t *rel = json_array();
		size_t j;
		json_t *n;
		if (json_array_size(notes)) {
			json_t *steps = json_array();
			json_array_foreach(notes, j, n) {
				json_t *l = sarif_location(n, jstr(n, "message"));
				json_object_set_new(l, "id", json_integer((json_int_t)j));
				json_array_append_new(rel, l);
				json_array_append_new(steps, json_pack("{s:o}", "location",
								       sarif_location(n, jstr(n, "message"))));
			}
			json_array_append_new(steps, json_pack("{s:o}", "location",
							       sarif_location(f, jstr(f, "message"))));
			json_object_set_new(res, "codeFlows",
					    json_pack("[{s:[{s:o}]}]", "threadFlows", "locations", steps));
		}
		/* The other sites of a grouped finding, after the chain's notes. */
		for (j = 1; j < json_array_size(sites); j++) {
			n = json_array_get(sites, j);
			json_t *l = sarif_location(n, jstr(n, "message"));
			json_object_set_new(l, "id", json_integer((json_int_t)json_array_size(rel)));
			json_array_append_new(rel, l);
		}
		if (json_array_size(rel))
			json_object_set_new(res, "relatedLocations", rel);
		else
			json_decref(rel);
		/* A group's fingerprint is another hash than a site's (group.h). */
		json_object_set_new(res, "partialFingerprints",
				    json_pack("{s:s}", json_object_get(f, "group") ? "loopscope/function/v1"
									 : "loopscope/v1",
					      jstr(f, "fingerprint")));
		json_array_append_new(results, res);
	}
	json_t *doc = json_pack(
		"{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:{s:{s:s}}, s:s}]}", "$schema",
		"https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
		"driver", "name", "loopscope", "version", version, "informationUri",
		"https://github.com/loopscope/loopscope", "rules", rules, "results", results,
		"originalUriBaseIds", "%SRCROOT%", "uri", "", "columnKind", "utf16CodeUnits");
	/* %SRCROOT% is the directory loopscope ran in. */
	char *root = ls_xasprintf("file://%s/", ls_cwd());
	json_object_set_new(json_object_get(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
							    "originalUriBaseIds"),
					    "%SRCROOT%"),
			    "uri", json_string(root));
	free(root);
	int r = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(doc);
	json_decref(index);
	return r;
}

int ls_report_write(FILE *out, json_t *findings, json_t *stats, const struct ls_catalog *cat,
		    const struct ls_report_opts *opts)
{
	int r = 0;
	switch (opts->format) {
	case LS_FORMAT_TEXT:
		write_text(out, findings, stats, opts->color);
		break;
	case LS_FORMAT_JSON:
		r = write_json(out, findings, stats, opts->version);
		break;
	case LS_FORMAT_SARIF:
		r = write_sarif(out, findings, cat, opts->version);
		break;
	}
	ls_strmap_free(&sources, free_src);
	return r;
}

int ls_report_why(FILE *out, json_t *verdicts, const struct ls_report_opts *opts)
{
	if (opts->format != LS_FORMAT_TEXT) {
		json_t *doc = json_pack("{s:s, s:s, s:o}", "tool", "loopscope", "version",
					opts->version, "why", public_findings(verdicts));
		int r = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(doc);
		return r;
	}
	size_t i;
	json_t *v;
	json_array_foreach(verdicts, i, v) {
		fprintf(out, "%s%s:%d: %s%s\n", opts->color ? C_BOLD : "",
			ls_display_path(jstr(v, "file")), jint(v, "line"), jstr(v, "message"),
			opts->color ? C_OFF : "");
		write_notes(out, v, opts->color);
		size_t j;
		json_t *h;
		json_array_foreach(json_object_get(v, "held"), j, h)
			fprintf(out, "  %sheld at note:%s %s:%d:%d: %s [%s]\n    because: %s\n",
				opts->color ? C_CYAN : "", opts->color ? C_OFF : "",
				ls_display_path(jstr(h, "file")), jint(h, "line"), jint(h, "column"),
				jstr(h, "message"), jstr(h, "rule"), jstr(h, "why"));
	}
	return 0;
}
