/* A parameter the function writes holds the caller's value only until the
 * write: `if (mode == ALIAS) mode = RUN;` then `if (mode == RUN)` runs for
 * a caller passing ALIAS, and what is passed on after the write may be the
 * value written. Such a parameter is read as a local whose first store is
 * the caller's value: constants of callers still decide the tests where
 * no write can have happened, and a written value is followed to where it
 * is tested or passed. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

enum { K_NONE = 0, K_RUN = 1, K_ALIAS = 2, K_LIST = 3 };

/* Runs the command only for K_RUN. */
static void run_kind(int kind, const char *cmd)
{
	if (kind == K_RUN) {
		FILE *f = popen(cmd, "r"); /* expect: blocking-subprocess */
		if (f)
			pclose(f); /* expect: blocking-subprocess */
	}
}

/* Maps an alias onto K_RUN before passing the kind on: the loop passes
 * K_ALIAS, so run_kind gets K_RUN. */
static void dispatch(int kind, const char *cmd)
{
	if (kind == K_ALIAS)
		kind = K_RUN;
	run_kind(kind, cmd);
}

/* The same test after the write, in the function itself. */
static void act(int mode, const char *cmd)
{
	if (mode == K_ALIAS)
		mode = K_RUN;
	if (mode == K_RUN)
		system(cmd); /* expect: blocking-subprocess */
}

/* The same shapes, but the loop passes K_LIST: the write does not happen
 * and the tests stay false. */
static void run_quiet(int kind, const char *cmd)
{
	if (kind == K_RUN)
		system(cmd); /* clean: only K_LIST reaches here */
}

static void dispatch_quiet(int kind, const char *cmd)
{
	if (kind == K_ALIAS)
		kind = K_RUN;
	run_quiet(kind, cmd);
}

static void act_quiet(int mode, const char *cmd)
{
	if (mode == K_ALIAS)
		mode = K_RUN;
	if (mode == K_RUN)
		system(cmd); /* clean: mode stays K_LIST */
}

/* A write in a loop may come back to a test before it: nothing is
 * decided there. */
static void retry(int tries, const char *cmd)
{
	while (tries > 0) {
		if (tries == 1)
			system(cmd); /* expect: blocking-subprocess */
		tries--;
	}
}

static void handle_events(const char *cmd)
{
	dispatch(K_ALIAS, cmd);
	act(K_ALIAS, cmd);
	dispatch_quiet(K_LIST, cmd);
	act_quiet(K_LIST, cmd);
	retry(3, cmd);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "true";
	struct pollfd p[2] = {{0, POLLIN, 0}, {3, POLLIN, 0}};
	for (;;) {
		if (poll(p, 2, -1) <= 0)
			continue;
		handle_events(cmd);
	}
	return 0;
}
