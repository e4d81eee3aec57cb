/*
 * util.c — see util.h. Allocation failure is fatal: loopscope is a
 * command-line tool, and there is nothing useful to do without memory.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ls_quiet;

static void oom(void)
{
	fputs("loopscope: error: out of memory\n", stderr);
	exit(2);
}

void *ls_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *ls_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *ls_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *ls_xstrdup(const char *s)
{
	return ls_xstrndup(s, strlen(s));
}

char *ls_xstrndup(const char *s, size_t n)
{
	char *p = ls_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ls_xasprintf(const char *fmt, ...)
{
	struct ls_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	ls_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return ls_buf_steal(&b);
}

static void buf_grow(struct ls_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = ls_xrealloc(b->s, cap);
	b->cap = cap;
}

void ls_buf_add(struct ls_buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ls_buf_puts(struct ls_buf *b, const char *s)
{
	ls_buf_add(b, s, strlen(s));
}

void ls_buf_vaddf(struct ls_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void ls_buf_addf(struct ls_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ls_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *ls_buf_steal(struct ls_buf *b)
{
	char *s = b->s ? b->s : ls_xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void ls_buf_free(struct ls_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void ls_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("loopscope: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void ls_warning(const char *fmt, ...)
{
	if (ls_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("loopscope: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

const char *ls_strerror(int e)
{
	return e == LS_ENOTREG ? "not a regular file" : strerror(e);
}

char *ls_read_file(const char *path, size_t *lenp)
{
	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	int bad = fstat(fd, &st) < 0 ? errno : !S_ISREG(st.st_mode) ? LS_ENOTREG : 0;
	if (bad) {
		int e = bad;
		close(fd);
		errno = e;
		return NULL;
	}
	struct ls_buf b = {0};
	char tmp[65536];
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof tmp);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			ls_buf_free(&b);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		ls_buf_add(&b, tmp, (size_t)n);
	}
	close(fd);
	if (lenp)
		*lenp = b.len;
	return ls_buf_steal(&b);
}

/* The file a chain of symlinks ends at (path itself when it is not a
 * link, or when the chain ends at a name that does not exist yet). */
static char *link_target(const char *path)
{
	char *p = ls_xstrdup(path);
	for (int hops = 0;; hops++) {
		struct stat st;
		if (lstat(p, &st) < 0 || !S_ISLNK(st.st_mode))
			return p;
		if (hops == 40) {
			free(p);
			errno = ELOOP;
			return NULL;
		}
		char buf[PATH_MAX];
		ssize_t n = readlink(p, buf, sizeof buf - 1);
		if (n < 0) {
			free(p);
			return NULL;
		}
		buf[n] = '\0';
		char *slash = strrchr(p, '/');
		char *next = buf[0] == '/' || !slash
				     ? ls_xstrdup(buf)
				     : ls_xasprintf("%.*s/%s", (int)(slash - p), p, buf);
		free(p);
		p = next;
	}
}

int ls_write_file_atomic(const char *path, const char *data, size_t len)
{
	char *target = link_target(path);
	if (!target)
		return -1;
	mode_t mode = 0644;
	struct stat st;
	if (stat(target, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			free(target);
			errno = LS_ENOTREG;
			return -1;
		}
		mode = st.st_mode & 07777;
	}
	/* mkstemp: unique even between processes of different PID namespaces
	 * sharing a cache volume. */
	char *tmp = ls_xasprintf("%s.tmp.XXXXXX", target);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		free(tmp);
		free(target);
		return -1;
	}
	fchmod(fd, mode);
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, target) < 0) {
		fd = -1;
		goto fail;
	}
	free(tmp);
	free(target);
	return 0;
fail:;
	int e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(target);
	errno = e;
	return -1;
}

FILE *ls_output_open(const char *path)
{
	FILE *f = fopen(path, "we");
	if (!f)
		ls_error("cannot write %s: %s", path, ls_strerror(errno));
	return f;
}

int ls_output_close(FILE *f, const char *path)
{
	int e = 0;
	if (fflush(f) != 0)
		e = errno;
	if (ferror(f) && !e)
		e = EIO; /* an earlier write failed; its errno is gone */
	if (f != stdout && fclose(f) != 0 && !e)
		e = errno;
	if (!e)
		return 0;
	ls_error("cannot write %s: %s", path ? path : "standard output", ls_strerror(e));
	if (f == stdout)
		clearerr(f); /* reported: a later flush reports only a new failure */
	return -1;
}

int ls_mkdir_p(const char *path, int mode)
{
	char *p = ls_xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int r = mkdir(p, (mode_t)mode);
	free(p);
	return (r < 0 && errno != EEXIST) ? -1 : 0;
}

char *ls_abspath(const char *path, const char *base)
{
	struct ls_buf in = {0};
	if (path[0] != '/') {
		ls_buf_puts(&in, base ? base : ls_cwd());
		ls_buf_puts(&in, "/");
	}
	ls_buf_puts(&in, path);
	/* Normalise component by component. */
	char *out = ls_xmalloc(in.len + 2);
	size_t o = 0;
	char *save = NULL;
	for (char *c = strtok_r(in.s, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		out[o++] = '/';
		size_t n = strlen(c);
		memcpy(out + o, c, n);
		o += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	ls_buf_free(&in);
	return out;
}

const char *ls_cwd(void)
{
	static char cwd[PATH_MAX];
	if (!cwd[0] && !getcwd(cwd, sizeof cwd))
		strcpy(cwd, "/");
	return cwd;
}

const char *ls_display_path(const char *abs)
{
	const char *cwd = ls_cwd();
	size_t n = strlen(cwd);
	if (n > 1 && strncmp(abs, cwd, n) == 0 && abs[n] == '/')
		return abs + n + 1;
	return abs;
}

size_t ls_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *d = ls_xcalloc((la + 1) * (lb + 1), sizeof *d);
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
			size_t del = D(i - 1, j) + 1, ins = D(i, j - 1) + 1;
			size_t best = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	size_t r = D(la, lb);
#undef D
	free(d);
	return r;
}

const char *ls_nearest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bd = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = ls_edit_distance(word, cands[i]);
		if (d < bd) {
			bd = d;
			best = cands[i];
		}
	}
	return best;
}

int ls_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

int ls_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

int ls_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

unsigned long long ls_hash64(const void *data, size_t n, unsigned long long seed)
{
	const unsigned char *p = data;
	unsigned long long h = seed ? seed : 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}
