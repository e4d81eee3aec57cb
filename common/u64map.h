/*
 * u64map.h — open-addressing table from 64-bit keys to ints >= 0, for
 * tallies over integer keys (stack ids, syscall numbers, hashes) where a
 * strmap would cost a string per key. A zeroed struct is an empty map.
 * Linear probing from a Fibonacci hash of the key (small integer keys
 * spread too), at most half full; the lookup is inline, as it runs once
 * per sample of a stall.
 */
#ifndef LS_U64MAP_H
#define LS_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct ls_u64map {
	struct ls_u64map_slot {
		uint64_t key;
		int val; /* -1: the slot is empty */
	} *slots;
	size_t cap, len;
};

/* An empty map that holds n keys without growing. */
void ls_u64map_init(struct ls_u64map *m, size_t n);
void ls_u64map_free(struct ls_u64map *m);
/* Room for one key more (ls_u64map_add). */
void ls_u64map_grow(struct ls_u64map *m);

/* The value under key; where there is none, val (>= 0) is stored under
 * it and returned. */
static inline int ls_u64map_add(struct ls_u64map *m, uint64_t key, int val)
{
	if ((m->len + 1) * 2 > m->cap)
		ls_u64map_grow(m);
	size_t mask = m->cap - 1;
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
	while (m->slots[i].val >= 0 && m->slots[i].key != key)
		i = (i + 1) & mask;
	if (m->slots[i].val < 0) {
		m->slots[i] = (struct ls_u64map_slot){key, val};
		m->len++;
	}
	return m->slots[i].val;
}

#endif
