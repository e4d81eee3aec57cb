/* check.c — placeholder until the analyzer lands. */
#include <stdio.h>

#include "cmd.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "loopscope %s: not available in this build yet\n", argv[0]);
	return 2;
}
