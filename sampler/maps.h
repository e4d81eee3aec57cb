/*
 * maps.h — a process's address map (/proc/PID/maps), the sampler's view of
 * which module an address belongs to. Paths are kept as the target sees
 * them; ls_maps_host_path() turns one into a path this process can open:
 * through /proc/PID/root so targets in other mount namespaces work, and
 * for a file deleted or replaced since it was mapped ("PATH (deleted)",
 * after a package upgrade) through /proc/PID/map_files, which still
 * reaches the old file. ls_maps_parse() works on text, so the map logic
 * is testable on a saved snapshot.
 */
#ifndef LS_SAMPLER_MAPS_H
#define LS_SAMPLER_MAPS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct ls_map {
	uint64_t start, end, pgoff;
	int exec;   /* has x permission */
	char *path; /* NULL for anonymous; "[stack]", "[vdso]" ... kept as is */
};

struct ls_maps {
	struct ls_map *v; /* sorted by start */
	size_t n;
	pid_t pid;        /* 0 for a parsed snapshot */
	unsigned generation; /* bumped by every successful reload */
	/* The main executable as the maps name it (/proc/PID/exe), and the
	 * path the process was started by when that is another name for the
	 * same file (a symlink, e.g. a multi-call binary): reports call the
	 * program by the name it ran as. NULL when unknown; both stay valid
	 * until ls_maps_free, across reloads. */
	char *exe, *exe_ran;
	char **retired; /* earlier exe names (an exec), kept for their readers */
	size_t nretired;
};

/* Parse maps text; replaces the previous content. Lines may come in any
 * order (they are sorted); overlapping or empty ranges are malformed.
 * 0, or -1 if malformed (the map is then empty). */
int ls_maps_parse(struct ls_maps *m, const char *text);
/* (Re)read /proc/PID/maps. 0 or -1 with errno set. */
int ls_maps_load(struct ls_maps *m, pid_t pid);
/* The mapping containing addr, or NULL. */
const struct ls_map *ls_maps_find(const struct ls_maps *m, uint64_t addr);
/* Is path a file-backed module (not [stack], [heap], anonymous), deleted
 * since or not? */
int ls_maps_is_file(const struct ls_map *map);
/* Was the mapped file deleted or replaced since ("PATH (deleted)")? */
int ls_maps_is_deleted(const struct ls_map *map);
/* Short module name: the path's basename, or the bracketed name. */
const char *ls_maps_basename(const char *path);
/* The name to show for a module path (without a " (deleted)" mark): the
 * basename, or for the main executable the basename it ran as. */
const char *ls_maps_module_name(const struct ls_maps *m, const char *path);
/* Path to open the mapping's file from here: PATH itself for a snapshot;
 * for a live pid /proc/PID/root/PATH, or for a deleted file
 * /proc/PID/map_files/START-END (else /proc/PID/exe when it is the main
 * executable). Caller frees. */
char *ls_maps_host_path(const struct ls_maps *m, const struct ls_map *map);
void ls_maps_free(struct ls_maps *m);

#endif
