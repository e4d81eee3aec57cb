/*
 * ruledoc.c — the rule catalog (rules/catalog.yml and the models) rendered
 * for people and scripts (common/ruledoc.h): `loopscope rules` as a table
 * (text), as data for scripts and editors (json: every rule object in
 * full), or as the loopscope-rules(7) manual page in mdoc (man); and
 * `loopscope explain RULE`, everything the catalog says about one rule
 * for the programmer who just got a finding: its description, the fix
 * for each framework, a reported and a fixed example for each framework
 * that has one, and the calls the models assign to the rule. The build
 * generates the man page with `rules --format man`, so the page,
 * `loopscope rules` and `loopscope explain` can never disagree: all three
 * print the one catalog.
 */
#include "common/ruledoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/catalog.h"
#include "common/util.h"

/* ---- rules ---------------------------------------------------------------- */

/* A deep copy of j without the loader's bookkeeping members ("@line",
 * "@file"), which are not part of the catalog's content. */
static json_t *strip_meta(const json_t *j)
{
	if (json_is_object(j)) {
		json_t *o = json_object();
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
			if (k[0] != '@')
				json_object_set_new(o, k, strip_meta(v));
		return o;
	}
	if (json_is_array(j)) {
		json_t *a = json_array();
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			json_array_append_new(a, strip_meta(v));
		return a;
	}
	return json_deep_copy(j);
}

static const char *rule_str(const json_t *r, const char *key)
{
	const char *s = json_string_value(json_object_get(r, key));
	return s ? s : "";
}

static void print_text(const struct ls_catalog *c)
{
	size_t i, w = 0;
	json_t *r;
	json_array_foreach(c->rules, i, r)
		if (strlen(rule_str(r, "id")) > w)
			w = strlen(rule_str(r, "id"));
	json_array_foreach(c->rules, i, r)
		printf("%-*s  %-7s  %s\n", (int)w, rule_str(r, "id"), rule_str(r, "severity"),
		       rule_str(r, "summary"));
}

static void print_json(const struct ls_catalog *c)
{
	json_t *out = strip_meta(c->rules);
	json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(out);
}

/* ---- mdoc output ------------------------------------------------------ */

/* One input line as roff text. Backslashes become \e; a line that starts
 * with a control character ('.' or '\'') is protected with \&. In literal
 * (code) blocks, '-', '\'' and '`' are escaped too, so that formatters
 * print the ASCII characters C code needs rather than typographic ones. */
static void roff_line(FILE *f, const char *s, size_t n, int literal)
{
	if (n && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", f);
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\':
			fputs("\\e", f);
			break;
		case '-':
			fputs(literal ? "\\-" : "-", f);
			break;
		case '\'':
			fputs(literal ? "\\(aq" : "'", f);
			break;
		case '`':
			fputs(literal ? "\\(ga" : "`", f);
			break;
		default:
			fputc(s[i], f);
		}
	}
	fputc('\n', f);
}

/* One paragraph of prose, one sentence per line: roff treats a line end
 * after '.', '?' or '!' as a sentence end, and mandoc's lint asks for new
 * sentences on new lines. */
static void roff_paragraph(FILE *f, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '.' && s[i] != '?' && s[i] != '!')
			continue;
		if ((i > 0 && s[i - 1] == '.') || (i + 1 < n && s[i + 1] == '.'))
			continue; /* an ellipsis ends no sentence */
		size_t j = i + 1;
		while (j < n && (s[j] == ')' || s[j] == '"' || s[j] == '\''))
			j++;
		if (j < n && s[j] == ' ' && j > start) {
			roff_line(f, s + start, j - start, 0);
			while (j < n && s[j] == ' ')
				j++;
			start = j;
			i = j - 1;
		}
	}
	if (start < n)
		roff_line(f, s + start, n - start, 0);
}

/* Prose: paragraphs (separated by blank lines) are rejoined and printed
 * sentence by sentence, joined by .Pp; leading and trailing white space
 * is dropped, since in fill mode it would force breaks. */
static void roff_prose(FILE *f, const char *text)
{
	struct ls_buf para = {0};
	int paragraphs = 0;
	for (const char *p = text;;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		const char *s = p;
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n) {
			if (para.len)
				ls_buf_add(&para, " ", 1);
			ls_buf_add(&para, s, n);
		}
		if ((n == 0 || !eol) && para.len) {
			if (paragraphs++)
				fputs(".Pp\n", f);
			roff_paragraph(f, para.s, para.len);
			para.len = 0;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	ls_buf_free(&para);
}

/* Code: a literal display, line for line; trailing blank lines dropped. */
static void roff_code(FILE *f, const char *code)
{
	size_t len = strlen(code);
	while (len && (code[len - 1] == '\n' || code[len - 1] == ' '))
		len--;
	fputs(".Bd -literal -offset indent\n", f);
	for (const char *p = code; p < code + len;) {
		const char *eol = memchr(p, '\n', (size_t)(code + len - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(code + len - p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		roff_line(f, p, n, 1);
		p = eol ? eol + 1 : code + len;
	}
	fputs(".Ed\n", f);
}

static const char *kind_text(const char *kind)
{
	if (ls_streq(kind, "check"))
		return "loopscope check (static analysis)";
	if (ls_streq(kind, "sampler"))
		return "loopscope attach and run (the stall sampler)";
	return "loopscope check (static analysis) and loopscope attach and run "
	       "(the stall sampler)";
}

/* The page date: SOURCE_DATE_EPOCH for reproducible builds, else the
 * catalog's modification time, else today. */
static void page_date(const struct ls_catalog *c, char *out, size_t len)
{
	time_t t = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct stat st;
	char *path = ls_xasprintf("%s/catalog.yml", c->datadir);
	if (sde && *sde)
		t = (time_t)strtoll(sde, NULL, 10);
	else if (stat(path, &st) == 0)
		t = st.st_mtime;
	free(path);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, len, "%B %-d, %Y", &tm);
}

static void print_rule_man(FILE *f, const json_t *r)
{
	fprintf(f, ".Ss %s\n", rule_str(r, "id"));
	fprintf(f, "Severity:\n.Sy %s .\n", rule_str(r, "severity"));
	fprintf(f, "Reported by %s.\n.Pp\n", kind_text(rule_str(r, "kind")));
	/* The summary as a sentence: capitalised, with a full stop. */
	char *summary = ls_xasprintf("%s.", rule_str(r, "summary"));
	if (summary[0] >= 'a' && summary[0] <= 'z')
		summary[0] = (char)(summary[0] - 'a' + 'A');
	roff_prose(f, summary);
	free(summary);
	fputs(".Pp\n", f);
	roff_prose(f, rule_str(r, "description"));

	const json_t *fix = json_object_get(r, "fix");
	if (json_is_string(fix)) {
		fputs(".Pp\nFix:\n", f);
		roff_prose(f, json_string_value(fix));
	} else if (json_is_object(fix)) {
		fputs(".Pp\nFix, by framework:\n.Bl -tag -width Ds\n", f);
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)fix, k, v) {
			if (k[0] == '@' || !json_is_string(v))
				continue;
			fprintf(f, ".It Sy %s\n", k);
			roff_prose(f, json_string_value(v));
		}
		fputs(".El\n", f);
	}

	size_t i;
	json_t *ex;
	json_array_foreach(json_object_get(r, "examples"), i, ex) {
		const char *fw = rule_str(ex, "framework");
		const char *bad = rule_str(ex, "bad"), *good = rule_str(ex, "good");
		if (*bad) {
			fprintf(f, ".Pp\nExample (%s), reported:\n", fw);
			roff_code(f, bad);
		}
		if (*good) {
			fprintf(f, ".Pp\nExample (%s), fixed:\n", fw);
			roff_code(f, good);
		}
	}
}

static void print_man(const struct ls_catalog *c)
{
	FILE *f = stdout;
	char date[64];
	page_date(c, date, sizeof date);
	fputs(".\\\" Generated by `loopscope rules --format man` from rules/catalog.yml.\n"
	      ".\\\" Do not edit: change the catalog and rebuild.\n", f);
	fprintf(f, ".Dd %s\n.Dt LOOPSCOPE-RULES 7\n.Os\n", date);
	fputs(".Sh NAME\n.Nm loopscope-rules\n"
	      ".Nd the rules of the loopscope event-loop analyzer and stall sampler\n"
	      ".Sh DESCRIPTION\n"
	      "Every finding of\n.Ic loopscope check\n"
	      "and every stall reported by\n.Ic loopscope attach\nand\n.Ic loopscope run\n"
	      "names one rule of this catalog.\n"
	      "Each rule has a default severity,\n.Sy error ,\n.Sy warning\nor\n.Sy note ;\n"
	      "a description of what it finds and why it matters, and a fix for each\n"
	      "framework it applies to; the fix matching the framework a file uses is\n"
	      "printed under each finding.\n"
	      ".Pp\n"
	      "Rules are selected with\n.Fl -rules\n(a comma-separated list of globs,\n"
	      "a leading minus removes:\n.Ql blocking-*,-blocking-network )\n"
	      "or in\n.Pa .loopscope.yml ,\n"
	      "and a reviewed finding is silenced where it stands with a comment on its\n"
	      "line,\n.Ql /* loopscope: ignore[RULE] reason */ ,\n"
	      "or on the line above,\n.Ql /* loopscope: ignore-next-line[RULE] reason */ .\n"
	      ".Pp\n"
	      "The same text is printed by\n.Ic loopscope explain Ar rule\n"
	      "and listed by\n.Ic loopscope rules .\n"
	      "This page is generated from the catalog when loopscope is built.\n"
	      ".Pp\nThe rules:\n.Bl -tag -width Ds -compact\n", f);
	size_t i;
	json_t *r;
	json_array_foreach(c->rules, i, r) {
		fprintf(f, ".It Sy %s\n", rule_str(r, "id"));
		roff_prose(f, rule_str(r, "summary"));
	}
	fputs(".El\n.Sh RULES\n", f);
	json_array_foreach(c->rules, i, r)
		print_rule_man(f, r);
	fputs(".Sh FILES\n.Bl -tag -width Ds\n"
	      ".It Pa PREFIX/share/loopscope/catalog.yml\n"
	      "The catalog this page is generated from;\n.Pa rules/catalog.yml\n"
	      "in the source tree.\n"
	      ".It Pa PREFIX/share/loopscope/models/*.yml\n"
	      "The framework models: which calls register callbacks, run loops, block,\n"
	      "acquire and release resources.\n"
	      ".El\n"
	      ".Sh SEE ALSO\n.Xr loopscope 1\n", f);
}

int ls_rules_print(const char *format)
{
	struct ls_catalog c;
	if (ls_catalog_load(&c, NULL, 0) < 0) {
		ls_catalog_free(&c);
		return 2;
	}
	if (ls_streq(format, "json"))
		print_json(&c);
	else if (ls_streq(format, "man"))
		print_man(&c);
	else
		print_text(&c);
	ls_catalog_free(&c);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ls_error("rules: cannot write output");
		return 2;
	}
	return 0;
}

/* ---- explain -------------------------------------------------------------- */

enum { WRAP_COLUMNS = 78, FIX_LABEL_WIDTH = 10 };

static const char *str_member(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Print text (one paragraph, no newlines of its own) filled to
 * WRAP_COLUMNS, continuation lines indented by indent columns; the caller
 * has already printed col columns of the first line. */
static void print_wrapped(const char *text, int col, int indent)
{
	const char *p = text;
	int at_start = 1;
	while (*p) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		size_t w = strcspn(p, " \n");
		if (!at_start && col + 1 + (int)w > WRAP_COLUMNS) {
			printf("\n%*s", indent, "");
			col = indent;
			at_start = 1;
		}
		if (!at_start) {
			putchar(' ');
			col++;
		}
		printf("%.*s", (int)w, p);
		col += (int)w;
		at_start = 0;
		p += w;
	}
	putchar('\n');
}

/* Text block (description, code) printed line by line with a left margin;
 * trailing blank lines dropped. */
static void print_indented(const char *text, int margin)
{
	size_t len = strlen(text);
	while (len && text[len - 1] == '\n')
		len--;
	for (const char *p = text; p < text + len;) {
		const char *eol = memchr(p, '\n', (size_t)(text + len - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(text + len - p);
		if (n)
			printf("%*s%.*s\n", margin, "", (int)n, p);
		else
			putchar('\n');
		p = eol ? eol + 1 : text + len;
	}
}

static const char *kind_label(const char *kind)
{
	if (ls_streq(kind, "check"))
		return "loopscope check";
	if (ls_streq(kind, "sampler"))
		return "loopscope attach/run (sampler)";
	return "loopscope check and loopscope attach/run (sampler)";
}

static void print_fix_line(const char *framework, const char *text)
{
	printf("  %-*s", FIX_LABEL_WIDTH, framework);
	int col = 2 + FIX_LABEL_WIDTH;
	if ((int)strlen(framework) >= FIX_LABEL_WIDTH) {
		printf("\n%*s", 2 + FIX_LABEL_WIDTH, "");
	}
	print_wrapped(text, col, 2 + FIX_LABEL_WIDTH);
}

/* The calls each model assigns to this rule (entries of any model section
 * that carry "rule": id), so the reader sees what exactly is reported. */
static void print_model_calls(const struct ls_catalog *c, const char *id, const char *framework)
{
	size_t i, j;
	json_t *m, *e;
	int header = 0;
	json_array_foreach(c->models, i, m) {
		const char *name = str_member(m, "model");
		if (framework && !ls_streq(name, framework))
			continue;
		struct ls_buf calls = {0};
		const char *key;
		json_t *section;
		json_object_foreach(m, key, section) {
			json_array_foreach(section, j, e) {
				const char *call = json_string_value(json_object_get(e, "call"));
				if (!call || !ls_streq(str_member(e, "rule"), id))
					continue;
				ls_buf_addf(&calls, "%s%s", calls.len ? ", " : "", call);
			}
		}
		if (calls.len) {
			if (!header++)
				puts("\ncalls reported, by model:");
			print_fix_line(name, calls.s);
		}
		ls_buf_free(&calls);
	}
}

static void explain_rule(const struct ls_catalog *c, const json_t *r, const char *framework)
{
	printf("%s: %s\n", str_member(r, "id"), str_member(r, "summary"));
	printf("severity: %s; reported by %s\n\n", str_member(r, "severity"),
	       kind_label(str_member(r, "kind")));
	print_indented(str_member(r, "description"), 2);

	puts("\nfix:");
	const json_t *fix = json_object_get(r, "fix");
	if (json_is_string(fix)) {
		print_fix_line("default", json_string_value(fix));
	} else if (framework) {
		const char *s = json_string_value(json_object_get(fix, framework));
		if (s)
			print_fix_line(framework, s);
		else
			print_fix_line("default", str_member(fix, "default"));
	} else {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)fix, k, v)
			if (k[0] != '@' && json_is_string(v))
				print_fix_line(k, json_string_value(v));
	}

	print_model_calls(c, str_member(r, "id"), framework);

	size_t i, shown = 0;
	json_t *ex;
	json_array_foreach(json_object_get(r, "examples"), i, ex) {
		const char *fw = str_member(ex, "framework");
		if (framework && !ls_streq(fw, framework))
			continue;
		shown++;
		if (*str_member(ex, "bad")) {
			printf("\n%s, reported:\n", fw);
			print_indented(str_member(ex, "bad"), 4);
		}
		if (*str_member(ex, "good")) {
			printf("\n%s, fixed:\n", fw);
			print_indented(str_member(ex, "good"), 4);
		}
	}
	if (framework && !shown)
		printf("\n(no %s example for %s)\n", framework, str_member(r, "id"));
}

/* The rule id closest to name: a small edit distance, or the only id that
 * contains name ("sleep" -> "blocking-sleep"); NULL if nothing is close. */
static const char *suggest(const struct ls_catalog *c, const char *name)
{
	const char *best = NULL, *contains = NULL;
	size_t best_d = (size_t)-1, ncontains = 0, i;
	json_t *r;
	json_array_foreach(c->rules, i, r) {
		const char *id = str_member(r, "id");
		size_t d = ls_edit_distance(name, id);
		if (d < best_d) {
			best_d = d;
			best = id;
		}
		if (*name && strstr(id, name)) {
			contains = id;
			ncontains++;
		}
	}
	size_t limit = strlen(name) / 3 > 2 ? strlen(name) / 3 : 2;
	if (best && best_d <= limit)
		return best;
	return ncontains == 1 ? contains : NULL;
}

/* Is name a framework the catalog or a model knows? */
static int known_framework(const struct ls_catalog *c, const char *name)
{
	size_t i, j;
	json_t *r, *ex, *m;
	json_array_foreach(c->models, i, m)
		if (ls_streq(str_member(m, "model"), name))
			return 1;
	json_array_foreach(c->rules, i, r) {
		const json_t *fix = json_object_get(r, "fix");
		if (json_is_object(fix) && json_object_get(fix, name))
			return 1;
		json_array_foreach(json_object_get(r, "examples"), j, ex)
			if (ls_streq(str_member(ex, "framework"), name))
				return 1;
	}
	return 0;
}

int ls_explain(const char *const *rules, int n, const char *framework)
{
	struct ls_catalog c;
	if (ls_catalog_load(&c, NULL, 0) < 0) {
		ls_catalog_free(&c);
		return 2;
	}
	int rc = 0;
	if (framework && !known_framework(&c, framework)) {
		fprintf(stderr, "loopscope explain: unknown framework '%s'\n", framework);
		rc = 2;
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		if (!ls_rule_find(&c, rules[i])) {
			const char *s = suggest(&c, rules[i]);
			if (s)
				fprintf(stderr, "loopscope explain: unknown rule '%s' (did you mean '%s'?)\n",
					rules[i], s);
			else
				fprintf(stderr, "loopscope explain: unknown rule '%s' (see 'loopscope rules')\n",
					rules[i]);
			rc = 2;
		}
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		if (i)
			puts("\n");
		explain_rule(&c, ls_rule_find(&c, rules[i]), framework);
	}
	ls_catalog_free(&c);
	return rc;
}
