/* Constants that reach a test through a local: a flag set only under a
 * test of a parameter (`if (mode == MODE_SCRIPT) do_popen = 1;`), and a
 * local that holds a parameter or what a table gives when the parameter
 * is 0 (`opt = hard == REV ? 0 : hard; if (opt == 0) opt = lookup();`),
 * passed on to a function that switches on it. Callers from loop context
 * that pass other constants make those paths dead: no finding. The same
 * code with a loop caller passing the constant that opens them warns. */
#include <dirent.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MODE_DEFAULT = 300, MODE_SCRIPT = 301, MODE_HOSTS = 302, MODE_REV = 303 };
enum { OPT_DIR = 'd', OPT_HOSTS = MODE_HOSTS, OPT_RUN = 'r' };

static const int table[] = {OPT_DIR, OPT_RUN, 0};

static void apply(int option, const char *arg)
{
	switch (option) {
	case OPT_DIR: {
		DIR *d = opendir(arg); /* clean: at runtime only OPT_HOSTS gets here */
		if (d)
			closedir(d);
		break;
	}
	case OPT_HOSTS:
		if (strlen(arg) > 1)
			fputs(arg, stdout);
		break;
	default:
		break;
	}
}

static void read_lines(FILE *f, int hard)
{
	char line[256];
	while (fgets(line, sizeof line, f)) { /* expect: blocking-file-io */
		int option, i;
		option = hard == MODE_REV ? 0 : hard;
		if (option == 0)
			for (option = 0, i = 0; table[i]; i++)
				if (line[0] == table[i])
					option = table[i];
		apply(option, line);
	}
}

static int load_file(const char *file, int mode)
{
	FILE *f;
	int nofile_ok = 0, do_popen = 0;
	if (mode == MODE_DEFAULT) {
		mode = 0;
		nofile_ok = 1;
	}
	if (mode == MODE_SCRIPT) {
		mode = 0;
		do_popen = 1;
	}
	if (do_popen)
		f = popen(file, "r"); /* clean: loop callers pass MODE_HOSTS */
	else
		f = fopen(file, "r"); /* expect: blocking-file-io */
	if (!f)
		return nofile_ok;
	read_lines(f, mode);
	if (do_popen)
		pclose(f); /* clean: as popen */
	else
		fclose(f);
	return 1;
}

/* The same shape, called from the loop with the constant that runs it. */
static int run_hook(const char *cmd, int mode)
{
	FILE *f;
	int do_popen = 0;
	if (mode == MODE_SCRIPT)
		do_popen = 1;
	if (!do_popen)
		return 0;
	f = popen(cmd, "r"); /* expect: blocking-subprocess */
	if (!f)
		return 0;
	char buf[64];
	while (fgets(buf, sizeof buf, f)) /* expect: blocking-file-io */
		;
	pclose(f); /* expect: blocking-subprocess */
	return 1;
}

/* A flag set from a value the test cannot bound: the loop's call warns. */
static int probe(const char *file, int mode, int dyn)
{
	int do_popen = 0;
	if (mode == MODE_SCRIPT)
		do_popen = 1;
	if (dyn)
		do_popen = dyn;
	if (do_popen) {
		FILE *f = popen(file, "r"); /* expect: blocking-subprocess */
		if (f)
			pclose(f); /* expect: blocking-subprocess */
	}
	return 0;
}

/* Stores that reach a test around the store before it: a loop's next
 * round, a goto past it. Both tests can hold: warnings. */
static void later_stores(int dyn)
{
	int first = 1, r = -1;
	for (;;) {
		if (!first)
			sync(); /* expect: blocking-file-io */
		first = 0;
		if (dyn)
			break;
	}
	if (dyn > 1)
		goto out;
	r = 0;
out:
	if (r < 0)
		fsync(1); /* expect: blocking-file-io */
}

static void handle_events(int dyn)
{
	load_file("/etc/app.hosts", MODE_HOSTS);
	run_hook("/etc/app.hook", MODE_SCRIPT);
	probe("/etc/app.probe", MODE_HOSTS, dyn);
	later_stores(dyn);
}

int main(int argc, char **argv)
{
	struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = 3, .events = POLLIN}};
	load_file("/etc/app.conf", MODE_DEFAULT);
	load_file("/etc/app.sh", MODE_SCRIPT);
	for (;;) {
		if (poll(p, 2, -1) < 0)
			break;
		handle_events(argc > 1 && argv[1][0] == 'x');
	}
	return 0;
}
