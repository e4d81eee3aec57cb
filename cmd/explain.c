/* explain.c — placeholder until the subcommand lands; exits 2 with a message. */
#include <stdio.h>

#include "cmd.h"

int cmd_explain(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "loopscope %s: not available in this build yet\n", argv[0]);
	return 2;
}
