/*
 * util.h — small helpers every part of loopscope uses: allocation that
 * never returns NULL, a growable string buffer, diagnostics on stderr in
 * one consistent form ("loopscope: error: ..."), files and paths.
 */
#ifndef LS_UTIL_H
#define LS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define LS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

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

/* Whole file into a NUL-terminated buffer; NULL with errno set on failure. */
char *ls_read_file(const char *path, size_t *len);
/* Write data to path atomically (temporary file in the same directory, rename). */
int ls_write_file_atomic(const char *path, const char *data, size_t len);
/* mkdir -p; 0 on success. */
int ls_mkdir_p(const char *path, int mode);

/* Absolute, normalised ("." and ".." removed, no symlink resolution). */
char *ls_abspath(const char *path, const char *base);
/* path relative to the current directory when it lies below it, else path. */
const char *ls_display_path(const char *abs);
const char *ls_cwd(void);

int ls_ncpus(void);
int ls_streq(const char *a, const char *b);
int ls_has_prefix(const char *s, const char *prefix);

/* FNV-1a 64-bit, for fingerprints and cache keys. */
unsigned long long ls_hash64(const void *data, size_t n, unsigned long long seed);

#endif
