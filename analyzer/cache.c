/*
 * cache.c — see cache.h. Lookups run in the parent before any worker is
 * started: a stat() per dependency (memoised across TUs, since most
 * headers are shared), a read and hash only for a dependency whose stat
 * no longer matches or was recorded too soon after it was written.
 */
#include "analyzer/cache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analyzer/summary.h"
#include "common/util.h"

struct fstate {
	int exists;
	long long size, mtime_s, mtime_ns;
	int hashed;
	unsigned long long hash;
};

char *ls_cache_default_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && x[0] == '/')
		return ls_xasprintf("%s/loopscope", x);
	const char *home = getenv("HOME");
	if (home && *home)
		return ls_xasprintf("%s/.cache/loopscope", home);
	return NULL;
}

char *ls_cache_salt(const struct ls_catalog *cat, const char *version)
{
	struct ls_buf b = {0};
	ls_buf_addf(&b, "loopscope %s summary %d models %s", version, LS_SUMMARY_VERSION,
		    cat->models_digest ? cat->models_digest : "-");
	/* The binary itself: a rebuilt extractor must not reuse old summaries. */
	struct stat st;
	if (stat("/proc/self/exe", &st) == 0)
		ls_buf_addf(&b, " exe %llx:%llx:%lld:%lld.%09ld", (unsigned long long)st.st_dev,
			    (unsigned long long)st.st_ino, (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	char *catfile = ls_xasprintf("%s/catalog.yml", cat->datadir ? cat->datadir : ".");
	size_t len = 0;
	char *text = ls_read_file(catfile, &len);
	ls_buf_addf(&b, " catalog %016llx", text ? ls_hash64(text, len, 0) : 0ULL);
	free(text);
	free(catfile);
	char *salt = ls_xasprintf("%016llx", ls_hash64(b.s, b.len, 0));
	ls_buf_free(&b);
	return salt;
}

int ls_cache_open(struct ls_cache *c, const char *dir, const char *salt)
{
	memset(c, 0, sizeof *c);
	c->dir = ls_xasprintf("%s/v1", dir);
	if (ls_mkdir_p(c->dir, 0755) < 0) {
		ls_warning("cannot use the cache directory %s: %s; running without a cache", dir,
			   strerror(errno));
		free(c->dir);
		c->dir = NULL;
		return -1;
	}
	c->salt = ls_xstrdup(salt);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	c->opened_s = (long long)ts.tv_sec;
	c->opened_ns = ts.tv_nsec;
	return 0;
}

static struct fstate *state(struct ls_cache *c, const char *path, int need_hash)
{
	struct fstate *s = ls_strmap_get(&c->files, path);
	if (!s) {
		s = ls_xcalloc(1, sizeof *s);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			s->exists = 1;
			s->size = (long long)st.st_size;
			s->mtime_s = (long long)st.st_mtim.tv_sec;
			s->mtime_ns = st.st_mtim.tv_nsec;
		}
		ls_strmap_put(&c->files, path, s);
	}
	if (need_hash && s->exists && !s->hashed) {
		size_t len;
		char *text = ls_read_file(path, &len);
		if (text) {
			s->hash = ls_hash64(text, len, 0);
			s->hashed = 1;
			free(text);
		} else {
			s->exists = 0;
		}
	}
	return s;
}

static char *entry_path(const struct ls_cache *c, const struct ls_job *job, char **subdir)
{
	/* Not the salt: a new loopscope binary or model replaces the entry of
	 * the same command instead of piling up beside it. */
	unsigned long long h = ls_hash64(job->file, strlen(job->file) + 1, 0);
	h = ls_hash64(job->directory ? job->directory : "", strlen(job->directory ? job->directory : "") + 1, h);
	for (int i = 0; i < job->argc; i++)
		h = ls_hash64(job->argv[i], strlen(job->argv[i]) + 1, h);
	char key[17];
	snprintf(key, sizeof key, "%016llx", h);
	if (subdir)
		*subdir = ls_xasprintf("%s/%.2s", c->dir, key);
	return ls_xasprintf("%s/%.2s/%s.json", c->dir, key, key);
}

static int same_command(const json_t *e, const struct ls_cache *c, const struct ls_job *job)
{
	if (!ls_streq(json_string_value(json_object_get(e, "salt")), c->salt) ||
	    !ls_streq(json_string_value(json_object_get(e, "file")), job->file) ||
	    !ls_streq(json_string_value(json_object_get(e, "directory")),
		      job->directory ? job->directory : ""))
		return 0;
	json_t *argv = json_object_get(e, "argv");
	if (json_array_size(argv) != (size_t)job->argc)
		return 0;
	for (int i = 0; i < job->argc; i++)
		if (!ls_streq(json_string_value(json_array_get(argv, (size_t)i)), job->argv[i]))
			return 0;
	return 1;
}

static int dep_valid(struct ls_cache *c, const json_t *dep, long long written)
{
	const char *path = json_string_value(json_array_get(dep, 0));
	if (!path)
		return 0;
	long long size = json_integer_value(json_array_get(dep, 1));
	long long ms = json_integer_value(json_array_get(dep, 2));
	long long mns = json_integer_value(json_array_get(dep, 3));
	unsigned long long hash = strtoull(json_string_value(json_array_get(dep, 4)) ?
					   json_string_value(json_array_get(dep, 4)) : "", NULL, 16);
	struct fstate *s = state(c, path, 0);
	if (!s->exists || s->size != size)
		return 0;
	/* A file modified within the timestamp granularity of the recording
	 * may have changed without its mtime showing it: compare contents. */
	if (s->mtime_s == ms && s->mtime_ns == mns && ms < written - 1)
		return 1;
	s = state(c, path, 1);
	return s->exists && s->hash == hash;
}

/* A damaged entry (truncated, edited, a FIFO in its place) is a miss: the
 * TU is parsed again and the entry rewritten. Said once per run. */
static void bad_entry(struct ls_cache *c, const char *path, const char *why)
{
	if (!c->warned_bad)
		ls_warning("%s: ignoring a damaged cache entry (%s); the file is analyzed again",
			   path, why);
	c->warned_bad = 1;
}

json_t *ls_cache_get(struct ls_cache *c, const struct ls_job *job)
{
	if (!c->dir)
		return NULL;
	char *path = entry_path(c, job, NULL);
	char err[256];
	json_t *e = ls_sum_read(path, err, sizeof err);
	if (!e && errno != ENOENT)
		bad_entry(c, path, err);
	if (!e) {
		free(path);
		return NULL;
	}
	json_t *sum = NULL;
	if (same_command(e, c, job)) {
		long long written = json_integer_value(json_object_get(e, "written"));
		json_t *deps = json_object_get(e, "deps");
		int ok = json_array_size(deps) > 0;
		size_t i;
		json_t *d;
		json_array_foreach(deps, i, d) {
			if (!ok)
				break;
			ok = dep_valid(c, d, written);
		}
		json_t *s = json_object_get(e, "summary");
		if (ok && ls_sum_check(s, err, sizeof err) < 0)
			bad_entry(c, path, err);
		else if (ok)
			sum = json_incref(s);
	}
	json_decref(e);
	free(path);
	return sum;
}

static int after(long long s1, long long ns1, long long s2, long long ns2)
{
	return s1 > s2 || (s1 == s2 && ns1 >= ns2);
}

static int add_dep(struct ls_cache *c, json_t *deps, json_t *seen, const char *path,
		   const struct timespec *now)
{
	if (json_object_get(seen, path))
		return 0;
	json_object_set_new(seen, path, json_true());
	struct fstate *s = state(c, path, 1);
	if (!s->exists)
		return -1;
	/* Written while this run was going on? File timestamps come from a
	 * coarse clock that never runs ahead of the real one, so a file
	 * written before the run is never taken for one written during it;
	 * a timestamp in the future (clock skew, an archive) is not either. */
	if (after(s->mtime_s, s->mtime_ns, c->opened_s, c->opened_ns) &&
	    after((long long)now->tv_sec, now->tv_nsec, s->mtime_s, s->mtime_ns))
		return -1;
	char hex[17];
	snprintf(hex, sizeof hex, "%016llx", s->hash);
	json_array_append_new(deps, json_pack("[s, I, I, I, s]", path, (json_int_t)s->size,
					      (json_int_t)s->mtime_s, (json_int_t)s->mtime_ns, hex));
	return 0;
}

void ls_cache_put(struct ls_cache *c, const struct ls_job *job, const json_t *summary)
{
	if (!c->dir)
		return;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	json_t *deps = json_array(), *seen = json_object();
	int ok = add_dep(c, deps, seen, job->file, &now) == 0;
	size_t i;
	json_t *inc;
	json_array_foreach(json_object_get(summary, "includes"), i, inc)
		if (ok && json_is_string(inc))
			ok = add_dep(c, deps, seen, json_string_value(inc), &now) == 0;
	json_decref(seen);
	if (!ok) { /* a dependency vanished or changed during the run */
		json_decref(deps);
		return;
	}
	json_t *argv = json_array();
	for (int k = 0; k < job->argc; k++)
		json_array_append_new(argv, json_string(job->argv[k]));
	json_t *e = json_pack("{s:s, s:s, s:s, s:o, s:I, s:o, s:O}", "salt", c->salt, "file",
			      job->file, "directory", job->directory ? job->directory : "", "argv",
			      argv, "written", (json_int_t)time(NULL), "deps", deps, "summary",
			      summary);
	char *text = json_dumps(e, JSON_COMPACT);
	json_decref(e);
	char *sub;
	char *path = entry_path(c, job, &sub);
	if (!text || ls_mkdir_p(sub, 0755) < 0 || ls_write_file_atomic(path, text, strlen(text)) < 0) {
		if (!c->write_failed)
			ls_warning("cannot write to the cache in %s: %s", c->dir, ls_strerror(errno));
		c->write_failed = 1;
	}
	free(text);
	free(path);
	free(sub);
}

void ls_cache_close(struct ls_cache *c)
{
	ls_strmap_free(&c->files, free);
	free(c->dir);
	free(c->salt);
	memset(c, 0, sizeof *c);
}
