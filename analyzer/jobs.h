/*
 * jobs.h — the list of translation units to analyze, the way clang-tidy
 * users expect: from compile_commands.json (read with libclang's
 * CXCompilationDatabase), or from files named on the command line with
 * the compiler flags given after "--".
 */
#ifndef LS_JOBS_H
#define LS_JOBS_H

#include "analyzer/extract.h"
#include "common/opts.h"

struct ls_joblist {
	struct ls_job *v;
	int n;
	char *compdb_dir; /* directory of the compile database used, or NULL */
};

/* Look for compile_commands.json in dir and its parents, and in build/
 * below each; returns the directory holding it (caller frees) or NULL. */
char *ls_compdb_find(const char *start);

/*
 * Build the job list. compdb_dir: -p DIR or NULL; files: positional
 * arguments (restrict the database to these, or the files to parse);
 * flags: what followed "--" (had_dashdash: "--" was given, so no database
 * is searched for). Returns 0, or -1 after printing a one-line error.
 */
int ls_jobs_build(struct ls_joblist *jl, const char *compdb_dir,
		  const struct ls_strlist *files, const struct ls_strlist *flags,
		  int had_dashdash);
void ls_jobs_free(struct ls_joblist *jl);

#endif
