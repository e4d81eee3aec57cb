/* strmap.c — see strmap.h. Linear probing, load factor at most 1/2. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static size_t slot(const struct ls_strmap *m, const char *key)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)ls_hash64(key, strlen(key), 0) & mask;
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

void *ls_strmap_get(const struct ls_strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = slot(m, key);
	return m->keys[i] ? m->vals[i] : NULL;
}

static void grow(struct ls_strmap *m)
{
	struct ls_strmap n = {0};
	n.cap = m->cap ? m->cap * 2 : 64;
	n.keys = ls_xcalloc(n.cap, sizeof *n.keys);
	n.vals = ls_xcalloc(n.cap, sizeof *n.vals);
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = slot(&n, m->keys[i]);
		n.keys[j] = m->keys[i];
		n.vals[j] = m->vals[i];
		n.len++;
	}
	free(m->keys);
	free(m->vals);
	*m = n;
}

void *ls_strmap_put(struct ls_strmap *m, const char *key, void *val)
{
	if ((m->len + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot(m, key);
	if (m->keys[i]) {
		void *old = m->vals[i];
		m->vals[i] = val;
		return old;
	}
	m->keys[i] = ls_xstrdup(key);
	m->vals[i] = val;
	m->len++;
	return NULL;
}

void ls_strmap_free(struct ls_strmap *m, void (*free_val)(void *))
{
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		free(m->keys[i]);
		if (free_val)
			free_val(m->vals[i]);
	}
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
