/* u64map.c — see u64map.h: sizing and freeing; the lookup is inline. */
#include "u64map.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The keys of m in a new table of cap slots (a power of two over twice
 * their number). */
static void resize(struct ls_u64map *m, size_t cap)
{
	struct ls_u64map n = {ls_xmalloc(cap * sizeof *n.slots), cap, 0};
	memset(n.slots, 0xff, cap * sizeof *n.slots);
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].val >= 0)
			ls_u64map_add(&n, m->slots[i].key, m->slots[i].val);
	free(m->slots);
	*m = n;
}

void ls_u64map_init(struct ls_u64map *m, size_t n)
{
	size_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	*m = (struct ls_u64map){0};
	resize(m, cap);
}

void ls_u64map_grow(struct ls_u64map *m)
{
	resize(m, m->cap ? m->cap * 2 : 16);
}

void ls_u64map_free(struct ls_u64map *m)
{
	free(m->slots);
	*m = (struct ls_u64map){0};
}
