/*
 * jobs.c — see jobs.h.
 */
#include "analyzer/jobs.h"

#include <clang-c/CXCompilationDatabase.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/util.h"
#include "common/yamldoc.h"

static char *cx(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = ls_xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

static int has_compdb(const char *dir)
{
	char *p = ls_xasprintf("%s/compile_commands.json", dir);
	struct stat st;
	int ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

char *ls_compdb_find(const char *start)
{
	char *dir = ls_abspath(start, NULL);
	for (;;) {
		if (has_compdb(dir))
			return dir;
		char *b = ls_xasprintf("%s/build", dir);
		if (has_compdb(b)) {
			free(dir);
			return b;
		}
		free(b);
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	free(dir);
	return NULL;
}

static int is_c_source(const char *f)
{
	const char *dot = strrchr(f, '.');
	return dot && (!strcmp(dot, ".c") || !strcmp(dot, ".h") || !strcmp(dot, ".i"));
}

static void push(struct ls_joblist *jl, struct ls_job *j)
{
	for (int i = 0; i < jl->n; i++)
		if (!strcmp(jl->v[i].file, j->file)) { /* first command for a file wins */
			ls_job_free(j);
			return;
		}
	jl->v = ls_xrealloc(jl->v, (size_t)(jl->n + 1) * sizeof *jl->v);
	jl->v[jl->n++] = *j;
}

static int wanted(const struct ls_strlist *files, const char *abs)
{
	if (!files->n)
		return 1;
	for (int i = 0; i < files->n; i++) {
		char *f = ls_abspath(files->v[i], NULL);
		int eq = !strcmp(f, abs);
		free(f);
		if (eq)
			return 1;
	}
	return 0;
}

/* The number of entries of the compilation database at path, or -1 after
 * an error naming the file and where it is damaged. libclang's loader
 * keeps the entries before a syntax error and says nothing, so the file is
 * read as JSON first: a truncated or corrupt database must fail the run,
 * not shrink it. */
static long compdb_entries(const char *path)
{
	json_error_t je;
	json_t *doc = ls_json_load_file(path, &je);
	if (!doc && je.line <= 0)
		ls_error("%s: cannot be read: %s", path, je.text);
	else if (!doc)
		ls_error("%s:%d:%d: cannot be read as a compilation database: %s", path, je.line,
			 je.column, je.text);
	if (!doc)
		return -1;
	long n = -1;
	size_t i;
	json_t *e;
	if (!json_is_array(doc)) {
		ls_error("%s: cannot be read as a compilation database: not a list of commands", path);
		goto out;
	}
	json_array_foreach(doc, i, e) {
		json_t *args = json_object_get(e, "arguments");
		int args_ok = json_is_array(args) && json_array_size(args) > 0;
		for (size_t k = 0; args_ok && k < json_array_size(args); k++)
			args_ok = json_is_string(json_array_get(args, k));
		if (!json_is_string(json_object_get(e, "directory")) ||
		    !json_is_string(json_object_get(e, "file")) ||
		    !(json_is_string(json_object_get(e, "command")) || args_ok)) {
			ls_error("%s: entry %zu is not a compile command (it needs \"directory\", "
				 "\"file\" and \"command\" or \"arguments\", as strings)", path, i + 1);
			goto out;
		}
	}
	n = (long)json_array_size(doc);
out:
	json_decref(doc);
	return n;
}

static int from_compdb(struct ls_joblist *jl, const char *dir_arg, const struct ls_strlist *files)
{
	char *dir = ls_abspath(dir_arg, NULL);
	char *path = ls_xasprintf("%s/compile_commands.json", dir);
	long entries = compdb_entries(path);
	free(path);
	if (entries < 0) {
		free(dir);
		return -1;
	}
	CXCompilationDatabase_Error err;
	CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
	if (err != CXCompilationDatabase_NoError || !db) {
		ls_error("%s/compile_commands.json: cannot be read as a compilation database", dir);
		free(dir);
		return -1;
	}
	CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
	unsigned n = clang_CompileCommands_getSize(cmds);
	if ((long)n != entries) {
		ls_error("%s/compile_commands.json: libclang read %u of its %ld commands", dir, n,
			 entries);
		clang_CompileCommands_dispose(cmds);
		clang_CompilationDatabase_dispose(db);
		free(dir);
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
		/* A relative "directory" is relative to the database's folder
		 * (where the build wrote it), not to where loopscope runs. */
		char *rel = cx(clang_CompileCommand_getDirectory(cmd));
		char *d = ls_abspath(rel, dir);
		free(rel);
		char *f = cx(clang_CompileCommand_getFilename(cmd));
		char *abs = ls_abspath(f, d);
		free(f);
		if (!is_c_source(abs) || !wanted(files, abs)) {
			free(d);
			free(abs);
			continue;
		}
		struct ls_job j = {.file = abs, .directory = d};
		unsigned na = clang_CompileCommand_getNumArgs(cmd);
		j.argv = ls_xcalloc(na + 1, sizeof *j.argv);
		for (unsigned a = 0; a < na; a++) {
			char *s = cx(clang_CompileCommand_getArg(cmd, a));
			/* Drop the output and dependency-file options: we never write. */
			if ((!strcmp(s, "-o") || !strcmp(s, "-MF") || !strcmp(s, "-MT") ||
			     !strcmp(s, "-MQ")) && a + 1 < na) {
				free(s);
				a++;
				continue;
			}
			if (!strcmp(s, "-MD") || !strcmp(s, "-MMD") || !strcmp(s, "-M") ||
			    !strcmp(s, "-MM") || !strcmp(s, "-MP")) {
				free(s);
				continue;
			}
			j.argv[j.argc++] = s;
		}
		push(jl, &j);
	}
	clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	jl->compdb_dir = dir;
	if (files->n) {
		for (int i = 0; i < files->n; i++) {
			char *f = ls_abspath(files->v[i], NULL);
			int found = 0;
			for (int k = 0; k < jl->n; k++)
				found |= !strcmp(jl->v[k].file, f);
			if (!found)
				ls_error("%s: not in %s/compile_commands.json", files->v[i], dir);
			free(f);
			if (!found)
				return -1;
		}
	}
	return 0;
}

int ls_jobs_build(struct ls_joblist *jl, const char *compdb_dir,
		  const struct ls_strlist *files, const struct ls_strlist *flags,
		  int had_dashdash)
{
	memset(jl, 0, sizeof *jl);
	if (compdb_dir) {
		if (!has_compdb(compdb_dir)) {
			ls_error("%s: no compile_commands.json in this directory", compdb_dir);
			return -1;
		}
		return from_compdb(jl, compdb_dir, files);
	}
	if (!had_dashdash) {
		char *found = ls_compdb_find(".");
		if (found) {
			int r = from_compdb(jl, found, files);
			free(found);
			return r;
		}
		if (!files->n) {
			ls_error("no compile_commands.json in %s or its parents (use -p DIR, or name "
				 "files followed by -- COMPILER-FLAGS)", ls_cwd());
			return -1;
		}
	}
	if (!files->n) {
		ls_error("no files to analyze: name them before '--'");
		return -1;
	}
	for (int i = 0; i < files->n; i++) {
		struct stat st;
		if (stat(files->v[i], &st) < 0) {
			ls_error("%s: no such file", files->v[i]);
			return -1;
		}
		struct ls_job j = {.file = ls_abspath(files->v[i], NULL),
				   .directory = ls_xstrdup(ls_cwd())};
		j.argv = ls_xcalloc((size_t)flags->n + 4, sizeof *j.argv);
		j.argv[j.argc++] = ls_xstrdup("clang");
		for (int k = 0; k < flags->n; k++)
			j.argv[j.argc++] = ls_xstrdup(flags->v[k]);
		j.argv[j.argc++] = ls_xstrdup("-c");
		j.argv[j.argc++] = ls_xstrdup(j.file);
		push(jl, &j);
	}
	return 0;
}

void ls_jobs_free(struct ls_joblist *jl)
{
	for (int i = 0; i < jl->n; i++)
		ls_job_free(&jl->v[i]);
	free(jl->v);
	free(jl->compdb_dir);
	memset(jl, 0, sizeof *jl);
}
