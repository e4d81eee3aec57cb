/* A plugin: the server loads it with dlopen and finds its entry point by
 * name (dlsym); nothing in the tree calls plugin_init. What the entry
 * point registers is the server's. */
#include <stddef.h>
#include <unistd.h>

#include "interp.h"

static int plugin_flush(struct state *s)
{
	(void)s;
	return fsync(4); /* expect: blocking-file-io */
}

static const struct reg pluginlib[] = {
	{"flush", plugin_flush},
	{NULL, NULL},
};

int plugin_init(struct state *s)
{
	interp_register(s, pluginlib);
	return 0;
}
