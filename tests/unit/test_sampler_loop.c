/*
 * test_sampler_loop.c — Check suite for sampler/loopdetect.c on hand-made
 * stacks: the `sampler:` model keys, blame (the first frame below the
 * loop's own frames) with and without an idle stack, loop code between
 * callbacks, coroutine stacks, and the stall -> rule mapping. Also checks
 * the shipped models load with the keys the sampler relies on.
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "common/catalog.h"
#include "common/util.h"
#include "sampler/loopdetect.h"

static const char *models_json =
	"[{\"model\": \"libuv\", \"sampler\": {\"loop_functions\": [\"uv_run\", \"uv__io_poll\"],"
	"  \"functions\": [\"uv_*\", \"uv__*\"], \"modules\": [\"libuv.so*\"]}},"
	" {\"model\": \"posix\", \"sampler\": {\"poll_syscalls\": [\"epoll_wait\", \"poll\", \"bogus_call\"],"
	"  \"runtime_functions\": [\"_start\", \"__libc_start_main\", \"start_thread\", \"clone3\", \"__start_context\"],"
	"  \"on_cpu_rule\": \"cpu-bound-callback\", \"off_cpu_rule\": \"blocked-callback\","
	"  \"frame_rules\": [{\"function\": \"getaddrinfo\", \"rule\": \"blocking-dns\"}],"
	"  \"syscall_rules\": [{\"syscall\": \"clock_nanosleep\", \"rule\": \"blocking-sleep\"},"
	"                    {\"syscall\": \"read\", \"fd\": \"file\", \"rule\": \"blocking-file-io\"},"
	"                    {\"syscall\": \"read\", \"fd\": \"socket\", \"rule\": \"blocking-network\"}]}},"
	" {\"model\": \"nosampler\"}]";

static struct ls_loop_model m;

static void setup(void)
{
	json_error_t e;
	json_t *models = json_loads(models_json, 0, &e);
	ck_assert_ptr_nonnull(models);
	ls_quiet = 1; /* the bogus syscall's warning is expected */
	ls_loop_model_load(&m, models);
	json_decref(models); /* the model holds its own reference */
}

static void teardown(void)
{
	ls_loop_model_free(&m);
}

#define F(fn, mod) {fn, mod}

/* innermost first, as the unwinder gives them */
static const struct ls_loop_frame uv_idle[] = {
	F("epoll_wait", "libc.so.6"), F(NULL, "libuv.so.1"), F("uv_run", "libuv.so.1"),
	F("main", "server"), F("__libc_start_main", "libc.so.6"), F("_start", "server")};
static const struct ls_loop_frame uv_busy[] = {
	F("clock_nanosleep", "libc.so.6"), F("nanosleep", "libc.so.6"), F("load_template", "server"),
	F("handle_request", "server"), F("on_timer", "server"), F(NULL, "libuv.so.1"),
	F("uv_run", "libuv.so.1"), F("main", "server"), F("__libc_start_main", "libc.so.6"),
	F("_start", "server")};

START_TEST(model_keys)
{
	ck_assert_int_eq(ls_loop_is_poll(&m, SYS_epoll_wait), 1);
	ck_assert_int_eq(ls_loop_is_poll(&m, SYS_poll), 1);
	ck_assert_int_eq(ls_loop_is_poll(&m, SYS_read), 0);
	ck_assert_uint_eq(m.npoll, 2); /* bogus_call skipped with a warning */
	struct ls_loop_frame f = F("uv__run_timers", "server");
	ck_assert_str_eq(ls_loop_frame_framework(&m, &f), "libuv");
	struct ls_loop_frame g = F(NULL, "libuv.so.1.0.0");
	ck_assert_str_eq(ls_loop_frame_framework(&m, &g), "libuv");
	struct ls_loop_frame h = F("on_timer", "server");
	ck_assert_ptr_null(ls_loop_frame_framework(&m, &h));
	ck_assert_str_eq(ls_loop_stack_framework(&m, uv_idle, 6), "libuv");
}
END_TEST

START_TEST(anchored_stacks)
{
	ck_assert(ls_loop_anchored(&m, uv_busy, 10, uv_idle, 6));
	ck_assert(ls_loop_anchored(&m, uv_busy, 10, NULL, 0));
	/* cut short inside the callback (no unwind info below it): which
	 * callback, and whether the loop came round, are unknown */
	ck_assert(!ls_loop_anchored(&m, uv_busy, 4, uv_idle, 6));
	/* cut short in framework code: unknown too, not "the loop came round" */
	static const struct ls_loop_frame jit[] = {F(NULL, "[anon]"), F(NULL, "libuv.so.1")};
	ck_assert(!ls_loop_anchored(&m, jit, 2, uv_idle, 6));
	/* ... unless a loop function is in it */
	ck_assert(ls_loop_anchored(&m, uv_busy + 5, 3, NULL, 0));
	/* a hand-written loop without runtime frames: its idle stack's
	 * outermost frame anchors it */
	static const struct ls_loop_frame idle[] = {F("epoll_wait", "libc.so.6"), F("main", "srv")};
	static const struct ls_loop_frame busy[] = {F("spin", "srv"), F("main", "srv")};
	ck_assert(ls_loop_anchored(&m, busy, 2, idle, 2));
	ck_assert(!ls_loop_anchored(&m, busy, 1, idle, 2));
	ck_assert(!ls_loop_anchored(&m, busy, 0, idle, 2));
}
END_TEST

START_TEST(blame_below_loop_frames)
{
	/* with the idle stack: shared outer frames are the loop's own */
	ck_assert_int_eq(ls_loop_blame(&m, uv_busy, 10, uv_idle, 6), 4);
	/* without one: from the outermost loop function, past framework frames */
	ck_assert_int_eq(ls_loop_blame(&m, uv_busy, 10, NULL, 0), 4);
	/* the idle stack itself, or deeper in its poll, is no stall */
	ck_assert_int_eq(ls_loop_blame(&m, uv_idle, 6, uv_idle, 6), -1);
	/* loop code between callbacks (only framework below the shared part) */
	static const struct ls_loop_frame between[] = {
		F("uv__run_timers", "libuv.so.1"), F("uv_run", "libuv.so.1"), F("main", "server"),
		F("__libc_start_main", "libc.so.6"), F("_start", "server")};
	ck_assert_int_eq(ls_loop_blame(&m, between, 5, uv_idle, 6), -1);
}
END_TEST

START_TEST(blame_hand_written_and_coroutine)
{
	static const struct ls_loop_frame idle[] = {
		F("epoll_wait", "libc.so.6"), F("run_loop", "srv"), F("main", "srv"), F("_start", "srv")};
	static const struct ls_loop_frame busy[] = {
		F("compress_log", "srv"), F("handle_request", "srv"), F("on_readable", "srv"),
		F("run_loop", "srv"), F("main", "srv"), F("_start", "srv")};
	ck_assert_int_eq(ls_loop_blame(&m, busy, 6, idle, 4), 2);
	/* a coroutine on its own stack shares nothing with the idle stack:
	 * its body is the first frame past the trampoline */
	static const struct ls_loop_frame co[] = {
		F("compress_log", "srv"), F("handle_request", "srv"), F("request_coroutine", "srv"),
		F("__start_context", "libc.so.6")};
	ck_assert_int_eq(ls_loop_blame(&m, co, 4, idle, 4), 2);
	/* a second thread's loop: thread start frames are runtime */
	static const struct ls_loop_frame th[] = {
		F("work", "srv"), F("on_timer", "srv"), F(NULL, "libuv.so.1"), F("uv_run", "libuv.so.1"),
		F("loop_thread", "srv"), F("start_thread", "libc.so.6"), F("clone3", "libc.so.6")};
	ck_assert_int_eq(ls_loop_blame(&m, th, 7, NULL, 0), 1);
}
END_TEST

START_TEST(stall_rules)
{
	ck_assert_str_eq(ls_loop_rule(&m, uv_busy, 10, 1, SYS_clock_nanosleep, NULL), "blocking-sleep");
	ck_assert_str_eq(ls_loop_rule(&m, uv_busy, 10, 1, SYS_read, "file"), "blocking-file-io");
	ck_assert_str_eq(ls_loop_rule(&m, uv_busy, 10, 1, SYS_read, "socket"), "blocking-network");
	ck_assert_str_eq(ls_loop_rule(&m, uv_busy, 10, 1, SYS_read, "pipe"), "blocked-callback");
	ck_assert_str_eq(ls_loop_rule(&m, uv_busy, 10, 0, -1, NULL), "cpu-bound-callback");
	static const struct ls_loop_frame dns[] = {
		F("__poll", "libc.so.6"), F("getaddrinfo", "libc.so.6"), F("on_request", "srv")};
	ck_assert_str_eq(ls_loop_rule(&m, dns, 3, 1, SYS_poll, NULL), "blocking-dns");
	ck_assert_int_eq(ls_loop_same_stack(uv_idle, 6, uv_idle, 6), 1);
	ck_assert_int_eq(ls_loop_same_stack(uv_idle, 6, uv_busy, 10), 0);
}
END_TEST

START_TEST(shipped_models)
{
	/* the real rules/ data: every framework the fixtures use is known */
	setenv("LOOPSCOPE_DATA", "rules", 0);
	struct ls_catalog c;
	ck_assert_int_eq(ls_catalog_load(&c, NULL, 0), 0);
	struct ls_loop_model real;
	ls_loop_model_load(&real, c.models);
	const char *fns[][2] = {{"uv_run", "libuv"}, {"event_base_loop", "libevent"},
				{"ev_run", "libev"}, {"g_main_context_iterate", "glib"},
				{"sd_event_run", "sd-event"}};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		struct ls_loop_frame f = {fns[i][0], "x"};
		ck_assert_str_eq(ls_loop_stack_framework(&real, &f, 1), fns[i][1]);
	}
	ck_assert_int_eq(ls_loop_is_poll(&real, SYS_epoll_wait), 1);
	/* every x86-64 wait a loop may idle in, on both paths */
	const long waits[] = {SYS_epoll_wait, SYS_epoll_pwait, SYS_epoll_pwait2, SYS_poll, SYS_ppoll,
			      SYS_select, SYS_pselect6, SYS_io_uring_enter};
	const uint64_t any[6] = {3, 0, 0, 0, 0, 0};
	for (size_t i = 0; i < sizeof waits / sizeof waits[0]; i++) {
		ck_assert_msg(ls_loop_is_wait(&real, waits[i], NULL), "syscall %ld no wait", waits[i]);
		if (waits[i] != SYS_io_uring_enter)
			ck_assert_int_eq(ls_loop_is_wait(&real, waits[i], any), 1);
	}
	ck_assert_int_eq(ls_loop_is_wait(&real, SYS_read, NULL), 0);
	/* the innermost frame names its syscall: after it, under glibc's
	 * other names, or by the posix model's wrappers */
	const struct {
		const char *fn;
		long nr;
	} frames[] = {{"poll", SYS_poll}, {"__poll", SYS_poll}, {"__GI___poll", SYS_poll},
		      {"__libc_select", SYS_select}, {"__GI_ppoll", SYS_ppoll},
		      {"epoll_pwait2", SYS_epoll_pwait2}, {"pselect", SYS_pselect6},
		      {"__pselect", SYS_pselect6}, {"__GI___libc_read", SYS_read},
		      {"__futex_abstimed_wait_common", SYS_futex}, {"__lll_lock_wait", SYS_futex},
		      {"_io_uring_get_cqe", SYS_io_uring_enter},
		      {"__io_uring_get_cqe", SYS_io_uring_enter},
		      {"io_uring_enter2", SYS_io_uring_enter}, {"clock_nanosleep", SYS_clock_nanosleep},
		      {"__clock_nanosleep", SYS_clock_nanosleep}, {"on_request", -1},
		      {"__libc_start_main", -1}, {"__", -1}, {NULL, -1}};
	for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++)
		ck_assert_msg(ls_loop_frame_syscall(&real, frames[i].fn) == frames[i].nr,
			      "frame %s: syscall %ld, want %ld", frames[i].fn ? frames[i].fn : "(null)",
			      ls_loop_frame_syscall(&real, frames[i].fn), frames[i].nr);
	/* io_uring_enter(fd, to_submit, min_complete, flags, ...): a wait only
	 * with IORING_ENTER_GETEVENTS (1) and a min_complete */
	const uint64_t submit[6] = {3, 1, 0, 0, 0, 0}, getev0[6] = {3, 1, 0, 1, 0, 0},
		       getev[6] = {3, 0, 1, 1, 0, 8}, getev_ext[6] = {3, 0, 1, 1 | 8, 0, 24};
	ck_assert_int_eq(ls_loop_is_wait(&real, SYS_io_uring_enter, submit), 0);
	ck_assert_int_eq(ls_loop_is_wait(&real, SYS_io_uring_enter, getev0), 0);
	ck_assert_int_eq(ls_loop_is_wait(&real, SYS_io_uring_enter, getev), 1);
	ck_assert_int_eq(ls_loop_is_wait(&real, SYS_io_uring_enter, getev_ext), 1);
	ck_assert_str_eq(ls_loop_rule(&real, NULL, 0, 1, SYS_wait4, NULL), "blocking-subprocess");
	ck_assert_str_eq(ls_loop_rule(&real, NULL, 0, 1, SYS_futex, NULL), "blocking-sync-wait");
	ck_assert_str_eq(ls_loop_rule(&real, NULL, 0, 0, -1, NULL), "cpu-bound-callback");
	/* the rules the sampler names exist in the catalog */
	const char *ids[] = {"cpu-bound-callback", "blocked-callback", "blocking-sleep",
			     "blocking-file-io", "blocking-dns", "blocking-subprocess",
			     "blocking-sync-wait", "blocking-network"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		ck_assert_msg(ls_rule_find(&c, ids[i]) != NULL, "%s not in the catalog", ids[i]);
	ls_loop_model_free(&real);
	ls_catalog_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sampler-loop");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, model_keys);
	tcase_add_test(tc, blame_below_loop_frames);
	tcase_add_test(tc, anchored_stacks);
	tcase_add_test(tc, blame_hand_written_and_coroutine);
	tcase_add_test(tc, stall_rules);
	tcase_add_test(tc, shipped_models);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
