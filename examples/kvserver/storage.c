/* The store, and its snapshot to disk. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kv.h"

static char keys[64][64], values[64][128];
static int nkeys;

void kv_set(const char *key, const char *value)
{
	for (int i = 0; i < nkeys; i++)
		if (!strcmp(keys[i], key)) {
			snprintf(values[i], sizeof values[i], "%s", value);
			return;
		}
	if (nkeys < 64) {
		snprintf(keys[nkeys], sizeof keys[0], "%s", key);
		snprintf(values[nkeys++], sizeof values[0], "%s", value);
	}
}

int kv_save_snapshot(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	for (int i = 0; i < nkeys; i++)
		fprintf(f, "%s %s\n", keys[i], values[i]);
	fflush(f);
	fsync(fileno(f));
	return fclose(f);
}
