/* Counters both programs keep, rewritten to a file after each event. */
#include <stdio.h>

#include "loop.h"

static unsigned long events;

void stats_flush(void)
{
	FILE *f = fopen("stats.txt", "w"); /* expect: blocking-file-io */
	if (!f)
		return;
	fprintf(f, "events %lu\n", ++events);
	fclose(f); /* expect: blocking-file-io */
}
