/*
 * maps.c — see maps.h.
 */
#include "sampler/maps.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

static void clear(struct ls_maps *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* One line: "start-end perms offset dev inode   path". */
static int parse_line(const char *line, struct ls_map *out)
{
	unsigned long long start, end, off;
	char perms[8];
	int pos = 0;
	if (sscanf(line, "%llx-%llx %7s %llx %*s %*s%n", &start, &end, perms, &off, &pos) < 4 || !pos)
		return -1;
	const char *p = line + pos;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t len = strcspn(p, "\n");
	out->start = start;
	out->end = end;
	out->pgoff = off;
	out->exec = strchr(perms, 'x') != NULL;
	out->path = len ? ls_xstrndup(p, len) : NULL;
	return 0;
}

int ls_maps_parse(struct ls_maps *m, const char *text)
{
	clear(m);
	size_t cap = 0;
	const char *line = text;
	while (*line) {
		const char *nl = strchr(line, '\n');
		if (line[0] != '\n') {
			struct ls_map map;
			if (parse_line(line, &map) < 0) {
				clear(m);
				return -1;
			}
			if (m->n == cap) {
				cap = cap ? cap * 2 : 64;
				m->v = ls_xrealloc(m->v, cap * sizeof *m->v);
			}
			m->v[m->n++] = map;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	m->generation++;
	return 0;
}

int ls_maps_load(struct ls_maps *m, pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	char *text = ls_read_file(path, NULL);
	if (!text)
		return -1;
	int rc = ls_maps_parse(m, text);
	free(text);
	m->pid = pid;
	if (rc < 0)
		errno = EINVAL;
	return rc;
}

const struct ls_map *ls_maps_find(const struct ls_maps *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (addr < m->v[mid].start)
			hi = mid;
		else if (addr >= m->v[mid].end)
			lo = mid + 1;
		else
			return &m->v[mid];
	}
	return NULL;
}

int ls_maps_is_file(const struct ls_map *map)
{
	if (!map->path || map->path[0] != '/')
		return 0;
	size_t n = strlen(map->path);
	return !(n > 10 && !strcmp(map->path + n - 10, " (deleted)"));
}

const char *ls_maps_basename(const char *path)
{
	if (!path)
		return "[anon]";
	const char *s = strrchr(path, '/');
	return s && path[0] == '/' ? s + 1 : path;
}

char *ls_maps_host_path(const struct ls_maps *m, const char *path)
{
	if (!m->pid)
		return ls_xstrdup(path);
	return ls_xasprintf("/proc/%d/root%s", (int)m->pid, path);
}

void ls_maps_free(struct ls_maps *m)
{
	clear(m);
}
