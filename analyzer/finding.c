/*
 * finding.c — constructing finding objects (see intra.h).
 */
#include <stdlib.h>

#include "analyzer/intra.h"
#include "common/util.h"

char *ls_cursor_location(CXCursor c, unsigned *line, unsigned *column)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	CXFile file;
	clang_getExpansionLocation(loc, &file, line, column, NULL);
	if (!file)
		return ls_xstrdup("<unknown>");
	CXString name = clang_File_tryGetRealPathName(file);
	const char *s = clang_getCString(name);
	if (!s || !*s) {
		clang_disposeString(name);
		name = clang_getFileName(file);
		s = clang_getCString(name);
	}
	char *abs = ls_abspath(s ? s : "<unknown>", NULL);
	clang_disposeString(name);
	return abs;
}

json_t *ls_finding_new(const char *rule, const char *file, unsigned line,
		       unsigned column, const char *function, const char *message)
{
	return json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:[]}", "rule", rule, "file", file,
			 "line", (json_int_t)line, "column", (json_int_t)column,
			 "function", function ? function : "", "message", message, "notes");
}

json_t *ls_finding_at(const char *rule, CXCursor at, const char *function,
		      const char *message)
{
	unsigned line, col;
	char *file = ls_cursor_location(at, &line, &col);
	json_t *f = ls_finding_new(rule, file, line, col, function, message);
	free(file);
	return f;
}

void ls_finding_note(json_t *finding, const char *file, unsigned line,
		     unsigned column, const char *message)
{
	json_array_append_new(json_object_get(finding, "notes"),
			      json_pack("{s:s, s:i, s:i, s:s}", "file", file, "line",
					(json_int_t)line, "column", (json_int_t)column,
					"message", message));
}

void ls_finding_note_at(json_t *finding, CXCursor at, const char *message)
{
	unsigned line, col;
	char *file = ls_cursor_location(at, &line, &col);
	ls_finding_note(finding, file, line, col, message);
	free(file);
}
