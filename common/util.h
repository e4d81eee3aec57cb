/*
 * util.h — small helpers every part of loopscope uses: allocation that
 * never returns NULL, a growable string buffer, diagnostics on stderr in
 * one consistent form ("loopscope: error: ..."), files and paths.
 */
#ifndef LS_UTIL_H
#define LS_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* The version loopscope reports (--version, reports, summaries, caches). */
#define LS_VERSION "0.1.0"

#define LS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A loop thread busy this long without getting back to its poll has
 * stalled: the sampler's default --threshold, and the bound below which
 * `check` holds a sleep of constant length at note (models' `duration`). */
#define LS_STALL_THRESHOLD_MS 100

void *ls_xmalloc(size_t n);
void *ls_xcalloc(size_t n, size_t size);
void *ls_xrealloc(void *p, size_t n);
char *ls_xstrdup(const char *s);
char *ls_xstrndup(const char *s, size_t n);
char *ls_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable NUL-terminated buffer; zero-initialise before first use. */
struct ls_buf {
	char *s;
	size_t len, cap;
};
void ls_buf_add(struct ls_buf *b, const char *s, size_t n);
void ls_buf_puts(struct ls_buf *b, const char *s);
void ls_buf_addf(struct ls_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ls_buf_vaddf(struct ls_buf *b, const char *fmt, va_list ap);
char *ls_buf_steal(struct ls_buf *b);
void ls_buf_free(struct ls_buf *b);

/* Diagnostics about loopscope's own operation (not findings). */
void ls_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ls_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int ls_quiet; /* suppresses ls_warning and progress output */

/* errno of the file helpers below for a path that is not a regular file
 * (a FIFO, a device, a directory, a socket); ls_strerror names it. */
#define LS_ENOTREG EMEDIUMTYPE
/* strerror, knowing LS_ENOTREG. */
const char *ls_strerror(int e);

/* Whole file into a NUL-terminated buffer; NULL with errno set on failure.
 * Only a regular file is read: anything else fails at once with
 * LS_ENOTREG, so a FIFO given as a file never hangs the caller. */
char *ls_read_file(const char *path, size_t *len);
/* Write data to path atomically: a temporary file beside the target, then
 * rename. A symlink is followed (its target is replaced, the link stays);
 * an existing target that is not a regular file is refused (LS_ENOTREG)
 * and left alone; an existing file keeps its mode. 0, or -1 with errno. */
int ls_write_file_atomic(const char *path, const char *data, size_t len);
/* Outputs written through stdio (-o, --svg, --folded ...): open path for
 * writing, or NULL after printing "cannot write PATH: reason". */
FILE *ls_output_open(const char *path);
/* Flush and close f (stdout is flushed only; path NULL names it "standard
 * output"). 0, or -1 after printing "cannot write PATH: reason" when any
 * write failed (a full disk shows only here). */
int ls_output_close(FILE *f, const char *path);
/* mkdir -p; 0 on success. */
int ls_mkdir_p(const char *path, int mode);

/* Absolute, normalised ("." and ".." removed, no symlink resolution). */
char *ls_abspath(const char *path, const char *base);
/* path relative to the current directory when it lies below it, else path. */
const char *ls_display_path(const char *abs);
const char *ls_cwd(void);

/* The candidate closest to word within two edits (a typo: transposed,
 * missing or extra letters), for "did you mean"; NULL if none is. */
const char *ls_nearest(const char *word, const char *const *cands, size_t n);
/* Edit distance (Damerau: a transposition is one edit). */
size_t ls_edit_distance(const char *a, const char *b);

int ls_ncpus(void);
int ls_streq(const char *a, const char *b);
int ls_has_prefix(const char *s, const char *prefix);

/* FNV-1a 64-bit, for fingerprints and cache keys. */
unsigned long long ls_hash64(const void *data, size_t n, unsigned long long seed);

#endif
