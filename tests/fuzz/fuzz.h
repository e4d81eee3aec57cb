/*
 * fuzz.h — what the libFuzzer harnesses in tests/fuzz/ share: the input
 * as a NUL-terminated string, and as a file (most readers take a path, as
 * loopscope's users give them one). Each harness is one translation unit
 * defining LLVMFuzzerTestOneInput; see tests/fuzz/README.md.
 */
#ifndef LS_FUZZ_H
#define LS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/catalog.h"
#include "common/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A private directory for this fuzzing process, removed at exit. */
static char fuzz_dir[64];

static inline void fuzz_cleanup(void)
{
	if (!fuzz_dir[0])
		return;
	char *cmd = ls_xasprintf("rm -rf '%s'", fuzz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: cannot remove %s\n", fuzz_dir);
	free(cmd);
}

static inline const char *fuzz_tmpdir(void)
{
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/ls-fuzz-XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(fuzz_dir)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		atexit(fuzz_cleanup);
	}
	return fuzz_dir;
}

/* Write data to NAME in the private directory; returns the path (static). */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", fuzz_tmpdir(), name);
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

/* The input as a string (caller frees). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = ls_xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* loopscope's one-line errors are the expected outcome of most inputs:
 * keep them off the fuzzer's output (run it with -close_fd_mask=2 to
 * silence the rest). */
static inline void fuzz_quiet(void)
{
	ls_quiet = 1;
}

/* Load the tree's own rule data into CAT, whatever the working directory;
 * a harness without it has nothing to test, so it aborts. */
static inline void fuzz_load_catalog(struct ls_catalog *cat)
{
	if (!getenv("LOOPSCOPE_DATA"))
		setenv("LOOPSCOPE_DATA", LS_FUZZ_DATA, 1);
	if (ls_catalog_load(cat, NULL, 0) < 0)
		abort();
}

#endif
