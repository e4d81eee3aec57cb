/* noise-programs: two programs built from one tree — a server (server.c)
 * and a benchmark (bench.c) — sharing this file. Without configuration
 * both are reported, each finding listing its program (JSON `programs`);
 * tests/t-noise.sh names only the server in `programs:` and checks that
 * the benchmark's finding becomes a note. */
#include <stdio.h>
#include "shared.h"

void record(const char *what)
{
	FILE *f = fopen(what, "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}
