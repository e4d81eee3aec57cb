/* Two libraries and the table of their openers. The server opens only
 * the network library; the file library is opened only by open_all_libs,
 * which the server never calls (the stand-alone tool in tool.c does, but
 * it runs no loop). So the file library's functions never get into a
 * closure the server's loop calls. */
#include <stddef.h>
#include <netdb.h>
#include <unistd.h>

#include "interp.h"

static int file_sync(struct state *s)
{
	(void)s;
	return fsync(3); /* clean: its table is opened only where no loop runs */
}

static const struct reg filelib[] = {
	{"sync", file_sync},
	{NULL, NULL},
};

int open_filelib(struct state *s)
{
	interp_register(s, filelib);
	return 0;
}

static int net_resolve(struct state *s)
{
	struct addrinfo *ai = NULL;
	(void)s;
	int rc = getaddrinfo("example.org", "80", NULL, &ai); /* expect: blocking-dns */
	if (rc == 0)
		freeaddrinfo(ai);
	return rc;
}

static const struct reg netlib[] = {
	{"resolve", net_resolve},
	{NULL, NULL},
};

int open_netlib(struct state *s)
{
	interp_register(s, netlib);
	return 0;
}

static const struct {
	const char *name;
	int (*open)(struct state *);
} openers[] = {
	{"file", open_filelib},
	{"net", open_netlib},
};

void open_all_libs(struct state *s)
{
	for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++)
		openers[i].open(s);
}
