/*
 * resources.c — handle-leak, close-then-free and buffer-leak: the words.
 *
 * The analysis (analyzer/resource.c) finds the paths; this file turns
 * each into a finding a reader can act on without opening the code:
 * the message names the object, the call that acquired it and the call
 * whose failure leads to the leak; the notes walk the branch conditions
 * of the path and end where the function returns (or frees).
 */
#include "analyzer/rules/resources.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/resource.h"
#include "common/util.h"

/* Source text of a cursor's extent, whitespace collapsed, at most about
 * 60 characters (caller frees). */
static char *text_of(CXCursor cur)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(cur);
	CXSourceRange r = clang_getCursorExtent(cur);
	CXFile f1, f2;
	unsigned o1, o2;
	clang_getExpansionLocation(clang_getRangeStart(r), &f1, NULL, NULL, &o1);
	clang_getExpansionLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &o2);
	size_t size = 0;
	const char *buf = f1 ? clang_getFileContents(tu, f1, &size) : NULL;
	if (!buf || !clang_File_isEqual(f1, f2) || o2 <= o1 || o2 > size)
		return ls_xstrdup("the condition");
	struct ls_buf b = {0};
	int sp = 0;
	for (unsigned i = o1; i < o2 && b.len < 60; i++) {
		char ch = buf[i];
		if (ch == '\n' || ch == '\t' || ch == ' ') {
			sp = 1;
			continue;
		}
		if (sp && b.len)
			ls_buf_add(&b, " ", 1);
		sp = 0;
		ls_buf_add(&b, &ch, 1);
	}
	if (b.len >= 60)
		ls_buf_puts(&b, "...");
	return ls_buf_steal(&b);
}

static unsigned line_of(CXCursor cur)
{
	unsigned line = 0;
	clang_getExpansionLocation(clang_getCursorLocation(cur), NULL, &line, NULL, NULL);
	return line;
}

/* Does the text read as a macro call, `ASSERT(...)`? A condition inside a
 * macro body shows as the whole invocation: "'ASSERT(r == 0)' is false"
 * misleads more than it helps, so such conditions get no note. */
static int macro_text(const char *t)
{
	const char *p = t;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	return p > t && *p == '(';
}

/* One note per branch condition on the path from line from_line on. */
static void path_notes(json_t *f, const struct ls_res_path *p, unsigned from_line)
{
	for (unsigned i = 0; i < p->nconds; i++) {
		if (line_of(p->conds[i]) < from_line)
			continue;
		char *t = text_of(p->conds[i]);
		if (macro_text(t)) {
			free(t);
			continue;
		}
		char *msg = ls_xasprintf("'%s' is %s here", t, p->truth[i] ? "true" : "false");
		ls_finding_note_at(f, p->conds[i], msg);
		free(msg);
		free(t);
	}
}

/* The note at the path's exit: the return, or the body's closing brace. */
static void exit_note(json_t *f, const struct ls_res_path *p, const char *msg)
{
	if (!clang_Cursor_isNull(p->exit)) {
		ls_finding_note_at(f, p->exit, msg);
		return;
	}
	CXSourceLocation end = clang_getRangeEnd(clang_getCursorExtent(p->body));
	CXFile file;
	unsigned line, col;
	clang_getExpansionLocation(end, &file, &line, &col, NULL);
	CXString name = clang_getFileName(file);
	char *abs = ls_abspath(clang_getCString(name) ? clang_getCString(name) : "<unknown>", NULL);
	ls_finding_note(f, abs, line, col > 1 ? col - 1 : col, msg);
	free(abs);
	clang_disposeString(name);
}

static void on_leak(struct ls_intra *in, const char *function, const struct ls_res_leak *l)
{
	const char *is = l->plural ? "are" : "is";
	char *msg;
	if (!clang_Cursor_isNull(l->freed_at))
		msg = ls_xasprintf("%s %s %s by %s %s freed on line %u while still active: never %s "
				   "on this path",
				   l->what, l->names, l->acquired, l->callee, is, line_of(l->freed_at),
				   l->released);
	else if (l->again)
		msg = ls_xasprintf("%s %s %s by %s %s not %s before the loop calls %s again%s%s%s",
				   l->what, l->names, l->acquired, l->callee, is, l->released,
				   l->callee, l->failed ? " (when " : "", l->failed ? l->failed : "",
				   l->failed ? " fails)" : "");
	else if (l->failed)
		msg = ls_xasprintf("%s %s %s by %s %s not %s when %s fails", l->what, l->names,
				   l->acquired, l->callee, is, l->released, l->failed);
	else if (!clang_Cursor_isNull(l->path.exit))
		msg = ls_xasprintf("%s %s %s by %s %s not %s on the path that returns on line %u",
				   l->what, l->names, l->acquired, l->callee, is, l->released,
				   line_of(l->path.exit));
	else
		msg = ls_xasprintf("%s %s %s by %s %s not %s before the function ends", l->what,
				   l->names, l->acquired, l->callee, is, l->released);
	json_t *f = ls_finding_at("handle-leak", l->site, function, msg);
	/* The fix is the resource's model's (a FILE * leak in a libevent
	 * program is closed with fclose, not event_free). */
	if (l->model)
		json_object_set_new(f, "framework", json_string(l->model));
	if (l->guards)
		json_object_set(f, "param_guards", (json_t *)l->guards);
	/* the link step asks whether the function runs more than once in
	 * the process (link.c, once_only); a leak in a loop of its own can */
	if (l->repeats)
		json_object_set_new(f, "repeats", json_true());
	path_notes(f, &l->path, line_of(l->site));
	char *note;
	if (!clang_Cursor_isNull(l->freed_at)) {
		note = ls_xasprintf("'%s' is freed here", l->first);
		ls_finding_note_at(f, l->freed_at, note);
	} else if (l->again) {
		note = ls_xasprintf("the loop comes back here while %s %s still %s", l->names, is,
				    l->by_arg ? "open" : "held");
		ls_finding_note_at(f, l->path.exit, note);
	} else {
		note = ls_xasprintf("%s %s still %s when the function returns here", l->names, is,
				    l->by_arg ? "open" : "held");
		exit_note(f, &l->path, note);
	}
	json_array_append_new(in->findings, f);
	free(note);
	free(msg);
}

static void on_close_then_free(struct ls_intra *in, const char *function,
			       const struct ls_res_close_free *c)
{
	char *msg = c->callback
			    ? ls_xasprintf("'%s' is freed while %s is still pending: the close callback "
					   "'%s' runs later on the loop, which still uses the handle",
					   c->handle, c->closer, c->callback)
			    : ls_xasprintf("'%s' is freed while %s is still pending: %s(..., NULL) only "
					   "starts closing, and the loop uses the handle after this free",
					   c->handle, c->closer, c->closer);
	json_t *f = ls_finding_at("close-then-free", c->free_call, function, msg);
	char *note = ls_xasprintf("%s starts closing '%s' here", c->closer, c->handle);
	ls_finding_note_at(f, c->close_call, note);
	json_array_append_new(in->findings, f);
	free(note);
	free(msg);
}

static void on_buffer_leak(struct ls_intra *in, const struct ls_res_bufleak *b)
{
	char *msg = NULL;
	for (unsigned i = 0; i < b->path.nconds && !msg; i++) {
		char *cond = text_of(b->path.conds[i]);
		if (!macro_text(cond))
			msg = ls_xasprintf("read callback '%s' does not free buf->base (allocated by "
					   "alloc callback '%s') when '%s' is %s",
					   b->read_cb, b->alloc_cb, cond, b->path.truth[i] ? "true" : "false");
		free(cond);
	}
	if (!msg) {
		msg = ls_xasprintf("read callback '%s' does not free buf->base (allocated by alloc "
				   "callback '%s') on some path",
				   b->read_cb, b->alloc_cb);
	}
	json_t *f = ls_finding_at("buffer-leak", b->fn, b->read_cb, msg);
	path_notes(f, &b->path, 0);
	exit_note(f, &b->path, "buf->base is neither freed nor handed on when the callback returns here");
	json_array_append_new(in->findings, f);
	free(msg);
}

static const struct ls_res_reporter reporter = {on_leak, on_close_then_free, on_buffer_leak};

void ls_rule_resources(struct ls_intra *in, CXCursor fn, const char *name, const char *usr)
{
	size_t from = json_array_size(in->findings);
	ls_res_analyze(in, fn, name, &reporter);
	/* which definition leaks: the link step looks up its callers */
	for (size_t i = from; i < json_array_size(in->findings); i++) {
		json_t *f = json_array_get(in->findings, i);
		const char *rule = json_string_value(json_object_get(f, "rule"));
		if (usr && rule && !strcmp(rule, "handle-leak"))
			json_object_set_new(f, "fn_usr", json_string(usr));
	}
}
