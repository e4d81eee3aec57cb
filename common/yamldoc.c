/*
 * yamldoc.c — libyaml event stream to a jansson tree. Anchors and aliases
 * are resolved by copying the anchored node.
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
};

struct loader {
	yaml_parser_t parser;
	const char *name;
	int flags;
	char *err;
	size_t errlen;
	struct anchor *anchors;
	size_t nanchors;
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

static void remember(struct loader *l, const yaml_char_t *anchor, json_t *node)
{
	if (!anchor)
		return;
	l->anchors = ls_xrealloc(l->anchors, (l->nanchors + 1) * sizeof *l->anchors);
	l->anchors[l->nanchors].name = ls_xstrdup((const char *)anchor);
	l->anchors[l->nanchors].node = json_incref(node);
	l->nanchors++;
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
	if (l->flags & LS_YAML_LINES)
		json_object_set_new(obj, "@line", json_integer((json_int_t)start->line + 1));
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
		yaml_event_delete(&ev);
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
		free(key);
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *parse_node(struct loader *l, yaml_event_t *ev)
{
	json_t *node = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		const char *s = (const char *)ev->data.scalar.value;
		size_t n = ev->data.scalar.length;
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag)
			node = plain_scalar(s, n);
		else
			node = json_stringn(s, n);
		remember(l, ev->data.scalar.anchor, node);
		return node;
	}
	case YAML_SEQUENCE_START_EVENT: {
		yaml_char_t *anchor = ev->data.sequence_start.anchor;
		node = parse_sequence(l);
		if (node)
			remember(l, anchor, node);
		return node;
	}
	case YAML_MAPPING_START_EVENT: {
		yaml_char_t *anchor = ev->data.mapping_start.anchor;
		node = parse_mapping(l, &ev->start_mark);
		if (node)
			remember(l, anchor, node);
		return node;
	}
	case YAML_ALIAS_EVENT:
		for (size_t i = 0; i < l->nanchors; i++)
			if (!strcmp(l->anchors[i].name, (const char *)ev->data.alias.anchor))
				return json_deep_copy(l->anchors[i].node);
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
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	json_t *j = ls_yaml_load_string(text, len, path, flags, err, errlen);
	free(text);
	return j;
}

int ls_yaml_line(const json_t *obj)
{
	return (int)json_integer_value(json_object_get(obj, "@line"));
}
