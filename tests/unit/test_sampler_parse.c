/*
 * test_sampler_parse.c — Check suite for the sampler's text parsers and
 * pure logic, on snapshots: /proc/PID/maps (sampler/maps.c), the
 * /proc/PID/task/TID/syscall line (sampler/proc.c), stall segmentation
 * (sampler/stall.c), a stall's breakdown by callback (sampler/breakdown.c),
 * the p99 of the report and the order of its JSON stalls. No process is
 * traced.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "sampler/breakdown.h"
#include "sampler/maps.h"
#include "sampler/proc.h"
#include "sampler/report.h"
#include "sampler/session.h"
#include "sampler/stall.h"

static const char *maps_text =
	"55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234   /usr/bin/prog\n"
	"55d0c0a01000-55d0c0a02000 r-xp 00001000 08:01 1234   /usr/bin/prog\n"
	"7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n"
	"7f1000000000-7f1000028000 r--p 00000000 08:01 99     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7f1000028000-7f100019d000 r-xp 00028000 08:01 99     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7f2000000000-7f2000001000 r-xp 00000000 08:01 77     /tmp/gone.so (deleted)\n"
	"7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0      [stack]\n"
	"7ffc00100000-7ffc00102000 r-xp 00000000 00:00 0      [vdso]\n";

START_TEST(maps_parse_and_find)
{
	struct ls_maps m = {0};
	ck_assert_int_eq(ls_maps_parse(&m, maps_text), 0);
	ck_assert_uint_eq(m.n, 8);
	const struct ls_map *x = ls_maps_find(&m, 0x55d0c0a01234);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->path, "/usr/bin/prog");
	ck_assert_int_eq(x->exec, 1);
	ck_assert_uint_eq(x->pgoff, 0x1000);
	ck_assert_int_eq(ls_maps_is_file(x), 1);
	ck_assert_str_eq(ls_maps_basename(x->path), "prog");
	/* edges: end is exclusive; gaps find nothing */
	ck_assert_ptr_null(ls_maps_find(&m, 0x55d0c0a02000));
	ck_assert_ptr_null(ls_maps_find(&m, 0x1000));
	x = ls_maps_find(&m, 0x7f0000000010);
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_null(x->path);
	ck_assert_int_eq(ls_maps_is_file(x), 0);
	/* a deleted file is still a module, opened another way */
	x = ls_maps_find(&m, 0x7f2000000000);
	ck_assert_int_eq(ls_maps_is_file(x), 1);
	ck_assert_int_eq(ls_maps_is_deleted(x), 1);
	ck_assert_int_eq(ls_maps_is_deleted(ls_maps_find(&m, 0x55d0c0a01234)), 0);
	ck_assert_int_eq(ls_maps_is_file(ls_maps_find(&m, 0x7ffc00000100)), 0);
	ck_assert_str_eq(ls_maps_basename("[vdso]"), "[vdso]");
	unsigned gen = m.generation;
	ck_assert_int_eq(ls_maps_parse(&m, "garbage\n"), -1);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_int_eq(ls_maps_parse(&m, maps_text), 0);
	ck_assert_uint_gt(m.generation, gen);
	const struct ls_map *prog = ls_maps_find(&m, 0x55d0c0a01234);
	const struct ls_map *gone = ls_maps_find(&m, 0x7f2000000000);
	char *host = ls_maps_host_path(&m, prog);
	ck_assert_str_eq(host, "/usr/bin/prog"); /* snapshot: no /proc/PID/root */
	free(host);
	m.pid = 42;
	host = ls_maps_host_path(&m, prog);
	ck_assert_str_eq(host, "/proc/42/root/usr/bin/prog");
	free(host);
	host = ls_maps_host_path(&m, gone);
	ck_assert_str_eq(host, "/proc/42/map_files/7f2000000000-7f2000001000");
	free(host);
	/* the main executable is shown by the name it ran as */
	ck_assert_str_eq(ls_maps_module_name(&m, "/usr/bin/prog"), "prog");
	m.exe = strdup("/usr/bin/prog");
	m.exe_ran = strdup("/usr/sbin/alias");
	ck_assert_str_eq(ls_maps_module_name(&m, "/usr/bin/prog"), "alias");
	ck_assert_str_eq(ls_maps_module_name(&m, "/usr/bin/prog2"), "prog2");
	ck_assert_str_eq(ls_maps_module_name(&m, "/usr/lib/x86_64-linux-gnu/libc.so.6"), "libc.so.6");
	ls_maps_free(&m);
}
END_TEST

/* ls_maps_find bisects: lines out of order are sorted first, and a map
 * whose ranges overlap or are empty is refused rather than searched. */
START_TEST(maps_order_and_overlap)
{
	struct ls_maps m = {0};
	ck_assert_int_eq(ls_maps_parse(&m, "7f0000003000-7f0000004000 r-xp 00000000 08:01 2 /c.so\n"
					   "7f0000001000-7f0000002000 r-xp 00000000 08:01 1 /a.so\n"
					   "7f0000002000-7f0000003000 r-xp 00000000 08:01 3 /b.so\n"),
			 0);
	ck_assert_uint_eq(m.n, 3);
	for (size_t i = 1; i < m.n; i++)
		ck_assert_uint_lt(m.v[i - 1].start, m.v[i].start);
	ck_assert_str_eq(ls_maps_find(&m, 0x7f0000001800)->path, "/a.so");
	ck_assert_str_eq(ls_maps_find(&m, 0x7f0000002000)->path, "/b.so");
	ck_assert_str_eq(ls_maps_find(&m, 0x7f0000003fff)->path, "/c.so");
	const char *bad[] = {
		/* overlapping, in order and out of order */
		"1000-3000 r-xp 0 08:01 1 /a\n2000-4000 r-xp 0 08:01 2 /b\n",
		"5000-6000 r-xp 0 08:01 1 /a\n1000-3000 r-xp 0 08:01 2 /b\n2fff-4000 r-xp 0 08:01 3 /c\n",
		/* one inside another, the same range twice */
		"1000-9000 r-xp 0 08:01 1 /a\n2000-3000 r-xp 0 08:01 2 /b\n",
		"1000-2000 r-xp 0 08:01 1 /a\n1000-2000 r-xp 0 08:01 1 /a\n",
		/* empty and inverted ranges */
		"1000-1000 r-xp 0 08:01 1 /a\n",
		"3000-2000 r-xp 0 08:01 1 /a\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_msg(ls_maps_parse(&m, bad[i]) == -1, "accepted: %s", bad[i]);
		ck_assert_uint_eq(m.n, 0);
		ck_assert_ptr_null(ls_maps_find(&m, 0x2800));
	}
	ls_maps_free(&m);
}
END_TEST

START_TEST(syscall_line)
{
	struct ls_proc_sc sc;
	ck_assert_int_eq(ls_proc_parse_syscall("running\n", &sc), 0);
	ck_assert_int_eq(sc.nr, -1);
	ck_assert_int_eq(ls_proc_parse_syscall("232 0x4 0x7ffd1 0x400 0xffffffff 0x0 0x8 0x7ffd0000 0x7f12345\n", &sc), 0);
	ck_assert_int_eq(sc.nr, 232);
	ck_assert_uint_eq(sc.args[0], 4);
	ck_assert_uint_eq(sc.args[3], 0xffffffff);
	ck_assert_uint_eq(sc.sp, 0x7ffd0000);
	ck_assert_uint_eq(sc.pc, 0x7f12345);
	/* blocked outside a syscall: "-1 sp pc" */
	ck_assert_int_eq(ls_proc_parse_syscall("-1 0x7ffd0010 0x401000\n", &sc), 0);
	ck_assert_int_eq(sc.nr, -1);
	ck_assert_uint_eq(sc.sp, 0x7ffd0010);
	ck_assert_int_eq(ls_proc_parse_syscall("232 0x1 0x2\n", &sc), -1);
	ck_assert_int_eq(ls_proc_parse_syscall("", &sc), -1);
	char buf[32];
	ck_assert_str_eq(ls_proc_syscall_name(SYS_epoll_wait, buf, sizeof buf), "epoll_wait");
	ck_assert_str_eq(ls_proc_syscall_name(9999, buf, sizeof buf), "syscall_9999");
	ck_assert_int_eq(ls_proc_syscall_nr("clock_nanosleep"), SYS_clock_nanosleep);
	ck_assert_int_eq(ls_proc_syscall_nr("no_such_call"), -1);
}
END_TEST

struct got {
	struct ls_stall v[8];
	int n;
};

static void collect(void *ctx, const struct ls_stall *s)
{
	struct got *g = ctx;
	if (g->n < 8)
		g->v[g->n++] = (struct ls_stall){.start = s->start, .end = s->end, .ongoing = s->ongoing,
						 .before = s->before, .on_cpu = s->on_cpu,
						 .runq_wait = s->runq_wait, .sched_known = s->sched_known,
						 .open_idle = s->open_idle, .slack = s->slack,
						 .precision = s->precision, .n = s->n};
}

static struct ls_stall_sample busy(double t, int cb)
{
	return (struct ls_stall_sample){t, 0, -1, 0, -1, cb, 0, 0, 0, 0};
}

/* PIDs are 1..INT_MAX in decimal digits, never wrapped (4294967297 is not
 * PID 1); stat's state letter follows the last ')' whatever the comm holds;
 * TracerPid is read from anywhere in the status text. */
START_TEST(pid_state_tracer)
{
	pid_t p = 0;
	ck_assert_int_eq(ls_proc_parse_pid("4242", &p), 0);
	ck_assert_int_eq(p, 4242);
	ck_assert_int_eq(ls_proc_parse_pid("2147483647", &p), 0);
	ck_assert_int_eq(p, 2147483647);
	const char *bad[] = {"", "0", "-1", "+5", " 5", "5 ", "12x", "2147483648", "4294967297",
			     "99999999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(ls_proc_parse_pid(bad[i], &p) < 0, "'%s' taken as a PID", bad[i]);
	ck_assert_int_eq(ls_proc_parse_state("17 (sleep) S 1 17 17 0"), 'S');
	ck_assert_int_eq(ls_proc_parse_state("17 (a) b) (c) Z 1 17"), 'Z');
	ck_assert_int_eq(ls_proc_parse_state("17 (x)"), 0);
	ck_assert_int_eq(ls_proc_parse_state("17 x) S"), 0);
	ck_assert_int_eq(ls_proc_parse_state(""), 0);
	ck_assert_int_eq(ls_proc_parse_tracer("Name:\tx\nState:\tS\nTracerPid:\t812\nUid:\t0\n"), 812);
	ck_assert_int_eq(ls_proc_parse_tracer("TracerPid:\t0\n"), 0);
	ck_assert_int_eq(ls_proc_parse_tracer("TracerPid:\t99999999999\n"), -1);
	ck_assert_int_eq(ls_proc_parse_tracer("Name:\tTracerPid:\t5\n"), -1);
}
END_TEST

START_TEST(stall_edges_at_midpoints)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	/* idle every 5 ms, busy from 0.0125 to 0.1375 (samples 0.015..0.135) */
	for (int i = 0; i <= 2; i++)
		ls_stall_idle(&s, i * 0.005);
	for (int i = 3; i <= 27; i++) {
		struct ls_stall_sample b = busy(i * 0.005, 7);
		ls_stall_busy(&s, &b);
	}
	ls_stall_idle(&s, 0.140);
	ck_assert_int_eq(g.n, 1);
	ck_assert_double_eq_tol(g.v[0].start, 0.0125, 1e-9);
	ck_assert_double_eq_tol(g.v[0].end, 0.1375, 1e-9);
	ck_assert_int_eq(g.v[0].ongoing, 0);
	ck_assert_uint_eq(g.v[0].n, 25);
	/* each edge is known to half an observation gap */
	ck_assert_double_eq_tol(g.v[0].precision, 0.005, 1e-9);
	/* a short busy stretch is no stall, but is on the timeline */
	struct ls_stall_sample b = busy(0.145, 7);
	ls_stall_busy(&s, &b);
	ls_stall_idle(&s, 0.150);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(s.nbusy, 2);
	ck_assert_uint_eq(s.idle_obs, 5);
	ck_assert_uint_eq(s.busy_obs, 26);
	ls_stall_seg_free(&s);
}
END_TEST

/* A block followed to its return (ptrace path: its syscall-stops) is one
 * sample at its entry standing for its length: the stretch ends halfway
 * between its return and the next observation, not its entry. */
START_TEST(stall_block_span_sets_the_end)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	ls_stall_idle(&s, 0);
	struct ls_stall_sample a = busy(0.005, 7);
	ls_stall_busy(&s, &a);
	struct ls_stall_sample b = {0.010, 1, 35, -1, -1, 7, 0.150, 0, 0.150, 0};
	ls_stall_busy(&s, &b);
	ls_stall_idle(&s, 0.170);
	ck_assert_int_eq(g.n, 1);
	ck_assert_double_eq_tol(g.v[0].start, 0.0025, 1e-9);
	ck_assert_double_eq_tol(g.v[0].end, 0.165, 1e-9);
	ck_assert_double_eq_tol(g.v[0].precision, 0.0025 + 0.005, 1e-9);
	/* a round seen after it closes the stretch there too */
	struct ls_stall_sample c = busy(0.175, 7);
	ls_stall_busy(&s, &c);
	struct ls_stall_sample d = {0.180, 1, 35, -1, -1, 7, 0.120, 0, 0.120, 0};
	ls_stall_busy(&s, &d);
	ls_stall_boundary(&s, 0.310);
	ck_assert_int_eq(g.n, 2);
	ck_assert_double_eq_tol(g.v[1].end, 0.305, 1e-9);
	ls_stall_seg_free(&s);
}
END_TEST

/* Another callback is no boundary (one iteration may run several); a
 * stretch still busy at the end is reported ongoing. */
START_TEST(stall_new_callback_no_split_and_ongoing)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 50, collect, &g);
	ls_stall_idle(&s, 0);
	for (int i = 1; i <= 40; i++) { /* callback 1 for 100 ms, then callback 2 */
		struct ls_stall_sample b = busy(i * 0.005, i <= 20 ? 1 : 2);
		ls_stall_busy(&s, &b);
	}
	ck_assert_int_eq(g.n, 0);
	ls_stall_finish(&s, 0.2);
	ck_assert_int_eq(g.n, 1);
	ck_assert_double_eq_tol(g.v[0].start, 0.0025, 1e-9);
	ck_assert_double_eq_tol(g.v[0].end, 0.2, 1e-9);
	ck_assert_uint_eq(g.v[0].n, 40);
	ck_assert_int_eq(g.v[0].ongoing, 1);
	ls_stall_seg_free(&s);
}
END_TEST

static const struct ls_bd_part *part_named(const struct ls_bd *b, int cb)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->parts[i].callback == cb)
			return &b->parts[i];
	ck_abort_msg("no part for callback %d", cb);
	return NULL;
}

/* ptrace-like: a sample every 5 ms, callback 1 blocked in a syscall from
 * 0.005 to 0.180, callback 2 on CPU from 0.185 to 0.305, in a stall of
 * [0.0025, 0.3075]; the first samples (no stack yet) name no callback. */
START_TEST(breakdown_two_callbacks_point_samples)
{
	struct ls_stall_sample v[61];
	size_t n = 0;
	for (int i = 1; i <= 61; i++) {
		struct ls_stall_sample x = busy(i * 0.005, i <= 36 ? 1 : 2);
		x.offcpu = i <= 36;
		x.nr = i <= 36 ? SYS_clock_nanosleep : -1;
		if (i <= 5)
			x.callback = -1;
		v[n++] = x;
	}
	struct ls_stall st = {.start = 0.0025, .end = 0.3075, .ongoing = 0, .precision = 0.005, .samples = v, .n = n};
	struct ls_bd b;
	ls_bd_compute(&st, 0.005, &b);
	ck_assert_uint_eq(b.n, 2);
	ck_assert_int_eq(b.parts[0].callback, 1); /* the larger first */
	const struct ls_bd_part *a = part_named(&b, 1), *c = part_named(&b, 2);
	/* the lead-in to the first named sample (0.0025..0.030) is callback
	 * 1's, all uncertain; the switch is in the middle of 0.180..0.185 */
	ck_assert_double_eq_tol(a->time, 0.1825 - 0.0025, 1e-9);
	ck_assert_double_eq_tol(a->precision, 0.0275 + 0.0025, 1e-9);
	ck_assert_double_eq_tol(c->time, 0.3075 - 0.1825, 1e-9);
	ck_assert_double_eq_tol(c->precision, 0.0025 + 0.0025, 1e-9);
	ck_assert_double_eq_tol(a->time + c->time, st.end - st.start, 1e-9);
	/* every sample owned, the unnamed ones by the part their time is in */
	ck_assert_uint_eq(a->samples, 36);
	ck_assert_uint_eq(c->samples, 25);
	ck_assert_double_eq_tol(a->off, 36 * 0.005, 1e-9);
	ck_assert_double_eq_tol(c->off, 0, 1e-12);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(b.parts[b.owner[i]].callback, i < 36 ? 1 : 2);
	ls_bd_free(&b);
}
END_TEST

/* perf-like: exact edges [1.0, 1.31]; one snapshot of a block at 1.03,
 * seen in it until 1.18 and standing for 0.155 s; on-CPU samples of
 * callback 2 every 5 ms from 1.185, and a sample with no callback (the
 * loop's own code) at 1.30. Given out of time order. */
START_TEST(breakdown_block_span_and_order)
{
	struct ls_stall_sample v[26];
	size_t n = 0;
	for (int i = 0; i < 24; i++)
		v[n++] = busy(1.185 + i * 0.005, 2);
	v[n++] = busy(1.30, -1);
	struct ls_stall_sample blk = busy(1.03, 1);
	blk.offcpu = 1;
	blk.nr = SYS_clock_nanosleep;
	blk.w = 0.155;
	blk.span = 0.15;
	v[n++] = blk;
	struct ls_stall st = {.start = 1.0, .end = 1.31, .ongoing = 0, .precision = 0, .samples = v, .n = n};
	struct ls_bd b;
	ls_bd_compute(&st, 0.005, &b);
	ck_assert_uint_eq(b.n, 2);
	const struct ls_bd_part *a = part_named(&b, 1), *c = part_named(&b, 2);
	ck_assert_int_eq(b.parts[0].callback, 1);
	/* 1.0..1.03 unseen (callback 1's, uncertain), 1.03..1.18 seen, half of
	 * the gap to 1.185 */
	ck_assert_double_eq_tol(a->time, 0.1825, 1e-9);
	ck_assert_double_eq_tol(a->precision, 0.03 + 0.0025, 1e-9);
	/* 1.1825 to the end; after its last sample at 1.30 it is uncertain */
	ck_assert_double_eq_tol(c->time, 1.31 - 1.1825, 1e-9);
	ck_assert_double_eq_tol(c->precision, 0.0025 + (1.31 - 1.30), 1e-9);
	ck_assert_uint_eq(a->samples, 1);
	ck_assert_double_eq_tol(a->weight, 0.155, 1e-12);
	ck_assert_uint_eq(c->samples, 25); /* the loop's own sample is in its time */
	ck_assert_int_eq(b.parts[b.owner[n - 1]].callback, 1);
	ck_assert_int_eq(b.parts[b.owner[n - 2]].callback, 2);
	ls_bd_free(&b);
}
END_TEST

/* No sample names a callback: no parts. One callback: all its own,
 * uncertain by what no sample saw (one sample at 30 ms of 50: all of
 * it). A stall of thousands of samples with many callbacks. */
START_TEST(breakdown_none_one_many)
{
	struct ls_stall_sample v[4000];
	for (int i = 0; i < 4; i++)
		v[i] = busy(0.01 * (i + 1), -1);
	struct ls_stall st = {.start = 0, .end = 0.05, .ongoing = 0, .precision = 0, .samples = v, .n = 4};
	struct ls_bd b;
	ls_bd_compute(&st, 0.005, &b);
	ck_assert_uint_eq(b.n, 0);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(b.owner[i], -1);
	ls_bd_free(&b);
	v[2].callback = 9;
	ls_bd_compute(&st, 0.005, &b);
	ck_assert_uint_eq(b.n, 1);
	ck_assert_double_eq_tol(b.parts[0].time, 0.05, 1e-12);
	ck_assert_double_eq_tol(b.parts[0].precision, 0.05, 1e-12);
	ck_assert_uint_eq(b.parts[0].samples, 4);
	ls_bd_free(&b);
	ls_bd_compute(&(struct ls_stall){.start = 0, .end = 0.05, .ongoing = 0, .precision = 0, .samples = v, .n = 0}, 0.005, &b);
	ck_assert_uint_eq(b.n, 0);
	ls_bd_free(&b);
	/* callback i % 500 at sample i: 500 parts, times summing to the stall */
	for (int i = 0; i < 4000; i++)
		v[i] = busy(i * 0.001, i % 500);
	st = (struct ls_stall){.start = 0, .end = 4.0, .ongoing = 0, .precision = 0, .samples = v, .n = 4000};
	ls_bd_compute(&st, 0.001, &b);
	ck_assert_uint_eq(b.n, 500);
	double sum = 0;
	size_t samples = 0;
	for (size_t i = 0; i < b.n; i++) {
		sum += b.parts[i].time;
		samples += b.parts[i].samples;
		if (i)
			ck_assert(b.parts[i - 1].time >= b.parts[i].time);
	}
	ck_assert_double_eq_tol(sum, 4.0, 1e-6);
	ck_assert_uint_eq(samples, 4000);
	ls_bd_free(&b);
}
END_TEST

START_TEST(stall_exact_edges)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	/* a thousand short iterations, never idle long: no stall */
	for (int i = 0; i < 1000; i++) {
		ls_stall_iter_begin(&s, i * 0.001);
		if (i % 10 == 0) {
			struct ls_stall_sample b = busy(i * 0.001 + 0.0004, 3);
			ls_stall_busy(&s, &b);
		}
		ls_stall_iter_end(&s, i * 0.001 + 0.0009);
	}
	ck_assert_int_eq(g.n, 0);
	ck_assert_double_eq_tol(ls_stall_busy_ratio(&s, 0.9999), 0.9, 1e-3);
	/* one of 150 ms with samples of another callback inside: still one
	 * stall, edges exact, precision 0 */
	ls_stall_iter_begin(&s, 1.0);
	for (int i = 1; i < 30; i++) {
		struct ls_stall_sample b = busy(1.0 + i * 0.005, i & 1);
		ls_stall_busy(&s, &b);
	}
	ls_stall_iter_end(&s, 1.15);
	ck_assert_int_eq(g.n, 1);
	ck_assert_double_eq_tol(g.v[0].start, 1.0, 1e-9);
	ck_assert_double_eq_tol(g.v[0].end, 1.15, 1e-9);
	ck_assert_double_eq_tol(g.v[0].precision, 0, 1e-12);
	ck_assert_uint_eq(g.v[0].n, 29);
	/* one without any sample is a stall all the same */
	ls_stall_iter_begin(&s, 2.0);
	ls_stall_iter_end(&s, 2.2);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.v[1].n, 0);
	/* lost edges: the open iteration is forgotten, not reported */
	ls_stall_iter_begin(&s, 3.0);
	ls_stall_iter_abort(&s);
	ls_stall_iter_end(&s, 3.5);
	ck_assert_int_eq(g.n, 2);
	/* cut off by the end of the run: ongoing */
	ls_stall_iter_begin(&s, 4.0);
	ls_stall_finish(&s, 4.3);
	ck_assert_int_eq(g.n, 3);
	ck_assert_int_eq(g.v[2].ongoing, 1);
	ck_assert_double_eq_tol(g.v[2].end - g.v[2].start, 0.3, 1e-9);
	ls_stall_seg_free(&s);
}
END_TEST

START_TEST(stall_split_at_boundary)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	ls_stall_idle(&s, 0);
	/* 300 ms of the same callback, a boundary seen every 50 ms (the
	 * thread blocked in between): no stall of 300 ms */
	for (int i = 1; i <= 60; i++) {
		if (i % 10 == 0)
			ls_stall_boundary(&s, i * 0.005);
		struct ls_stall_sample b = busy(i * 0.005, 1);
		ls_stall_busy(&s, &b);
	}
	ls_stall_idle(&s, 0.305);
	ck_assert_int_eq(g.n, 0);
	ck_assert_uint_eq(s.nbusy, 7);
	ls_stall_seg_free(&s);
}
END_TEST

/* schedstat: "on-CPU ns, run-queue wait ns, arrivals on a CPU". */
START_TEST(schedstat_line)
{
	struct ls_proc_sched ps;
	ck_assert_int_eq(ls_proc_parse_schedstat("6068896 19104388 9\n", &ps), 0);
	ck_assert_double_eq_tol(ps.on_cpu, 0.006068896, 1e-12);
	ck_assert_double_eq_tol(ps.runq_wait, 0.019104388, 1e-12);
	ck_assert_uint_eq(ps.slices, 9);
	ck_assert_int_eq(ls_proc_parse_schedstat("6068896 19104388\n", &ps), -1);
	ck_assert_int_eq(ls_proc_parse_schedstat("6068896 19104388 9 4\n", &ps), -1);
	ck_assert_int_eq(ls_proc_parse_schedstat("", &ps), -1);
}
END_TEST

/* The scheduler's account around a stall: the difference between the
 * readings at the observations that open and close it; a run under way
 * at the first observation is marked as begun before it. */
START_TEST(stall_sched_and_before)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	/* busy at the first observation, idle at 0.3 s */
	ls_stall_sched(&s, 1.0, 2.0);
	ls_stall_before(&s, 0.001);
	for (int i = 1; i <= 50; i++) {
		struct ls_stall_sample b = busy(i * 0.005, 4);
		ls_stall_sched(&s, 1.0 + i * 0.001, 2.0 + i * 0.004);
		ls_stall_busy(&s, &b);
	}
	ls_stall_sched(&s, 1.06, 2.21);
	ls_stall_idle(&s, 0.3);
	ck_assert_int_eq(g.n, 1);
	ck_assert_int_eq(g.v[0].before, 1);
	ck_assert_double_eq_tol(g.v[0].start, 0.001, 1e-9);
	ck_assert_int_eq(g.v[0].sched_known, 1);
	ck_assert_double_eq_tol(g.v[0].on_cpu, 0.06, 1e-9);
	ck_assert_double_eq_tol(g.v[0].runq_wait, 0.21, 1e-9);
	ck_assert_int_eq(g.v[0].open_idle, 0); /* opened with the thread busy */
	/* the next one opens at that idle reading; unread at its end: unknown */
	for (int i = 1; i <= 30; i++) {
		struct ls_stall_sample b = busy(0.3 + i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	ls_stall_idle(&s, 0.5);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(g.v[1].before, 0);
	ck_assert_int_eq(g.v[1].sched_known, 0);
	/* opened at an idle reading, closed at one: a wait cannot straddle its start */
	for (int i = 1; i <= 30; i++) {
		struct ls_stall_sample b = busy(0.5 + i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	ls_stall_sched(&s, 1.2, 2.5);
	ls_stall_idle(&s, 0.7);
	ck_assert_int_eq(g.n, 3);
	ck_assert_int_eq(g.v[2].sched_known, 0); /* the idle at 0.5 was unread */
	for (int i = 1; i <= 30; i++) {
		struct ls_stall_sample b = busy(0.7 + i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	ls_stall_sched(&s, 1.25, 2.6);
	ls_stall_idle(&s, 0.9);
	ck_assert_int_eq(g.n, 4);
	ck_assert_int_eq(g.v[3].sched_known, 1);
	ck_assert_int_eq(g.v[3].open_idle, 1);
	ck_assert_double_eq_tol(g.v[3].runq_wait, 0.1, 1e-9);
	/* exact iterations: the readings at their two edges */
	ls_stall_sched(&s, 0, 0);
	ls_stall_iter_begin(&s, 1.0);
	ls_stall_sched(&s, 0.01, 0.19);
	ls_stall_iter_end(&s, 1.2);
	ck_assert_int_eq(g.n, 5);
	ck_assert_int_eq(g.v[4].sched_known, 1);
	ck_assert_double_eq_tol(g.v[4].runq_wait, 0.19, 1e-9);
	/* a run begun before attach that never came round: ongoing, before */
	ls_stall_before(&s, 2.0);
	ls_stall_finish(&s, 2.5);
	ck_assert_int_eq(g.n, 6);
	ck_assert_int_eq(g.v[5].before, 1);
	ck_assert_int_eq(g.v[5].ongoing, 1);
	ck_assert_double_eq_tol(g.v[5].end - g.v[5].start, 0.5, 1e-9);
	ls_stall_seg_free(&s);
}
END_TEST

/* A run under way at the first observation ends at the first round seen
 * in it: too short then, it is no stall, and what follows is an ordinary
 * run, not one begun before attach (the ptrace path's saturated loop,
 * busy at every look while the kernel counts it blocking in between). */
START_TEST(stall_before_ends_at_first_round)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	ls_stall_sched(&s, 1.0, 2.0);
	ls_stall_before(&s, 0.0);
	struct ls_stall_sample b = busy(0.0, 4);
	ls_stall_busy(&s, &b);
	b = busy(0.005, 4);
	ls_stall_busy(&s, &b);
	ls_stall_boundary(&s, 0.010); /* went round between 0.005 and 0.010 */
	for (int i = 2; i <= 50; i++) {
		b = busy(i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	ck_assert_int_eq(g.n, 0);
	ls_stall_idle(&s, 0.255);
	ck_assert_int_eq(g.n, 1);
	ck_assert_int_eq(g.v[0].before, 0);
	ck_assert_double_eq_tol(g.v[0].start, 0.0075, 1e-9);
	ck_assert_double_eq_tol(g.v[0].end, 0.2525, 1e-9);
	/* without the round, the whole of it was under way at attach */
	ls_stall_before(&s, 1.0);
	for (int i = 0; i <= 50; i++) {
		b = busy(1.0 + i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	ls_stall_idle(&s, 1.255);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(g.v[1].before, 1);
	ck_assert_double_eq_tol(g.v[1].start, 1.0, 1e-9);
	ls_stall_seg_free(&s);
}
END_TEST

/* A run ended at a round is closed by the reading taken at that
 * observation (a starved thread's wait is credited when it ends, just
 * before it), and says how much of its wait may lie outside it: the gap
 * before each edge read at a round, none at an edge read in the wait,
 * unbounded when it opened with the thread busy. */
START_TEST(stall_round_readings_and_slack)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	ls_stall_sched(&s, 1.0, 2.0);
	ls_stall_idle(&s, 0.0);
	/* busy from 0.01 to 0.20, starved from 0.05: nothing credited yet */
	for (int i = 1; i <= 20; i++) {
		struct ls_stall_sample b = busy(i * 0.01, 4);
		ls_stall_sched(&s, 1.0 + (i < 5 ? i : 5) * 0.001, 2.0);
		ls_stall_busy(&s, &b);
	}
	/* round at 0.21: the 150 ms wait is credited in this reading */
	ls_stall_sched(&s, 1.006, 2.15);
	ls_stall_boundary(&s, 0.21);
	ck_assert_int_eq(g.n, 1);
	ck_assert_int_eq(g.v[0].sched_known, 1);
	ck_assert_double_eq_tol(g.v[0].runq_wait, 0.15, 1e-9);
	ck_assert_double_eq_tol(g.v[0].on_cpu, 0.006, 1e-9);
	ck_assert_int_eq(g.v[0].open_idle, 1);
	ck_assert_double_eq_tol(g.v[0].slack, 0.01, 1e-9); /* closed at a round 10 ms after the last look */
	/* the reading at the round is left for that observation, and opens the next run */
	struct ls_stall_sample b = busy(0.21, 4);
	ls_stall_busy(&s, &b);
	for (int i = 22; i <= 40; i++) {
		b = busy(i * 0.01, 4);
		ls_stall_busy(&s, &b);
	}
	ls_stall_sched(&s, 1.2, 2.16);
	ls_stall_idle(&s, 0.41);
	ck_assert_int_eq(g.n, 2);
	ck_assert_double_eq_tol(g.v[1].on_cpu, 0.194, 1e-9);
	ck_assert_double_eq_tol(g.v[1].runq_wait, 0.01, 1e-9);
	ck_assert_int_eq(g.v[1].open_idle, 0);
	ck_assert_double_eq_tol(g.v[1].slack, 0.01, 1e-9); /* opened at that round */
	/* opened with the thread busy (nothing read in its wait): unbounded */
	ls_stall_sched(&s, 2.0, 3.0);
	ls_stall_before(&s, 1.0);
	for (int i = 0; i <= 20; i++) {
		b = busy(1.0 + i * 0.01, 4);
		ls_stall_busy(&s, &b);
	}
	ls_stall_sched(&s, 2.0, 3.2);
	ls_stall_idle(&s, 1.21);
	ck_assert_int_eq(g.n, 3);
	ck_assert_double_eq_tol(g.v[2].slack, -1, 1e-9);
	ls_stall_seg_free(&s);
}
END_TEST

/* Edges from syscall-stops (ptrace path, a loop that never blocks): the
 * wait's entry ends the stretch exactly; its start is put halfway between
 * the stretch's last edge and the moment tracing began, exact when traced
 * since before it; a pause in tracing makes the end uncertain by half of
 * it; the wait's return starts the next stretch exactly, and an idle
 * observation in between forgets it. */
START_TEST(stall_wait_edges)
{
	struct got g = {0};
	struct ls_stall_seg s;
	ls_stall_seg_init(&s, 100, collect, &g);
	ls_stall_idle(&s, 0.0);
	struct ls_stall_sample b;
	for (int i = 1; i <= 30; i++) {
		b = busy(i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	/* traced from 0.030 on, the wait entered at 0.150 */
	ls_stall_wait_enter(&s, 0.150, 0.030, -1);
	ck_assert_int_eq(g.n, 1);
	ck_assert_double_eq_tol(g.v[0].start, 0.015, 1e-9);
	ck_assert_double_eq_tol(g.v[0].end, 0.150, 1e-9);
	ck_assert_double_eq_tol(g.v[0].precision, 0.015, 1e-9);
	/* returned at 0.151: the next stretch starts there; traced from
	 * before it, it is exact at both ends */
	ls_stall_wait_return(&s, 0.151);
	for (int i = 1; i <= 30; i++) {
		b = busy(0.151 + i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	ls_stall_wait_enter(&s, 0.300, 0.140, -1);
	ck_assert_int_eq(g.n, 2);
	ck_assert_double_eq_tol(g.v[1].start, 0.151, 1e-9);
	ck_assert_double_eq_tol(g.v[1].end, 0.300, 1e-9);
	ck_assert_double_eq_tol(g.v[1].precision, 0, 1e-9);
	/* a short stretch is none; an idle look after the return forgets it */
	ls_stall_wait_return(&s, 0.301);
	ls_stall_wait_enter(&s, 0.303, 0.302, -1);
	ck_assert_int_eq(g.n, 2);
	ls_stall_wait_return(&s, 0.304);
	ls_stall_idle(&s, 0.400);
	for (int i = 1; i <= 30; i++) {
		b = busy(0.400 + i * 0.005, 4);
		ls_stall_busy(&s, &b);
	}
	/* paused from 0.5 until 0.52 */
	ls_stall_wait_enter(&s, 0.54, 0.43, 0.50);
	ck_assert_int_eq(g.n, 3);
	ck_assert_double_eq_tol(g.v[2].start, 0.415, 1e-9);
	ck_assert_double_eq_tol(g.v[2].end, 0.52, 1e-9);
	ck_assert_double_eq_tol(g.v[2].precision, 0.015 + 0.02, 1e-9);
	/* traced 200 ms late, 20 ms seen: no stall; seen 60 ms: a stall */
	ls_stall_idle(&s, 1.0);
	b = busy(1.005, 4);
	ls_stall_busy(&s, &b);
	ls_stall_wait_enter(&s, 1.22, 1.2, -1);
	ck_assert_int_eq(g.n, 3);
	ls_stall_idle(&s, 2.0);
	b = busy(2.005, 4);
	ls_stall_busy(&s, &b);
	ls_stall_wait_enter(&s, 2.26, 2.2, -1);
	ck_assert_int_eq(g.n, 4);
	ck_assert_double_eq_tol(g.v[3].start, 2.1, 1e-9);
	ls_stall_seg_free(&s);
}
END_TEST

START_TEST(syscalls_that_take_an_fd)
{
	ck_assert(ls_proc_syscall_takes_fd(SYS_read));
	ck_assert(ls_proc_syscall_takes_fd(SYS_sendto));
	ck_assert(ls_proc_syscall_takes_fd(SYS_fsync));
	ck_assert(!ls_proc_syscall_takes_fd(SYS_clock_nanosleep));
	ck_assert(!ls_proc_syscall_takes_fd(SYS_openat));
	ck_assert(!ls_proc_syscall_takes_fd(SYS_futex));
	ck_assert(!ls_proc_syscall_takes_fd(-1));
}
END_TEST

START_TEST(p99_nearest_rank)
{
	double v[200];
	for (int i = 0; i < 200; i++)
		v[i] = 200 - i;
	ck_assert_double_eq(ls_report_p99(v, 200), 198);
	double one = 42;
	ck_assert_double_eq(ls_report_p99(&one, 1), 42);
	ck_assert_double_eq(ls_report_p99(NULL, 0), 0);
}
END_TEST

/* The session holds stalls in the order they ended (a long stall of one
 * loop thread ends after short ones of another begun later; a stall under
 * way at attach is reported once its thread shows it is a loop): the
 * JSON lists them in the order they began. */
START_TEST(json_stalls_by_start)
{
	struct ls_session s;
	memset(&s, 0, sizeof s);
	s.opts.rate_hz = 200;
	s.opts.threshold_ms = 100;
	struct ls_session_stall st[4];
	memset(st, 0, sizeof st);
	const double start[] = {0.50, 0.20, 0.05, 0.20}, end[] = {0.70, 0.90, 1.00, 0.40};
	const pid_t tid[] = {11, 12, 11, 13};
	for (int i = 0; i < 4; i++) {
		st[i] = (struct ls_session_stall){.tid = tid[i], .start = start[i], .end = end[i],
						  .nr = -1, .stack = -1, .callback = "cb"};
	}
	s.stalls = st;
	s.nstalls = 4;
	json_t *j = ls_report_json(&s);
	json_t *a = json_object_get(j, "stalls");
	ck_assert_uint_eq(json_array_size(a), 4);
	/* by start; the tie at 0.20 by end */
	const double want_start[] = {0.05, 0.20, 0.20, 0.50};
	const int want_tid[] = {11, 13, 12, 11};
	for (size_t i = 0; i < 4; i++) {
		json_t *o = json_array_get(a, i);
		ck_assert_double_eq(json_real_value(json_object_get(o, "start_s")), want_start[i]);
		ck_assert_int_eq(json_integer_value(json_object_get(o, "tid")), want_tid[i]);
	}
	/* the session's own order is left as it was */
	ck_assert_double_eq(s.stalls[0].start, 0.50);
	ck_assert_double_eq(json_real_value(json_object_get(json_object_get(j, "summary"), "worst_ms")), 950);
	json_decref(j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sampler-parse");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, maps_parse_and_find);
	tcase_add_test(tc, maps_order_and_overlap);
	tcase_add_test(tc, syscall_line);
	tcase_add_test(tc, pid_state_tracer);
	tcase_add_test(tc, stall_edges_at_midpoints);
	tcase_add_test(tc, stall_block_span_sets_the_end);
	tcase_add_test(tc, stall_new_callback_no_split_and_ongoing);
	tcase_add_test(tc, breakdown_two_callbacks_point_samples);
	tcase_add_test(tc, breakdown_block_span_and_order);
	tcase_add_test(tc, breakdown_none_one_many);
	tcase_add_test(tc, stall_exact_edges);
	tcase_add_test(tc, stall_split_at_boundary);
	tcase_add_test(tc, schedstat_line);
	tcase_add_test(tc, stall_sched_and_before);
	tcase_add_test(tc, stall_before_ends_at_first_round);
	tcase_add_test(tc, stall_round_readings_and_slack);
	tcase_add_test(tc, stall_wait_edges);
	tcase_add_test(tc, syscalls_that_take_an_fd);
	tcase_add_test(tc, p99_nearest_rank);
	tcase_add_test(tc, json_stalls_by_start);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
