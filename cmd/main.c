/*
 * main.c — loopscope's entry point: a table of subcommands and a
 * dispatcher, in the manner of git.c. Each subcommand owns its options
 * (cmd/NAME.c); `loopscope help NAME` is `loopscope NAME --help`.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "common/util.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"check", cmd_check, "analyze C sources for event-loop pitfalls"},
	{"link", cmd_link, "merge summaries from sharded 'check' runs and report"},
	{"attach", cmd_attach, "sample a running process and report loop stalls"},
	{"run", cmd_run, "start a program and report its loop stalls"},
	{"dump", cmd_dump, "print every thread's stack of a running process"},
	{"rules", cmd_rules, "list the rule catalog"},
	{"explain", cmd_explain, "describe one rule, with examples and fixes"},
};

static void usage(FILE *f)
{
	fputs("usage: loopscope [--version] [--help] COMMAND [ARGS]\n\n"
	      "Find what stalls C event loops: a static analyzer for sources and\n"
	      "a sampler for live processes.\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s%s\n", commands[i].name, commands[i].summary);
	fputs("\n'loopscope help COMMAND' or 'loopscope COMMAND --help' for a command's options;\n"
	      "'man loopscope' and 'man loopscope-rules' for the manual and the rule catalog.\n", f);
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		printf("loopscope %s\n", LS_VERSION);
		return 0;
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(name, "help")) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		const struct command *c = find(argv[2]);
		if (!c) {
			fprintf(stderr, "loopscope: '%s' is not a loopscope command (see 'loopscope --help')\n", argv[2]);
			return 2;
		}
		char *hargv[] = {argv[2], "--help", NULL};
		return c->fn(2, hargv);
	}
	const struct command *c = find(name);
	if (!c) {
		fprintf(stderr, "loopscope: '%s' is not a loopscope command (see 'loopscope --help')\n", name);
		return 2;
	}
	int rc = c->fn(argc - 1, argv + 1);
	/* Whatever a command printed on stdout (rules, explain, dump, a
	 * report) is lost if the flush fails: that is an error too. */
	if (ls_output_close(stdout, NULL) < 0)
		rc = 2;
	return rc;
}
