/*
 * yamldoc.c — libyaml event stream to a jansson tree. Anchors and aliases
 * are resolved by copying the anchored node, so consumers may edit the
 * tree; the copies are counted (LS_YAML_MAX_EXPANDED) so that an alias
 * bomb fails at once instead of exhausting memory, and nesting is capped
 * (LS_YAML_MAX_DEPTH) before it can exhaust anything.
 */
#include "yamldoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util.h"

struct anchor {
	char *name;
	json_t *node;
	size_t size; /* nodes in it, aliases expanded */
};

struct loader {
	yaml_parser_t parser;
	const char *name;
	int flags;
	char *err;
	size_t errlen;
	struct anchor *anchors;
	size_t nanchors;
	size_t nodes;    /* made so far, aliases expanded */
	size_t expanded; /* of those, made by copying for an alias */
	int depth;
};

static json_t *plain_scalar(const char *s, size_t len)
{
	if (len == 0 || !strcmp(s, "~") || !strcmp(s, "null"))
		return json_null();
	if (!strcmp(s, "true"))
		return json_true();
	if (!strcmp(s, "false"))
		return json_false();
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 0);
	if (*end == '\0' && errno == 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return json_integer(v);
	return json_stringn(s, len);
}

static void set_err(struct loader *l, const yaml_mark_t *m, const char *what)
{
	snprintf(l->err, l->errlen, "%s:%zu:%zu: %s", l->name, m->line + 1,
		 m->column + 1, what);
}

/* first: l->nodes before the node was parsed. */
static void remember(struct loader *l, const yaml_char_t *anchor, json_t *node, size_t first)
{
	if (!anchor)
		return;
	l->anchors = ls_xrealloc(l->anchors, (l->nanchors + 1) * sizeof *l->anchors);
	l->anchors[l->nanchors].name = ls_xstrdup((const char *)anchor);
	l->anchors[l->nanchors].node = json_incref(node);
	l->anchors[l->nanchors].size = l->nodes - first;
	l->nanchors++;
}

/* "@at": {key: [line, column]} of a mapping (LS_YAML_LINES). */
static void remember_key(json_t *obj, const char *key, const yaml_mark_t *m)
{
	json_t *at = json_object_get(obj, "@at");
	if (!at) {
		at = json_object();
		json_object_set_new(obj, "@at", at);
	}
	json_object_set_new(at, key, json_pack("[I, I]", (json_int_t)m->line + 1,
					       (json_int_t)m->column + 1));
}

static json_t *parse_node(struct loader *l, yaml_event_t *ev);

static int next_event(struct loader *l, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&l->parser, ev)) {
		set_err(l, &l->parser.problem_mark,
			l->parser.problem ? l->parser.problem : "malformed YAML");
		return -1;
	}
	return 0;
}

static json_t *parse_sequence(struct loader *l)
{
	json_t *arr = json_array();
	for (;;) {
		yaml_event_t ev;
		if (next_event(l, &ev) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		json_t *item = parse_node(l, &ev);
		yaml_event_delete(&ev);
		if (!item)
			goto fail;
		json_array_append_new(arr, item);
	}
fail:
	json_decref(arr);
	return NULL;
}

static json_t *parse_mapping(struct loader *l, const yaml_mark_t *start)
{
	json_t *obj = json_object();
	if (l->flags & LS_YAML_LINES) {
		json_object_set_new(obj, "@line", json_integer((json_int_t)start->line + 1));
		json_object_set_new(obj, "@column", json_integer((json_int_t)start->column + 1));
	}
	for (;;) {
		yaml_event_t ev;
		if (next_event(l, &ev) < 0)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return obj;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			set_err(l, &ev.start_mark, "mapping keys must be plain scalars");
			yaml_event_delete(&ev);
			goto fail;
		}
		char *key = ls_xstrdup((const char *)ev.data.scalar.value);
		yaml_mark_t at = ev.start_mark;
		yaml_event_delete(&ev);
		/* A repeated key would silently win over the first: an error,
		 * as keys starting with '@' (the loader's own) are. */
		if (json_object_get(obj, key) || key[0] == '@') {
			char *what = ls_xasprintf(key[0] == '@' ? "key '%s': keys may not start with '@'"
								: "duplicate key '%s'", key);
			set_err(l, &at, what);
			free(what);
			free(key);
			goto fail;
		}
		if (next_event(l, &ev) < 0) {
			free(key);
			goto fail;
		}
		json_t *val = parse_node(l, &ev);
		yaml_event_delete(&ev);
		if (!val) {
			free(key);
			goto fail;
		}
		json_object_set_new(obj, key, val);
		if (l->flags & LS_YAML_LINES)
			remember_key(obj, key, &at);
		free(key);
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *parse_node(struct loader *l, yaml_event_t *ev)
{
	json_t *node = NULL;
	size_t first = l->nodes;
	l->nodes++;
	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		const char *s = (const char *)ev->data.scalar.value;
		size_t n = ev->data.scalar.length;
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag)
			node = plain_scalar(s, n);
		else
			node = json_stringn(s, n);
		remember(l, ev->data.scalar.anchor, node, first);
		return node;
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		if (l->depth >= LS_YAML_MAX_DEPTH) {
			char what[64];
			snprintf(what, sizeof what, "nested deeper than %d levels", LS_YAML_MAX_DEPTH);
			set_err(l, &ev->start_mark, what);
			return NULL;
		}
		l->depth++;
		yaml_char_t *anchor;
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			anchor = ev->data.sequence_start.anchor;
			node = parse_sequence(l);
		} else {
			anchor = ev->data.mapping_start.anchor;
			node = parse_mapping(l, &ev->start_mark);
		}
		l->depth--;
		if (node)
			remember(l, anchor, node, first);
		return node;
	}
	case YAML_ALIAS_EVENT:
		/* The latest anchor of that name: YAML allows redefining one. */
		for (size_t i = l->nanchors; i-- > 0;)
			if (!strcmp(l->anchors[i].name, (const char *)ev->data.alias.anchor)) {
				size_t size = l->anchors[i].size;
				if (size > LS_YAML_MAX_EXPANDED - l->expanded) {
					char what[96];
					snprintf(what, sizeof what,
						 "aliases expand to more than %d nodes",
						 LS_YAML_MAX_EXPANDED);
					set_err(l, &ev->start_mark, what);
					return NULL;
				}
				l->expanded += size;
				l->nodes += size - 1;
				return json_deep_copy(l->anchors[i].node);
			}
		set_err(l, &ev->start_mark, "unknown alias");
		return NULL;
	default:
		set_err(l, &ev->start_mark, "unexpected YAML event");
		return NULL;
	}
}

json_t *ls_yaml_load_string(const char *text, size_t len, const char *name,
			    int flags, char *err, size_t errlen)
{
	struct loader l = {.name = name, .flags = flags, .err = err, .errlen = errlen};
	json_t *root = NULL;
	yaml_event_t ev;
	if (!yaml_parser_initialize(&l.parser)) {
		snprintf(err, errlen, "%s: cannot initialise YAML parser", name);
		return NULL;
	}
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)text, len);
	/* STREAM-START, then DOCUMENT-START or STREAM-END. */
	if (next_event(&l, &ev) < 0)
		goto out;
	yaml_event_delete(&ev);
	if (next_event(&l, &ev) < 0)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		root = json_object();
		goto out;
	}
	yaml_event_delete(&ev);
	if (next_event(&l, &ev) < 0)
		goto out;
	root = parse_node(&l, &ev);
	yaml_event_delete(&ev);
	if (root && json_is_null(root)) {
		json_decref(root);
		root = json_object();
	}
out:
	yaml_parser_delete(&l.parser);
	for (size_t i = 0; i < l.nanchors; i++) {
		free(l.anchors[i].name);
		json_decref(l.anchors[i].node);
	}
	free(l.anchors);
	return root;
}

json_t *ls_yaml_load_file(const char *path, int flags, char *err, size_t errlen)
{
	size_t len;
	char *text = ls_read_file(path, &len);
	if (!text) {
		snprintf(err, errlen, "%s: %s", path, ls_strerror(errno));
		return NULL;
	}
	json_t *j = ls_yaml_load_string(text, len, path, flags, err, errlen);
	free(text);
	return j;
}

json_t *ls_json_load_file(const char *path, json_error_t *err)
{
	size_t len;
	char *text = ls_read_file(path, &len);
	if (!text) {
		memset(err, 0, sizeof *err);
		snprintf(err->text, sizeof err->text, "%s", ls_strerror(errno));
		return NULL;
	}
	json_t *j = json_loadb(text, len, 0, err);
	free(text);
	if (!j && err->line <= 0)
		err->line = 1; /* broken, not unreadable: an empty file */
	return j;
}

int ls_yaml_line(const json_t *obj)
{
	return (int)json_integer_value(json_object_get(obj, "@line"));
}

int ls_yaml_pos(const json_t *obj, const char *key, int *line, int *col)
{
	const json_t *at = key ? json_object_get(json_object_get(obj, "@at"), key) : NULL;
	*line = (int)json_integer_value(at ? json_array_get(at, 0) : json_object_get(obj, "@line"));
	*col = (int)json_integer_value(at ? json_array_get(at, 1) : json_object_get(obj, "@column"));
	return *line;
}
