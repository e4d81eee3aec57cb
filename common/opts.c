/* opts.c — see opts.h. */
#include "opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void ls_strlist_push(struct ls_strlist *l, const char *s)
{
	l->v = ls_xrealloc(l->v, (size_t)(l->n + 2) * sizeof *l->v);
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void ls_strlist_free(struct ls_strlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void ls_args_free(struct ls_args *a)
{
	ls_strlist_free(&a->pos);
	ls_strlist_free(&a->rest);
}

void ls_opts_usage(FILE *f, const struct ls_opt *opts, const struct ls_cmd_usage *u)
{
	fprintf(f, "usage: loopscope %s %s\n\n%s\n", u->name, u->synopsis, u->summary);
	int any = 0;
	for (const struct ls_opt *o = opts; o->type != LS_OPT_TYPE_END; o++) {
		if (!any++)
			fputs("\noptions:\n", f);
		char left[96];
		int n = snprintf(left, sizeof left, "  %s%c%s--%s%s%s",
				 o->short_name ? "-" : "", o->short_name ? o->short_name : ' ',
				 o->short_name ? ", " : "  ", o->long_name,
				 o->argh ? " " : "", o->argh ? o->argh : "");
		if (!o->short_name)
			n = snprintf(left, sizeof left, "      --%s%s%s", o->long_name,
				     o->argh ? " " : "", o->argh ? o->argh : "");
		if (n >= 30)
			fprintf(f, "%s\n%30s%s\n", left, "", o->help);
		else
			fprintf(f, "%-30s%s\n", left, o->help);
	}
	fprintf(f, "%-30s%s\n", "  -h, --help", "show this help");
}

static int set_value(const struct ls_opt *o, const char *arg, const char *cmd,
		     const char *spelled)
{
	char *end;
	switch (o->type) {
	case LS_OPT_TYPE_STRING:
		*(const char **)o->value = arg;
		break;
	case LS_OPT_TYPE_LIST:
		ls_strlist_push(o->value, arg);
		break;
	case LS_OPT_TYPE_INT: {
		errno = 0;
		long v = strtol(arg, &end, 10);
		if (errno || *end || end == arg || v < -2147483647L || v > 2147483647L) {
			fprintf(stderr, "loopscope %s: %s expects an integer, not '%s'\n",
				cmd, spelled, arg);
			return -1;
		}
		*(int *)o->value = (int)v;
		break;
	}
	case LS_OPT_TYPE_DOUBLE: {
		errno = 0;
		double v = strtod(arg, &end);
		if (errno || *end || end == arg) {
			fprintf(stderr, "loopscope %s: %s expects a number, not '%s'\n",
				cmd, spelled, arg);
			return -1;
		}
		*(double *)o->value = v;
		break;
	}
	default:
		break;
	}
	if (o->seen)
		*o->seen = 1;
	return 0;
}

static const struct ls_opt *find_long(const struct ls_opt *opts, const char *name,
				      size_t len, int *negated)
{
	*negated = 0;
	for (const struct ls_opt *o = opts; o->type != LS_OPT_TYPE_END; o++)
		if (strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
	if (len > 3 && !strncmp(name, "no-", 3))
		for (const struct ls_opt *o = opts; o->type != LS_OPT_TYPE_END; o++)
			if (o->type == LS_OPT_TYPE_BOOL && strlen(o->long_name) == len - 3 &&
			    !strncmp(o->long_name, name + 3, len - 3)) {
				*negated = 1;
				return o;
			}
	return NULL;
}

int ls_opts_parse(int argc, char **argv, const struct ls_opt *opts,
		  const struct ls_cmd_usage *u, struct ls_args *out,
		  int stop_at_positional)
{
	memset(out, 0, sizeof *out);
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			out->had_dashdash = 1;
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			ls_opts_usage(stdout, opts, u);
			ls_args_free(out);
			return 1;
		}
		if (a[0] != '-' || a[1] == '\0') {
			ls_strlist_push(&out->pos, a);
			if (stop_at_positional) {
				i++;
				break;
			}
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			int neg;
			const struct ls_opt *o = find_long(opts, name, len, &neg);
			if (!o) {
				fprintf(stderr, "loopscope %s: unknown option '%.*s' (see 'loopscope %s --help')\n",
					u->name, (int)(len + 2), a, u->name);
				goto usage;
			}
			if (o->type == LS_OPT_TYPE_BOOL) {
				if (eq) {
					fprintf(stderr, "loopscope %s: --%s takes no value\n", u->name, o->long_name);
					goto usage;
				}
				*(int *)o->value = !neg;
				if (o->seen)
					*o->seen = 1;
				continue;
			}
			const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val) {
				fprintf(stderr, "loopscope %s: --%s needs a value (%s)\n", u->name,
					o->long_name, o->argh ? o->argh : "VALUE");
				goto usage;
			}
			if (set_value(o, val, u->name, a) < 0)
				goto usage;
			continue;
		}
		/* Short option(s): -q, -j4, -j 4, -qv. */
		for (const char *s = a + 1; *s; s++) {
			const struct ls_opt *o = opts;
			for (; o->type != LS_OPT_TYPE_END; o++)
				if (o->short_name == *s)
					break;
			if (o->type == LS_OPT_TYPE_END) {
				fprintf(stderr, "loopscope %s: unknown option '-%c' (see 'loopscope %s --help')\n",
					u->name, *s, u->name);
				goto usage;
			}
			if (o->type == LS_OPT_TYPE_BOOL) {
				*(int *)o->value = 1;
				if (o->seen)
					*o->seen = 1;
				continue;
			}
			const char *val = s[1] ? s + 1 : (i + 1 < argc ? argv[++i] : NULL);
			if (!val) {
				fprintf(stderr, "loopscope %s: -%c needs a value (%s)\n", u->name, *s,
					o->argh ? o->argh : "VALUE");
				goto usage;
			}
			char spelled[3] = {'-', *s, 0};
			if (set_value(o, val, u->name, spelled) < 0)
				goto usage;
			break;
		}
	}
	for (; i < argc; i++)
		ls_strlist_push(&out->rest, argv[i]);
	return 0;
usage:
	ls_args_free(out);
	return -1;
}
