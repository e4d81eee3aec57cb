/*
 * schema.h — check a jansson tree (a model, a summary) against a spec, so
 * that the code reading it can trust every member's type and never sees a
 * NULL where it expects a string.
 *
 * A spec is itself a jansson tree:
 *   {"key": SPEC, ...}  an object with these members (all optional unless
 *                       the member's type ends in '!'); "*": SPEC applies
 *                       to every member not named
 *   [SPEC]              a list whose items all match SPEC
 *   "T1|T2|...[!]"      a scalar type, one of: str, int, bool, null, any,
 *                       obj (any object), list (any list); @NAME (the spec
 *                       defs.NAME); [T] (a list of T); =a/b/c (one of these
 *                       strings); any other word is a custom type that the
 *                       check callback decides
 *   "*": "error"        in an object spec: members it does not name are
 *                       errors, not warnings (a condition's test)
 * Members whose key starts with '@' (the YAML loader's positions) are
 * skipped.
 */
#ifndef LS_SCHEMA_H
#define LS_SCHEMA_H

#include <jansson.h>
#include <stddef.h>

struct ls_schema_ctx {
	const json_t *defs; /* named specs for @NAME */
	/* Custom type `type`: NULL if v is one, else what v should be (e.g.
	 * "a rule id of the catalog"), or a message starting with '!' that
	 * replaces the "expected ..." text. May be NULL (no custom types). */
	const char *(*check)(void *ud, const char *type, const json_t *v);
	/* Called after an object matched @NAME member by member: NULL, or
	 * what is wrong with it as a whole. May be NULL. */
	const char *(*check_obj)(void *ud, const char *name, const json_t *obj);
	/* A problem at member `key` of object `obj` (key NULL: obj itself);
	 * path names it ("blocking[2].arg"); warning: an unknown member. */
	void (*report)(void *ud, const json_t *obj, const char *key, const char *path,
		       const char *msg, int warning);
	int warn_unknown; /* report members the spec does not name */
	void *ud;
};

/* Check doc against spec. Returns the number of errors reported (warnings
 * do not count). */
int ls_schema_check(const struct ls_schema_ctx *c, const json_t *spec, const json_t *doc);

#endif
