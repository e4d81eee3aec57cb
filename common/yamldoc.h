/*
 * yamldoc.h — YAML documents as jansson trees.
 *
 * Every data file loopscope reads (the rule catalog, framework models,
 * .loopscope.yml, baselines) is YAML parsed by libyaml and handed to the
 * rest of the program as a json_t, so consumers have one way to walk data.
 * Plain scalars become integers, booleans (true/false) and null (null, ~)
 * where they spell one; quoted scalars stay strings. When LS_YAML_LINES is
 * given, every mapping also gets "@line" and "@column" integer members
 * (1-based, where the mapping starts) and "@at": {key: [line, column]} for
 * its keys, for error messages that name a position (ls_yaml_pos);
 * consumers skip members whose key starts with '@'.
 *
 * Hostile input is refused with an error, never followed: nesting deeper
 * than LS_YAML_MAX_DEPTH, aliases that would expand to more than
 * LS_YAML_MAX_EXPANDED copied nodes in all (an alias bomb), a key repeated
 * in one mapping, a key starting with '@'. Only a regular file is read.
 */
#ifndef LS_YAMLDOC_H
#define LS_YAMLDOC_H

#include <jansson.h>
#include <stddef.h>

enum { LS_YAML_LINES = 1 };
enum { LS_YAML_MAX_DEPTH = 64, LS_YAML_MAX_EXPANDED = 100000 };

/* Parse the first document of a file. On failure returns NULL and writes
 * "PATH:LINE:COL: problem" into err. An empty file yields an empty object. */
json_t *ls_yaml_load_file(const char *path, int flags, char *err, size_t errlen);
json_t *ls_yaml_load_string(const char *text, size_t len, const char *name,
			    int flags, char *err, size_t errlen);

/* A JSON file (compile database, baseline, summary) as a jansson tree.
 * Only a regular file is read. NULL on failure: err->line is 0 when the
 * file could not be read (err->text says why), else where it is broken. */
json_t *ls_json_load_file(const char *path, json_error_t *err);

/* The "@line" of a mapping, or 0. */
int ls_yaml_line(const json_t *obj);
/* Where key of mapping obj is written (where obj starts when key is NULL
 * or unknown) into *line, *col; returns *line, 0 if not known. */
int ls_yaml_pos(const json_t *obj, const char *key, int *line, int *col);

#endif
