/* A hand-written loop's own body calls its handlers directly: the
 * constants it passes decide their tests as a caller's constants do in
 * loop context. The quiet handlers get a constant that makes their
 * blocking branch dead; the same handlers called with the constant that
 * opens it, or with a value the driver reads at run time, warn. */
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

enum { OP_NONE = 0, OP_HOOK = 1, OP_STAT = 2 };

static void on_input(int op, const char *cmd)
{
	if (op == OP_HOOK)
		system(cmd); /* expect: blocking-subprocess */
}

static void on_tick(int op, const char *cmd)
{
	if (op == OP_HOOK)
		system(cmd); /* clean: the loop passes OP_STAT only */
}

static void on_flush(int sync_now)
{
	if (sync_now)
		sync(); /* clean: the loop passes 0 */
}

static void on_line(int sync_now)
{
	if (sync_now)
		sync(); /* expect: blocking-file-io */
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "true";
	int mode = argc > 2 ? atoi(argv[2]) : OP_NONE;
	struct pollfd p[2] = {{0, POLLIN, 0}, {3, POLLIN, 0}};
	for (;;) {
		if (poll(p, 2, 1000) < 0)
			break;
		if (p[0].revents)
			on_input(OP_HOOK, cmd);
		on_tick(OP_STAT, cmd);
		on_flush(0);
		on_line(mode);
	}
	return 0;
}
