/*
 * fuzz_compdb.c — the compile-database front end (analyzer/jobs.c): the
 * input is written as compile_commands.json in a directory of its own and
 * read as `check -p DIR` reads it (through libclang's loader), and once
 * more restricted to one file named on the command line.
 */
#include "tests/fuzz/fuzz.h"

#include "analyzer/jobs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file("compile_commands.json", data, size);
	struct ls_strlist none = {0}, one = {0};
	ls_strlist_push(&one, "a.c");
	for (int pass = 0; pass < 2; pass++) {
		struct ls_joblist jl;
		memset(&jl, 0, sizeof jl);
		/* on failure the list holds what was read before it: freed too */
		ls_jobs_build(&jl, fuzz_tmpdir(), pass ? &one : &none, &none, 0);
		ls_jobs_free(&jl);
	}
	ls_strlist_free(&one);
	return 0;
}
