/*
 * test_cache.c — Check suite for analyzer/cache.c: a summary put is got
 * back while the TU and its includes are unchanged (also after a touch
 * that changes no byte); a changed include, other compile arguments, a
 * different directory or salt are misses; an include that vanished is a
 * miss; a corrupt entry is a miss; the default directory follows
 * $XDG_CACHE_HOME and $HOME.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/cache.h"
#include "common/util.h"

static char root[64];
static char *tu, *hdr, *cachedir;
static struct ls_job job;

static void put_file(const char *path, const char *text)
{
	ck_assert_int_eq(ls_write_file_atomic(path, text, strlen(text)), 0);
}

static void setup(void)
{
	strcpy(root, "/tmp/test_cache.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	tu = ls_xasprintf("%s/a.c", root);
	hdr = ls_xasprintf("%s/a.h", root);
	cachedir = ls_xasprintf("%s/cache", root);
	put_file(tu, "#include \"a.h\"\nint main(void) { return A; }\n");
	put_file(hdr, "#define A 0\n");
	static char *argv[] = {"cc", "-DX=1", "-c", "a.c", NULL};
	job.file = tu;
	job.directory = root;
	job.argv = argv;
	job.argc = 4;
}

static void teardown(void)
{
	char *cmd = ls_xasprintf("rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(tu);
	free(hdr);
	free(cachedir);
}

static json_t *summary(void)
{
	return json_pack("{s:i, s:s, s:b, s:[s, s], s:[{s:s, s:s}]}", "version", LS_SUMMARY_VERSION, "tu", tu, "ok", 1,
			 "includes", tu, hdr, "functions", "usr", "c:@F@main", "name", "main");
}

static int hit(const char *salt, const struct ls_job *j)
{
	struct ls_cache c;
	ck_assert_int_eq(ls_cache_open(&c, cachedir, salt), 0);
	json_t *s = ls_cache_get(&c, j);
	int r = s != NULL;
	if (s) {
		json_t *want = summary();
		ck_assert(json_equal(s, want));
		json_decref(want);
	}
	json_decref(s);
	ls_cache_close(&c);
	return r;
}

static void store(const char *salt)
{
	struct ls_cache c;
	ck_assert_int_eq(ls_cache_open(&c, cachedir, salt), 0);
	json_t *s = summary();
	ls_cache_put(&c, &job, s);
	json_decref(s);
	ls_cache_close(&c);
}

START_TEST(hit_until_an_include_changes)
{
	ck_assert(!hit("salt", &job));
	store("salt");
	ck_assert(hit("salt", &job));
	/* Same bytes, new mtime: still a hit. */
	put_file(hdr, "#define A 0\n");
	ck_assert(hit("salt", &job));
	/* Same size, other content: a miss. */
	put_file(hdr, "#define A 1\n");
	ck_assert(!hit("salt", &job));
	put_file(hdr, "#define A 0\n");
	ck_assert(hit("salt", &job));
	/* The TU itself. */
	put_file(tu, "#include \"a.h\"\nint main(void) { return A + 0; }\n");
	ck_assert(!hit("salt", &job));
}
END_TEST

START_TEST(key_is_command_and_salt)
{
	store("salt");
	ck_assert(hit("salt", &job));
	ck_assert(!hit("other salt", &job));
	struct ls_job j2 = job;
	char *argv2[] = {"cc", "-DX=2", "-c", "a.c", NULL};
	j2.argv = argv2;
	ck_assert(!hit("salt", &j2));
	j2 = job;
	j2.directory = "/elsewhere";
	ck_assert(!hit("salt", &j2));
	j2 = job;
	j2.argc = 3;
	ck_assert(!hit("salt", &j2));
	/* Another salt replaces the entry: one file per command, not per salt. */
	store("other salt");
	ck_assert(hit("other salt", &job));
	ck_assert(!hit("salt", &job));
	char *cmd = ls_xasprintf("test \"$(find '%s' -name '*.json' | wc -l)\" -eq 1", cachedir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}
END_TEST

START_TEST(vanished_include_and_corrupt_entry)
{
	store("salt");
	unlink(hdr);
	ck_assert(!hit("salt", &job));
	/* Put with an include missing records nothing. */
	store("salt2");
	put_file(hdr, "#define A 0\n");
	ck_assert(!hit("salt2", &job));
	ck_assert(hit("salt", &job));
	/* Truncate every entry: misses, no crash. */
	char *cmd = ls_xasprintf("find '%s' -name '*.json' -exec sh -c 'printf \"{\\\"salt\" > \"$1\"' _ {} \\;",
				 cachedir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	ck_assert(!hit("salt", &job));
	store("salt");
	ck_assert(hit("salt", &job));
}
END_TEST

START_TEST(no_entry_when_edited_during_the_run)
{
	struct ls_cache c;
	ck_assert_int_eq(ls_cache_open(&c, cachedir, "salt"), 0);
	/* The header is written after the run began: its summary may be stale. */
	struct timespec pause = {0, 20 * 1000 * 1000};
	nanosleep(&pause, NULL);
	put_file(hdr, "#define A 2\n");
	json_t *s = summary();
	ls_cache_put(&c, &job, s);
	json_decref(s);
	ls_cache_close(&c);
	ck_assert(!hit("salt", &job));
	store("salt"); /* the next run records it */
	ck_assert(hit("salt", &job));
}
END_TEST

START_TEST(future_timestamps_are_cached)
{
	/* An mtime ahead of the clock (skew, an unpacked archive) is no edit. */
	char *cmd = ls_xasprintf("touch -d '+1 hour' '%s'", hdr);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	store("salt");
	ck_assert(hit("salt", &job));
}
END_TEST

START_TEST(unusable_directory)
{
	struct ls_cache c;
	char *file = ls_xasprintf("%s/plainfile", root);
	put_file(file, "x");
	char *dir = ls_xasprintf("%s/sub", file);
	ls_quiet = 1;
	ck_assert_int_eq(ls_cache_open(&c, dir, "salt"), -1);
	ls_quiet = 0;
	ck_assert_ptr_null(ls_cache_get(&c, &job)); /* a closed cache misses */
	ls_cache_close(&c);
	free(dir);
	free(file);
}
END_TEST

START_TEST(default_directory)
{
	char *old_x = getenv("XDG_CACHE_HOME") ? ls_xstrdup(getenv("XDG_CACHE_HOME")) : NULL;
	char *old_h = getenv("HOME") ? ls_xstrdup(getenv("HOME")) : NULL;
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	char *d = ls_cache_default_dir();
	ck_assert_str_eq(d, "/x/cache/loopscope");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "/home/u", 1);
	d = ls_cache_default_dir();
	ck_assert_str_eq(d, "/home/u/.cache/loopscope");
	free(d);
	setenv("XDG_CACHE_HOME", "relative", 1); /* not absolute: ignored, as the spec says */
	d = ls_cache_default_dir();
	ck_assert_str_eq(d, "/home/u/.cache/loopscope");
	free(d);
	unsetenv("HOME");
	unsetenv("XDG_CACHE_HOME");
	ck_assert_ptr_null(ls_cache_default_dir());
	if (old_x)
		setenv("XDG_CACHE_HOME", old_x, 1);
	if (old_h)
		setenv("HOME", old_h, 1);
	free(old_x);
	free(old_h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, hit_until_an_include_changes);
	tcase_add_test(tc, key_is_command_and_salt);
	tcase_add_test(tc, vanished_include_and_corrupt_entry);
	tcase_add_test(tc, no_entry_when_edited_during_the_run);
	tcase_add_test(tc, future_timestamps_are_cached);
	tcase_add_test(tc, unusable_directory);
	tcase_add_test(tc, default_directory);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
