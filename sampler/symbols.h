/*
 * symbols.h — modules (executables and shared objects) as the sampler
 * needs them: the ELF image opened once and cached per path, its function
 * symbols, file:line from DWARF where present, and the .eh_frame_hdr the
 * unwinder searches. Names come from wherever elfutils' libdwfl finds
 * them, in its order: the file's .symtab; else a separate debug file
 * (/usr/lib/debug/.build-id/xx/yyyy.debug, the .gnu_debuglink name beside
 * the file, in .debug/ or under /usr/lib/debug, when it is a plain file
 * name, and a debuginfod server
 * when DEBUGINFOD_URLS is set); else .dynsym together with MiniDebugInfo
 * (.gnu_debugdata). Addresses here are the module's own (link-time)
 * addresses; ls_sym_bias() converts from a mapping in a live process, so
 * PIE and ASLR are handled in one place.
 */
#ifndef LS_SAMPLER_SYMBOLS_H
#define LS_SAMPLER_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "sampler/maps.h"

struct ls_sym_module;
struct ls_sym_callbacks;

/* The target system's family, as far as the hint for missing symbols
 * cares: which package manager installs debug symbols, and how. */
enum ls_sym_distro {
	LS_DISTRO_UNKNOWN, /* no package form is offered */
	LS_DISTRO_DEBIAN,  /* dpkg, PKG-dbgsym (Debian, Ubuntu and their derivatives) */
	LS_DISTRO_DNF,     /* rpm, dnf debuginfo-install (Fedora, RHEL, CentOS and theirs) */
	LS_DISTRO_SUSE,    /* rpm, zypper install PKG-debuginfo (SUSE, openSUSE) */
};

struct ls_sym_cache {
	struct ls_sym_module **v;
	size_t n;
	char *root; /* prefix for debug-file lookups, e.g. "/proc/PID/root"; "" for none */
	struct ls_sym_callbacks *cb; /* libdwfl's search settings, shared by the modules */
	enum ls_sym_distro distro; /* from ROOT/etc/os-release, read at init */
};

/* A symbolized address. function is NULL when no symbol covers it;
 * file is NULL and line 0 when there is no line information. Strings
 * belong to the module and live as long as the cache. */
struct ls_sym_info {
	const char *function;
	uint64_t offset; /* from the function's start */
	const char *file;
	int line;
};

/* Where a module's function names came from, worst first. */
enum ls_sym_source {
	LS_SYM_NONE,       /* no symbols at all */
	LS_SYM_DYNSYM,     /* exported names only: static functions are unnamed */
	LS_SYM_MINIDEBUG,  /* .dynsym plus the function names of .gnu_debugdata, no lines */
	LS_SYM_SYMTAB,     /* the file's own .symtab */
	LS_SYM_DEBUGFILE,  /* a separate debug file (local or from debuginfod) */
};

void ls_sym_cache_init(struct ls_sym_cache *c, const char *root);
void ls_sym_cache_free(struct ls_sym_cache *c);

/* The module for a target path (as in /proc/PID/maps, possibly ending in
 * " (deleted)"), opened from host_path; cached, so later calls are cheap.
 * NULL if it cannot be read as ELF (then every later call for the same
 * path is NULL too, cheaply). With root "" and host_path == path this
 * symbolizes a file on disk, no process needed. A debuginfod download,
 * if any, happens here. */
struct ls_sym_module *ls_sym_module_get(struct ls_sym_cache *c, const char *path,
					const char *host_path);
/* The maps path of a file ls_sym_module_get could not read ("PATH
 * (deleted)" or PATH), as the cache's own copy, which lives as long as
 * the cache; NULL when path was read fine or never asked for. */
const char *ls_sym_unreadable(const struct ls_sym_cache *c, const char *path);
/* The module's path as the target sees it, without a " (deleted)" mark. */
const char *ls_sym_module_path(const struct ls_sym_module *m);
/* Does the module have a full symbol table (.symtab here or in a debug file)? */
int ls_sym_module_has_symtab(const struct ls_sym_module *m);
enum ls_sym_source ls_sym_module_source(const struct ls_sym_module *m);
/* The GNU build-id in lower-case hex, NULL when the file has none. */
const char *ls_sym_module_build_id(const struct ls_sym_module *m);
/* What a person can do to get the names a module lacks: one line, no
 * newline ("install PKG-dbgsym, or put the debug file at
 * /usr/lib/debug/.build-id/xx/yyyy.debug, or set DEBUGINFOD_URLS"), in
 * the form of the target's system only (its /etc/os-release: dbgsym
 * packages on Debian-like systems, dnf debuginfo-install on Fedora-like
 * ones, zypper on SUSE, none where unknown). The package is asked of
 * dpkg or rpm only when the target shares this root; in another root the
 * hint names the query to run there. Caller frees. */
char *ls_sym_missing_hint(const struct ls_sym_cache *c, const struct ls_sym_module *m);
/* The family named by os-release text (ID, else the first of ID_LIKE
 * known); LS_DISTRO_UNKNOWN for NULL or none. */
enum ls_sym_distro ls_sym_distro_parse(const char *os_release);
/* The hint's text for a module at path (as the target sees it) with
 * build_id (NULL: none), on distro d; pkg is its package (NULL: not
 * known), other_root says the target runs in another root. Reads
 * DEBUGINFOD_URLS. Caller frees. */
char *ls_sym_hint_format(enum ls_sym_distro d, const char *pkg, int other_root, const char *path,
			 const char *build_id);
/* May a .gnu_debuglink name be looked up? Only a plain file name: not
 * empty, no '/', not "." or "..", at most NAME_MAX bytes. The name comes
 * from the target's binary, and a process in a container must not make
 * us open host files. */
int ls_sym_debuglink_ok(const char *name);
/* "exported (.dynsym) names only" and the like, for a report. */
const char *ls_sym_source_text(enum ls_sym_source s);

/* Load bias of the module given one of its mappings: runtime address =
 * module address + bias. */
uint64_t ls_sym_bias(const struct ls_sym_module *m, const struct ls_map *map);

/* Symbolize a module address; lines only when want_line (DWARF is opened,
 * and perhaps fetched, on the first such call). */
void ls_sym_lookup(struct ls_sym_module *m, uint64_t addr, int want_line,
		   struct ls_sym_info *out);

/* Copy n bytes at a module address from the file image; 0 or -1 when the
 * range is not file-backed (e.g. .bss). */
int ls_sym_read(const struct ls_sym_module *m, uint64_t addr, void *buf, size_t n);

/* The .eh_frame_hdr binary-search table: module addresses of the header
 * and of the table, and the entry count. -1 when absent or in an encoding
 * other than the one every toolchain emits (datarel sdata4 pairs). */
int ls_sym_eh_frame_hdr(const struct ls_sym_module *m, uint64_t *hdr, uint64_t *table,
			uint64_t *count);
/* Module address range of executable code. */
void ls_sym_text_range(const struct ls_sym_module *m, uint64_t *lo, uint64_t *hi);

#endif
