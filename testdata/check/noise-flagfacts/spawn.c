/* noise-flagfacts: a path that needs one configuration flag both set and
 * clear cannot run, also when the flag is a field or array element read
 * through a global pointer, or a macro that expands to such a read. The
 * same code is reported when the function writes the flag between the
 * tests, or when the macro calls a function (which may answer differently
 * each time). */
#include <unistd.h>

struct config {
	unsigned opts[2];
	int debug;
	int children;
};
extern struct config *cfg;
extern int flag_is_set(int opt);

#define OPT_FOREGROUND 5
#define option_set(x) (cfg->opts[(x) / 32] & (1u << ((x) % 32)))
#define option_asked(x) flag_is_set(x)

int child_pipe;

/* clean: pipe() only without the option, closed under the same test */
void spawn_helper(void)
{
	int fds[2];
	pid_t pid;
	if (!option_set(OPT_FOREGROUND) && pipe(fds) == 0 && (pid = fork()) != 0) {
		close(fds[1]);
		child_pipe = fds[0];
	} else {
		cfg->children++; /* a write beside the flag, not to it */
		if (!option_set(OPT_FOREGROUND)) {
			close(fds[0]);
			child_pipe = fds[1];
		}
	}
}

/* clean: the same with a field the function never writes */
void spawn_debug(void)
{
	int fds[2];
	if (!cfg->debug && pipe(fds) == -1)
		return;
	if (!cfg->debug) {
		close(fds[0]);
		close(fds[1]);
	}
}

/* reported: the function turns the option on between the tests */
void spawn_toggled(void)
{
	int fds[2];
	if (!option_set(OPT_FOREGROUND) && pipe(fds) == -1) /* expect: handle-leak */
		return;
	cfg->opts[0] |= 1u << OPT_FOREGROUND;
	if (!option_set(OPT_FOREGROUND)) {
		close(fds[0]);
		close(fds[1]);
	}
}

/* reported: a macro that calls a function may answer differently */
void spawn_asked(void)
{
	int fds[2];
	if (!option_asked(OPT_FOREGROUND) && pipe(fds) == -1) /* expect: handle-leak */
		return;
	if (!option_asked(OPT_FOREGROUND)) {
		close(fds[0]);
		close(fds[1]);
	}
}

extern int recheck(void);

/* clean: a local set before its first test and never after decides the
 * same way at both tests */
int run_command(const char *cmd, int mode)
{
	int fds[2], use_pipe = 0;
	if (mode == 3)
		use_pipe = 1;
	if (use_pipe && pipe(fds) == -1)
		return -1;
	child_pipe = mode;
	if (use_pipe) {
		close(fds[0]);
		close(fds[1]);
	}
	return cmd != 0;
}

/* reported: the local is set again between its tests */
int run_rechecked(const char *cmd, int mode)
{
	int fds[2], use_pipe = 0;
	if (mode == 3)
		use_pipe = 1;
	if (use_pipe && pipe(fds) == -1) /* expect: handle-leak */
		return -1;
	use_pipe = recheck();
	if (use_pipe) {
		close(fds[0]);
		close(fds[1]);
	}
	return cmd != 0;
}
