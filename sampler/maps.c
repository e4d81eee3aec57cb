/*
 * maps.c — see maps.h.
 */
#include "sampler/maps.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int cmp_start(const void *a, const void *b)
{
	const struct ls_map *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* ls_maps_find bisects, so the map must be sorted and its ranges disjoint
 * and non-empty. The kernel writes them so; a snapshot or a damaged file
 * may not: out-of-order lines are sorted, overlapping or empty ranges
 * make the whole map malformed (which mapping holds an address would be
 * a guess). */
static int check_order(struct ls_maps *m)
{
	if (m->n > 1)
		qsort(m->v, m->n, sizeof *m->v, cmp_start);
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].start >= m->v[i].end || (i && m->v[i - 1].end > m->v[i].start))
			return -1;
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
	if (check_order(m) < 0) {
		clear(m);
		return -1;
	}
	m->generation++;
	return 0;
}

/* The string the kernel left at AT_EXECFN: the path given to execve. */
static char *read_execfn(pid_t pid)
{
	char path[64];
	size_t len;
	snprintf(path, sizeof path, "/proc/%d/auxv", (int)pid);
	char *auxv = ls_read_file(path, &len);
	if (!auxv)
		return NULL;
	uint64_t addr = 0;
	for (size_t i = 0; i + 16 <= len; i += 16) {
		uint64_t kv[2];
		memcpy(kv, auxv + i, sizeof kv);
		if (kv[0] == AT_EXECFN)
			addr = kv[1];
	}
	free(auxv);
	snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
	int fd = addr ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0)
		return NULL;
	char buf[PATH_MAX];
	ssize_t n = pread(fd, buf, sizeof buf - 1, (off_t)addr);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return ls_xstrdup(buf);
}

static void set_exe(struct ls_maps *m, char *exe, char *ran)
{
	if (m->exe && exe && !strcmp(m->exe, exe) && (!m->exe_ran) == (!ran) &&
	    (!ran || !strcmp(m->exe_ran, ran))) {
		free(exe);
		free(ran);
		return;
	}
	/* Names handed out earlier stay readable: retire, don't free. */
	m->retired = ls_xrealloc(m->retired, (m->nretired + 2) * sizeof *m->retired);
	m->retired[m->nretired++] = m->exe;
	m->retired[m->nretired++] = m->exe_ran;
	m->exe = exe;
	m->exe_ran = ran;
}

/* What the process runs (/proc/PID/exe) and, when the path it was started
 * by is another name for that file, that path. */
static void load_exe(struct ls_maps *m, pid_t pid)
{
	char path[64], buf[PATH_MAX];
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n <= 0)
		return;
	buf[n] = '\0';
	char *exe = ls_xstrdup(buf), *ran = read_execfn(pid);
	if (ran) {
		/* A script's AT_EXECFN names the script, not the interpreter
		 * that runs: keep the name only if it reaches the same file
		 * (a relative one from the current directory, if unchanged). */
		char *host = ran[0] == '/' ? ls_xasprintf("/proc/%d/root%s", (int)pid, ran)
					   : ls_xasprintf("/proc/%d/cwd/%s", (int)pid, ran);
		struct stat a, b;
		if (stat(host, &a) < 0 || stat(path, &b) < 0 || a.st_dev != b.st_dev ||
		    a.st_ino != b.st_ino) {
			free(ran);
			ran = NULL;
		}
		free(host);
	}
	set_exe(m, exe, ran);
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
	else
		load_exe(m, pid);
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
	return map->path && map->path[0] == '/';
}

int ls_maps_is_deleted(const struct ls_map *map)
{
	size_t n = map->path ? strlen(map->path) : 0;
	return n > 10 && !strcmp(map->path + n - 10, " (deleted)");
}

const char *ls_maps_basename(const char *path)
{
	if (!path)
		return "[anon]";
	const char *s = strrchr(path, '/');
	return s && path[0] == '/' ? s + 1 : path;
}

const char *ls_maps_module_name(const struct ls_maps *m, const char *path)
{
	if (m->exe_ran && m->exe && path) {
		/* exe carries the " (deleted)" mark when the file is gone. */
		size_t n = strlen(path);
		if (!strncmp(m->exe, path, n) && (!m->exe[n] || !strcmp(m->exe + n, " (deleted)"))) {
			const char *slash = strrchr(m->exe_ran, '/');
			return slash ? slash + 1 : m->exe_ran;
		}
	}
	return ls_maps_basename(path);
}

char *ls_maps_host_path(const struct ls_maps *m, const struct ls_map *map)
{
	if (!m->pid)
		return ls_xstrdup(map->path);
	if (!ls_maps_is_deleted(map))
		return ls_xasprintf("/proc/%d/root%s", (int)m->pid, map->path);
	/* map_files needs CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE); the
	 * exe link serves the main executable without it. */
	char *p = ls_xasprintf("/proc/%d/map_files/%" PRIx64 "-%" PRIx64, (int)m->pid, map->start,
			       map->end);
	if (access(p, R_OK) == 0 || !m->exe || strcmp(m->exe, map->path) != 0)
		return p;
	free(p);
	return ls_xasprintf("/proc/%d/exe", (int)m->pid);
}

void ls_maps_free(struct ls_maps *m)
{
	clear(m);
	for (size_t i = 0; i < m->nretired; i++)
		free(m->retired[i]);
	free(m->retired);
	free(m->exe);
	free(m->exe_ran);
	m->retired = NULL;
	m->nretired = 0;
	m->exe = m->exe_ran = NULL;
}
