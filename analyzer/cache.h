/*
 * cache.h — the incremental cache of TU summaries.
 *
 * One entry per translation unit, named by a hash of the TU's compile
 * command (file, working directory, arguments) and valid only for the
 * same "salt" (what makes summaries of the same source differ:
 * loopscope's version and binary, the summary format, the catalog and
 * the models digest), so a new binary or model replaces entries rather
 * than adding to them. The entry is the TU's manifest and its summary:
 *
 *   DIR/v1/KK/KEY.json  {salt, file, directory, argv[], written,
 *                        deps: [[path, size, mtime_s, mtime_ns, hash]...],
 *                        summary}
 *
 * deps are the main file and every file the TU included. An entry is
 * valid when every dependency still has its recorded content: size and
 * mtime equal (content hashed anyway when the mtime was too close to the
 * time of recording to be trusted), or the content hash equal. So a re-run
 * with nothing changed parses nothing, and a change to one header
 * re-parses exactly the TUs that include it. Entries are written to a
 * temporary file and renamed: concurrent runs sharing a cache may both
 * write an entry, never a torn one, and an unreadable entry is a miss.
 * So is an entry whose summary is not well-formed (analyzer/summary.h):
 * the TU is parsed again, with one warning per run.
 */
#ifndef LS_CACHE_H
#define LS_CACHE_H

#include <jansson.h>

#include "analyzer/extract.h"
#include "common/catalog.h"
#include "common/strmap.h"

struct ls_cache {
	char *dir;              /* DIR/v1 */
	char *salt;
	long long opened_s, opened_ns; /* when the run began using the cache */
	struct ls_strmap files; /* path -> file state, memoised for the run */
	int write_failed;
	int warned_bad; /* a damaged entry was reported */
};

/* $XDG_CACHE_HOME/loopscope, else $HOME/.cache/loopscope (caller frees);
 * NULL when neither variable is set. */
char *ls_cache_default_dir(void);

/* The salt for this binary, catalog and models (caller frees). */
char *ls_cache_salt(const struct ls_catalog *cat, const char *version);

/* Open (creating) the cache in dir. 0, or -1 after a warning: the run
 * goes on without a cache. */
int ls_cache_open(struct ls_cache *c, const char *dir, const char *salt);

/* The cached summary of job (new reference), or NULL on a miss. */
json_t *ls_cache_get(struct ls_cache *c, const struct ls_job *job);

/* Record summary for job; its "includes" are the dependencies. Nothing is
 * recorded when a dependency was modified after the cache was opened: the
 * summary may describe the file as it was before (a source edited while
 * loopscope ran), and the next run parses it again. Failures are reported
 * once as a warning and otherwise ignored. */
void ls_cache_put(struct ls_cache *c, const struct ls_job *job, const json_t *summary);

void ls_cache_close(struct ls_cache *c);

#endif
