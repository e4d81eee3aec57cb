/* Counters both programs keep, flushed to a file after each event. */
#include <stdio.h>

#include "loop.h"

static FILE *statsf;

void stats_flush(void)
{
	if (!statsf)
		statsf = fopen("stats.txt", "a"); /* expect: blocking-file-io */
	if (statsf)
		fflush(statsf); /* expect: blocking-file-io */
}
