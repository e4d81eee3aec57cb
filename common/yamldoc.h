/*
 * yamldoc.h — YAML documents as jansson trees.
 *
 * Every data file loopscope reads (the rule catalog, framework models,
 * .loopscope.yml, baselines) is YAML parsed by libyaml and handed to the
 * rest of the program as a json_t, so consumers have one way to walk data.
 * Plain scalars become integers, booleans (true/false) and null (null, ~)
 * where they spell one; quoted scalars stay strings. When LS_YAML_LINES is
 * given, every mapping also gets a "@line" integer member holding the
 * 1-based line the mapping starts on, for error messages that name a line;
 * consumers skip members whose key starts with '@'.
 */
#ifndef LS_YAMLDOC_H
#define LS_YAMLDOC_H

#include <jansson.h>
#include <stddef.h>

enum { LS_YAML_LINES = 1 };

/* Parse the first document of a file. On failure returns NULL and writes
 * "PATH:LINE:COL: problem" into err. An empty file yields an empty object. */
json_t *ls_yaml_load_file(const char *path, int flags, char *err, size_t errlen);
json_t *ls_yaml_load_string(const char *text, size_t len, const char *name,
			    int flags, char *err, size_t errlen);

/* The "@line" of a mapping, or 0. */
int ls_yaml_line(const json_t *obj);

#endif
