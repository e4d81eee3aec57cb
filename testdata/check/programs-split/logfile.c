/* The server's log: a file, written and flushed by each event. */
#include <stdio.h>

#include "loop.h"

static FILE *logf;

void log_open(const char *path)
{
	logf = fopen(path, "w");
}

void log_event(const char *what)
{
	if (logf && fprintf(logf, "%s\n", what) > 0)
		fflush(logf); /* expect: blocking-file-io */
}
