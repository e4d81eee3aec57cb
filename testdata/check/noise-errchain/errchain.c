/* A value that reaches a call only where an error message is unset:
 * `err = NULL; ... if (!option) err = "bad option"; else if (hard == REV
 * && option != OPT_SERVER) err = _("illegal option"); ... if (err ||
 * !apply(option, ...))`. What the table gives passes the chain of tests
 * before the call only where none of them held, so a caller passing REV
 * hands apply only OPT_SERVER: the other cases are dead for the loop, no
 * finding. The look-alikes warn: a message that may be null (a call's
 * result), the message unset again after the chain, a jump past the
 * chain, the message unset in a loop's next round with the option kept. */
#include <dirent.h>
#include <libintl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

enum { MODE_HOSTS = 300, MODE_REV = 301 };
enum { OPT_DIR = 'd', OPT_SERVER = 'S', OPT_RUN = 'r' };

static const int table[] = {OPT_DIR, OPT_SERVER, OPT_RUN, 0};

static int lookup(const char *line)
{
	for (int i = 0; table[i]; i++)
		if (line[0] == table[i])
			return table[i];
	return 0;
}

static const char *explain(int option)
{
	return option == OPT_RUN ? NULL : "not here";
}

static int apply(int option, const char *arg)
{
	switch (option) {
	case OPT_DIR: {
		DIR *d = opendir(arg); /* clean: the loop's reader passes OPT_SERVER only */
		if (d)
			closedir(d);
		return 1;
	}
	case OPT_RUN: {
		FILE *p = popen(arg, "r"); /* clean: as above */
		if (p)
			pclose(p); /* clean: as above */
		return 1;
	}
	case OPT_SERVER:
		return strlen(arg) > 1;
	default:
		return 0;
	}
}

static void read_lines(FILE *f, int hard)
{
	char line[256];
	while (fgets(line, sizeof line, f)) { /* expect: blocking-file-io */
		int option, i;
		const char *err;
		option = hard == MODE_REV ? 0 : hard;
		err = NULL;
		if (option == 0) {
			for (option = 0, i = 0; table[i]; i++)
				if (line[0] == table[i]) {
					option = table[i];
					break;
				}
			if (!option)
				err = "bad option";
			else if (line[1] == '=' && !line[2])
				err = gettext("missing parameter");
			else if (hard == MODE_REV && option != OPT_SERVER)
				err = gettext("illegal option");
		}
		if (err || !apply(option, line))
			fprintf(stderr, "%s\n", err ? err : "failed");
	}
}

/* The look-alikes, each with its own sink. */
static int apply_maybe(int option, const char *arg)
{
	if (option == OPT_DIR) {
		DIR *d = opendir(arg); /* expect: blocking-file-io */
		if (d)
			closedir(d);
	}
	return 1;
}

/* The message may be null: a call's result, not a constant. */
static void read_maybe(const char *line, int hard)
{
	int option = hard == MODE_REV ? 0 : hard;
	const char *err = NULL;
	if (option == 0) {
		option = lookup(line);
		if (!option)
			err = "bad option";
		else if (hard == MODE_REV && option != OPT_SERVER)
			err = explain(option);
	}
	if (!err)
		apply_maybe(option, line);
}

static int apply_reset(int option, const char *arg)
{
	if (option == OPT_DIR) {
		DIR *d = opendir(arg); /* expect: blocking-file-io */
		if (d)
			closedir(d);
	}
	return 1;
}

/* The message unset again after the chain, the option kept. */
static void read_reset(const char *line, int hard)
{
	int option = hard == MODE_REV ? 0 : hard;
	const char *err = NULL;
	if (option == 0) {
		option = lookup(line);
		if (!option)
			err = "bad option";
		else if (hard == MODE_REV && option != OPT_SERVER)
			err = "illegal option";
	}
	if (line[1] == '!')
		err = NULL;
	if (!err)
		apply_reset(option, line);
}

static int apply_jump(int option, const char *arg)
{
	if (option == OPT_DIR) {
		DIR *d = opendir(arg); /* expect: blocking-file-io */
		if (d)
			closedir(d);
	}
	return 1;
}

/* A goto past the chain. */
static void read_jump(const char *line, int hard)
{
	int option = hard == MODE_REV ? 0 : hard;
	const char *err = NULL;
	if (option == 0) {
		option = lookup(line);
		if (line[1] == '+')
			goto use;
		if (!option)
			err = "bad option";
		else if (hard == MODE_REV && option != OPT_SERVER)
			err = "illegal option";
	}
use:
	if (!err)
		apply_jump(option, line);
}

static int apply_round(int option, const char *arg)
{
	if (option == OPT_DIR) {
		DIR *d = opendir(arg); /* expect: blocking-file-io */
		if (d)
			closedir(d);
	}
	return 1;
}

/* The message unset at the top of each round, the option kept from the
 * round before: a round that set the message and the next that did not
 * look the option up hand the old value over. */
static void read_rounds(FILE *f, int hard)
{
	char line[256];
	int option = 0;
	while (fgets(line, sizeof line, f)) { /* expect: blocking-file-io */
		const char *err = NULL;
		if (line[0] != '+') {
			option = lookup(line);
			if (!option)
				err = "bad option";
			else if (hard == MODE_REV && option != OPT_SERVER)
				err = "illegal option";
		}
		if (!err)
			apply_round(option, line);
	}
}

static void handle_events(FILE *f, const char *line)
{
	read_lines(f, MODE_REV);
	read_lines(f, MODE_HOSTS);
	read_maybe(line, MODE_REV);
	read_reset(line, MODE_REV);
	read_jump(line, MODE_REV);
	read_rounds(f, MODE_REV);
}

int main(int argc, char **argv)
{
	struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = 3, .events = POLLIN}};
	for (;;) {
		if (poll(p, 2, -1) < 0)
			break;
		handle_events(stdin, argc > 1 ? argv[1] : "");
	}
	return 0;
}
