/*
 * opts.h — declarative command-line options.
 *
 * A subcommand describes its options once, as an array of struct ls_opt
 * ending with LS_OPT_END(); the same array drives parsing and the help
 * text, so they cannot disagree. Accepted spellings: -x VALUE, -xVALUE,
 * --long VALUE, --long=VALUE, --no-long for booleans. "--" ends options;
 * what follows it is returned separately (compiler flags for `check`,
 * the program for `run`).
 */
#ifndef LS_OPTS_H
#define LS_OPTS_H

#include <stdio.h>

enum ls_opt_type {
	LS_OPT_TYPE_END,
	LS_OPT_TYPE_BOOL,   /* int *: set to 1 (or 0 with --no-) */
	LS_OPT_TYPE_STRING, /* const char **: last one wins */
	LS_OPT_TYPE_INT,    /* int * */
	LS_OPT_TYPE_DOUBLE, /* double * */
	LS_OPT_TYPE_LIST,   /* struct ls_strlist *: every occurrence appended */
};

struct ls_strlist {
	const char **v;
	int n;
};
void ls_strlist_push(struct ls_strlist *l, const char *s);
void ls_strlist_free(struct ls_strlist *l);

struct ls_opt {
	enum ls_opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh; /* placeholder shown in help, e.g. "DIR" */
	const char *help;
	int *seen;        /* optional: set to 1 when given on the command line */
};

#define LS_OPT_END() {LS_OPT_TYPE_END, 0, NULL, NULL, NULL, NULL, NULL}
#define LS_OPT_BOOL(s, l, v, h) {LS_OPT_TYPE_BOOL, (s), (l), (v), NULL, (h), NULL}
#define LS_OPT_STRING(s, l, v, a, h) {LS_OPT_TYPE_STRING, (s), (l), (v), (a), (h), NULL}
#define LS_OPT_INT(s, l, v, a, h) {LS_OPT_TYPE_INT, (s), (l), (v), (a), (h), NULL}
#define LS_OPT_DOUBLE(s, l, v, a, h) {LS_OPT_TYPE_DOUBLE, (s), (l), (v), (a), (h), NULL}
/* The same, also setting *seen when given (to tell "0" from "not given"). */
#define LS_OPT_BOOL_SEEN(s, l, v, h, seen) {LS_OPT_TYPE_BOOL, (s), (l), (v), NULL, (h), (seen)}
#define LS_OPT_INT_SEEN(s, l, v, a, h, seen) {LS_OPT_TYPE_INT, (s), (l), (v), (a), (h), (seen)}
#define LS_OPT_DOUBLE_SEEN(s, l, v, a, h, seen) {LS_OPT_TYPE_DOUBLE, (s), (l), (v), (a), (h), (seen)}
#define LS_OPT_LIST(s, l, v, a, h) {LS_OPT_TYPE_LIST, (s), (l), (v), (a), (h), NULL}

struct ls_cmd_usage {
	const char *name;     /* "check" */
	const char *synopsis; /* "[options] [FILE...] [-- COMPILER-FLAGS]" */
	const char *summary;  /* one line */
};

struct ls_args {
	struct ls_strlist pos;  /* positional arguments before "--" */
	struct ls_strlist rest; /* everything after "--" */
	int had_dashdash;
};

/*
 * Parse argv[1..argc) (argv[0] is the subcommand name). Returns 0 on
 * success, 1 when help was printed (caller exits 0), -1 on a usage error
 * (already reported on stderr; caller exits 2). With stop_at_positional,
 * the first positional argument ends option parsing (for `run PROG ...`).
 */
int ls_opts_parse(int argc, char **argv, const struct ls_opt *opts,
		  const struct ls_cmd_usage *usage, struct ls_args *out,
		  int stop_at_positional);
void ls_opts_usage(FILE *f, const struct ls_opt *opts, const struct ls_cmd_usage *usage);
void ls_args_free(struct ls_args *a);

#endif
