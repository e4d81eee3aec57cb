/*
 * strmap.h — open-addressing hash map from strings to pointers, used for
 * USR lookups in the link step and for model name lookups. Keys are copied.
 */
#ifndef LS_STRMAP_H
#define LS_STRMAP_H

#include <stddef.h>

struct ls_strmap {
	char **keys;
	void **vals;
	size_t cap, len;
};

/* Pointer stored under key, or NULL. */
void *ls_strmap_get(const struct ls_strmap *m, const char *key);
/* Store val under key, replacing (and returning) any previous value. */
void *ls_strmap_put(struct ls_strmap *m, const char *key, void *val);
/* Iterate: for (size_t i = 0; i < m->cap; i++) if (m->keys && m->keys[i]) ... */
void ls_strmap_free(struct ls_strmap *m, void (*free_val)(void *));

#endif
