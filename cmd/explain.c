/*
 * explain.c — `loopscope explain RULE`: everything the catalog says about
 * one rule, for the programmer who just got a finding: its description,
 * the fix for each framework, and a reported and a fixed example for each
 * framework that has one, and the calls the models assign to the rule.
 * `--framework NAME` narrows all of these to one framework. A misspelt rule is a one-line error with the closest id
 * as a suggestion (exit 2), so `explain` also serves as a rule lookup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "common/catalog.h"
#include "common/opts.h"
#include "common/util.h"

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

int cmd_explain(int argc, char **argv)
{
	const char *framework = NULL;
	const struct ls_opt opts[] = {
		LS_OPT_STRING(0, "framework", &framework, "NAME",
			      "only this framework's fix and examples (libuv, libevent, libev, glib, sd-event, pcl, ucontext, posix, ...)"),
		LS_OPT_END(),
	};
	const struct ls_cmd_usage usage = {
		"explain", "[--framework NAME] RULE...",
		"Describe a rule: what it finds and why, the fix per framework, and a\n"
		"reported and a fixed example for each framework that has one.",
	};
	struct ls_args args;
	int rc = ls_opts_parse(argc, argv, opts, &usage, &args, 0);
	if (rc)
		return rc > 0 ? 0 : 2;
	if (args.pos.n == 0) {
		fputs("loopscope explain: which rule? (see 'loopscope rules' for the list)\n", stderr);
		ls_args_free(&args);
		return 2;
	}
	struct ls_catalog c;
	if (ls_catalog_load(&c, NULL, 0) < 0) {
		ls_catalog_free(&c);
		ls_args_free(&args);
		return 2;
	}
	rc = 0;
	if (framework && !known_framework(&c, framework)) {
		fprintf(stderr, "loopscope explain: unknown framework '%s'\n", framework);
		rc = 2;
	}
	for (int i = 0; rc == 0 && i < args.pos.n; i++) {
		if (!ls_rule_find(&c, args.pos.v[i])) {
			const char *s = suggest(&c, args.pos.v[i]);
			if (s)
				fprintf(stderr, "loopscope explain: unknown rule '%s' (did you mean '%s'?)\n",
					args.pos.v[i], s);
			else
				fprintf(stderr, "loopscope explain: unknown rule '%s' (see 'loopscope rules')\n",
					args.pos.v[i]);
			rc = 2;
		}
	}
	for (int i = 0; rc == 0 && i < args.pos.n; i++) {
		if (i)
			puts("\n");
		explain_rule(&c, ls_rule_find(&c, args.pos.v[i]), framework);
	}
	ls_catalog_free(&c);
	ls_args_free(&args);
	return rc;
}
