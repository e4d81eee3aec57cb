/*
 * session.c — see session.h. Two ways to see iterations, one report.
 *
 * perf path: the kernel reports every wait entered and returned (perf.h),
 * so a loop thread is found the first time it waits, however busy, and
 * every iteration has exact edges; stacks come from perf samples of loop
 * threads (on CPU only, so an idle loop has none), unwound only once an
 * iteration has lasted a quarter of the threshold: the kernel's timestamps
 * place them even when loopscope itself runs late. A loop blocked by then
 * gets one ptrace snapshot for the block.
 *
 * ptrace path: the per-tick cost is what keeps the target unharmed: a
 * thread idle in its loop's own poll is recognised from
 * /proc/PID/task/TID/syscall alone (syscall number and stack pointer
 * against the idle signature learned the first time), so an idle loop is
 * never stopped; only a loop thread found busy is interrupted, for as long
 * as it takes to copy its registers and stack. Iteration boundaries are
 * seen when a tick catches them (the wait, a changed count of voluntary
 * context switches), so each stall carries its uncertainty; and, for a
 * loop that never blocks (nothing for a tick to catch), at the loop's own
 * wait entered while the thread is stopped at its syscalls, which it is
 * only once a busy stretch has lasted a quarter of the threshold (on_sys):
 * one traced iteration per quarter threshold for a saturated loop, none
 * for a healthy one.
 */
#include "sampler/session.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/u64map.h"
#include "common/util.h"
#include "sampler/breakdown.h"
#include "sampler/proc.h"

#define STACK_COPY (64 * 1024)
#define MAX_FRAMES 96
#define SYMCACHE_SIZE 4096
/* Interned stacks are collected from this many on (collect_stacks). */
#define STACKS_GC_MIN 4096

struct symcache_entry {
	uint64_t ip;
	unsigned gen;
	int ret, valid;
	const char *function, *module;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct ls_session_thread *thread_of(struct ls_session *s, pid_t tid)
{
	for (size_t i = 0; i < s->nthreads; i++)
		if (s->threads[i].tid == tid)
			return &s->threads[i];
	return NULL;
}

const struct ls_session_thread *ls_session_thread_of(const struct ls_session *s, pid_t tid)
{
	return thread_of((struct ls_session *)s, tid);
}

static void emit(void *ctx, const struct ls_stall *st);

static double period_s(const struct ls_session *s)
{
	return 1.0 / s->opts.rate_hz;
}

static void add_thread(struct ls_session *s, pid_t tid)
{
	if (thread_of(s, tid))
		return;
	s->threads = ls_xrealloc(s->threads, (s->nthreads + 1) * sizeof *s->threads);
	struct ls_session_thread *th = &s->threads[s->nthreads++];
	memset(th, 0, sizeof *th);
	th->tid = tid;
	th->idle_stack = -1;
	th->last_nr = -1;
	th->last_sc.nr = -1;
	th->idle_sc.nr = -1;
	th->back_to = -1;
	th->scfd = -1;
	th->ssfd = -1;
	th->vcsw = -1;
	/* born after attach: nothing of it can predate attaching */
	th->pre = s->t0 > 0 ? 2 : 0;
	th->wait_nr = -1;
	th->sys_nr = th->sys_in = -1;
	th->sys_look.stack = -1;
	th->obs_ps_t = -1;
	th->sys_first = th->sys_paused = -1;
	th->pend.stack = -1;
	th->forced = s->opts.thread == tid;
	if (th->forced)
		th->loop = th->confirmed = 1;
	ls_proc_comm(s->pid, tid, th->name, sizeof th->name);
	ls_stall_seg_init(&th->seg, s->opts.threshold_ms, emit, s);
	if (s->use_perf && ls_perf_add(&s->perf, tid) == 0 && th->forced)
		ls_perf_set(&s->perf, tid, LS_PERF_IDLE | LS_PERF_SAMPLE);
}

static void sync_threads(struct ls_session *s)
{
	for (size_t i = 0; i < s->pt.n; i++)
		if (s->pt.t[i].is_new) {
			s->pt.t[i].is_new = 0;
			add_thread(s, s->pt.t[i].tid);
		}
	/* Threads gone: their perf buffers go too (a pool that churns
	 * threads would otherwise pile up descriptors). */
	for (size_t i = 0; s->use_perf && i < s->perf.n; i++) {
		int alive = 0;
		for (size_t k = 0; k < s->pt.n && !alive; k++)
			alive = s->pt.t[k].tid == ls_perf_tid(&s->perf, i);
		if (!alive)
			ls_perf_remove(&s->perf, ls_perf_tid(&s->perf, i--));
	}
}

/* Stacks are interned through an open-addressing index on their hash:
 * a long stall brings thousands of samples, each looked up once. */
static void index_put(int *index, size_t cap, const struct ls_session_stack *stacks, int id)
{
	size_t k = stacks[id].hash & (cap - 1);
	while (index[k] >= 0)
		k = (k + 1) & (cap - 1);
	index[k] = id;
}

/* The index over stacks[0..nstacks) anew, cap a power of two over
 * twice their number. */
static void index_rebuild(struct ls_session *s, size_t cap)
{
	free(s->stack_index);
	s->stack_index = ls_xmalloc(cap * sizeof *s->stack_index);
	memset(s->stack_index, 0xff, cap * sizeof *s->stack_index);
	s->stack_index_cap = cap;
	for (size_t i = 0; i < s->nstacks; i++)
		index_put(s->stack_index, cap, s->stacks, (int)i);
}

static int intern_stack(struct ls_session *s, const uint64_t *ips, int n)
{
	uint64_t h = ls_hash64(ips, (size_t)n * sizeof *ips, 0);
	size_t cap = s->stack_index_cap;
	for (size_t k = cap ? h & (cap - 1) : 0; cap && s->stack_index[k] >= 0; k = (k + 1) & (cap - 1)) {
		const struct ls_session_stack *st = &s->stacks[s->stack_index[k]];
		if (st->hash == h && st->n == n && !memcmp(st->ips, ips, (size_t)n * sizeof *ips))
			return s->stack_index[k];
	}
	if ((s->nstacks + 1) * 2 > cap)
		index_rebuild(s, cap ? cap * 2 : 256);
	s->stacks = ls_xrealloc(s->stacks, (s->nstacks + 1) * sizeof *s->stacks);
	struct ls_session_stack *st = &s->stacks[s->nstacks];
	st->ips = ls_xmalloc((size_t)(n ? n : 1) * sizeof *ips);
	memcpy(st->ips, ips, (size_t)n * sizeof *ips);
	st->n = n;
	st->hash = h;
	index_put(s->stack_index, s->stack_index_cap, s->stacks, (int)s->nstacks);
	return (int)s->nstacks++;
}

/* Every stack id the session holds between ticks, handed to fn: the
 * stalls' (hottest, per callback, per sample), and each thread's idle
 * stack, open run, held-back block and observations from before it was
 * known as a loop. A stack id kept anywhere else would dangle after a
 * collection: this list is the whole contract. */
static void for_each_stack_ref(struct ls_session *s, void (*fn)(int *ref, void *ctx), void *ctx)
{
	for (size_t i = 0; i < s->nstalls; i++) {
		struct ls_session_stall *r = &s->stalls[i];
		fn(&r->stack, ctx);
		for (size_t k = 0; k < r->nstacks; k++)
			fn(&r->stacks[k], ctx);
		for (size_t k = 0; k < r->nparts; k++)
			fn(&r->parts[k].stack, ctx);
	}
	for (size_t i = 0; i < s->nthreads; i++) {
		struct ls_session_thread *th = &s->threads[i];
		fn(&th->idle_stack, ctx);
		fn(&th->pend.stack, ctx);
		fn(&th->sys_look.stack, ctx);
		for (size_t k = 0; k < th->seg.nrun; k++)
			fn(&th->seg.run[k].stack, ctx);
		for (unsigned k = 0; th->pre_smp && k < th->npre; k++)
			fn(&th->pre_smp[k].stack, ctx);
		for (unsigned k = 0; k < th->nheld; k++)
			for (size_t j = 0; j < th->held[k].st.n; j++)
				fn(&th->held[k].smp[j].stack, ctx);
	}
}

static void mark_ref(int *ref, void *ctx)
{
	if (*ref >= 0)
		((unsigned char *)ctx)[*ref] = 1;
}

static void remap_ref(int *ref, void *ctx)
{
	if (*ref >= 0)
		*ref = ((const int *)ctx)[*ref];
}

/* Free the stacks nothing refers to (a stretch stopped for that ended
 * short of a stall leaves its samples' stacks behind), once the table
 * has doubled since the last collection (or always, with force):
 * amortized constant work per stack interned, and a table at most twice
 * what is referenced (or stacks_gc_min). Called between ticks, when no
 * stack id is held in a local. */
static void collect_stacks(struct ls_session *s, int force)
{
	if (!s->nstacks || (!force && s->nstacks < s->stacks_gc_at))
		return;
	unsigned char *live = ls_xcalloc(s->nstacks + 1, 1);
	for_each_stack_ref(s, mark_ref, live);
	int *map = ls_xmalloc((s->nstacks + 1) * sizeof *map);
	size_t k = 0;
	for (size_t i = 0; i < s->nstacks; i++) {
		if (live[i]) {
			map[i] = (int)k;
			s->stacks[k++] = s->stacks[i];
		} else {
			map[i] = -1;
			free(s->stacks[i].ips);
		}
	}
	s->stacks_freed += s->nstacks - k;
	s->nstacks = k;
	for_each_stack_ref(s, remap_ref, map);
	free(map);
	free(live);
	size_t cap = 256;
	while (cap < (k + 1) * 2)
		cap *= 2;
	index_rebuild(s, cap);
	s->stacks_gc_at = !s->stacks_gc_min ? 0 : k * 2 > s->stacks_gc_min ? k * 2 : s->stacks_gc_min;
}

static const char *intern_name(struct ls_session *s, const char *name, int *id)
{
	for (size_t i = 0; i < s->nnames; i++)
		if (!strcmp(s->names[i], name)) {
			*id = (int)i;
			return s->names[i];
		}
	s->names = ls_xrealloc(s->names, (s->nnames + 1) * sizeof *s->names);
	s->names[s->nnames] = ls_xstrdup(name);
	*id = (int)s->nnames;
	return s->names[s->nnames++];
}

static int unwind_snapshot(struct ls_session *s, const struct ls_unw_snapshot *snap)
{
	uint64_t ips[MAX_FRAMES];
	int n = ls_unw_stack(s->unw, snap, ips, MAX_FRAMES);
	if (n <= 0)
		return -1;
	return intern_stack(s, ips, n);
}

/* What a syscall interrupted by a stop returns until the kernel restarts
 * it (ERESTARTSYS .. ERESTART_RESTARTBLOCK, kernel-internal, seen in the
 * registers at the stop). */
#define RESTART_FIRST 512
#define RESTART_LAST 516

/* Stop tid for a moment, copy regs + stack, unwind after it runs again.
 * s->stop_sc: the syscall the stop found it blocked in, -1 none. */
static int take_stack(struct ls_session *s, pid_t tid)
{
	struct ls_pt_sample smp;
	s->stops++;
	s->stop_sc = s->stop_nr = -1;
	if (ls_pt_sample(&s->pt, tid, &s->maps, s->stackbuf, STACK_COPY, &smp) < 0)
		return -1;
	long ret = (long)smp.regs.rax;
	s->stop_nr = (long)smp.regs.orig_rax;
	if ((long)smp.regs.orig_rax >= 0 && ret <= -RESTART_FIRST && ret >= -RESTART_LAST)
		s->stop_sc = (long)smp.regs.orig_rax;
	struct ls_unw_snapshot snap = {smp.regs, smp.stack_addr, s->stackbuf, smp.stack_len};
	return unwind_snapshot(s, &snap);
}

/* Function and module of frame i, cached by address: the same few
 * hundred return addresses recur in every sample. */
static void frame_names(struct ls_session *s, uint64_t ip, int ret, struct ls_loop_frame *out)
{
	struct symcache_entry *cache = s->symcache;
	struct symcache_entry *e = &cache[(ip ^ (ip >> 12) ^ (unsigned)ret) % SYMCACHE_SIZE];
	if (!(e->valid && e->ip == ip && e->ret == ret && e->gen == s->maps.generation)) {
		struct ls_unw_frame f;
		ls_unw_frame_info(s->unw, ip, ret, 0, &f);
		*e = (struct symcache_entry){ip, s->maps.generation, ret, 1, f.function, f.module};
	}
	out->function = e->function;
	out->module = e->module;
}

static int frames_of(struct ls_session *s, int stack, struct ls_loop_frame *out)
{
	if (stack < 0)
		return 0;
	const struct ls_session_stack *st = &s->stacks[stack];
	for (int i = 0; i < st->n; i++)
		frame_names(s, st->ips[i], i > 0, &out[i]);
	return st->n;
}

void ls_session_frame(struct ls_session *s, int stack, int i, int want_line,
		      struct ls_unw_frame *out)
{
	ls_unw_frame_info(s->unw, s->stacks[stack].ips[i], i > 0, want_line, out);
}

static void sys_new_stretch(struct ls_session_thread *th);

static void sys_forget(struct ls_session *s, struct ls_session_thread *th);

static void feed_idle(struct ls_session *s, struct ls_session_thread *th, double t)
{
	sys_forget(s, th); /* idle in its wait: in no other syscall */
	s->cur_tid = th->tid;
	th->vcsw = -1;
	ls_stall_idle(&th->seg, t);
	sys_new_stretch(th);
}

/* The frame of stack blamed as its callback (callback id in *cb), -1
 * when the stack shows the loop's own code, -2 when it was not unwound
 * down to the loop's frames (code without unwind info, a stack cut
 * short: which callback, or whether the loop came round, is unknown),
 * -3 when there is no stack. */
static int sample_blame(struct ls_session *s, const struct ls_session_thread *th, int stack, int *cb)
{
	*cb = -1;
	if (stack < 0)
		return -3;
	struct ls_loop_frame f[MAX_FRAMES], idle[MAX_FRAMES];
	int n = frames_of(s, stack, f);
	int nidle = frames_of(s, th->idle_stack, idle);
	if (!ls_loop_anchored(&s->model, f, n, nidle ? idle : NULL, nidle))
		return -2;
	int b = ls_loop_blame(&s->model, f, n, nidle ? idle : NULL, nidle);
	if (b >= 0) {
		char buf[512];
		const struct ls_session_stack *st = &s->stacks[stack];
		intern_name(s, f[b].function ? f[b].function
				: ls_unw_blame_name(s->unw, st->ips, st->n, b, buf, sizeof buf), cb);
	}
	return b;
}

/* Sample x's callback decided again by its stack (th's idle stack
 * now known). */
static void reblame(struct ls_session *s, const struct ls_session_thread *th, struct ls_stall_sample *x)
{
	int cb, b = sample_blame(s, th, x->stack, &cb);
	if (b == -3)
		return;
	if (x->unknown && b != -2)
		s->unknown--;
	else if (!x->unknown && b == -2)
		s->unknown++;
	x->unknown = b == -2;
	x->callback = cb;
}

/* One busy observation: offcpu with syscall nr (and its first argument),
 * the stack id when one was taken, standing for w seconds. 0, or -1 when
 * the stack shows the loop between callbacks (ptrace path: it came round). */
static int make_sample(struct ls_session *s, struct ls_session_thread *th, double t, long nr,
		       long arg0, int stack, double w, struct ls_stall_sample *out)
{
	int cb;
	int b = sample_blame(s, th, stack, &cb);
	s->unknown += b == -2;
	th->blind |= stack >= 0 && th->idle_stack < 0;
	if (b == -1 && !s->use_perf)
		return -1;
	*out = (struct ls_stall_sample){t, nr >= 0, nr, arg0, stack, cb, w, b == -2, 0, 0};
	return 0;
}

static void feed_busy(struct ls_session *s, struct ls_session_thread *th, double t, long nr,
		      long arg0, int stack, double w, int waiting)
{
	struct ls_stall_sample smp;
	if (make_sample(s, th, t, nr, arg0, stack, w, &smp) < 0) {
		/* loop code between callbacks: it has come round */
		feed_idle(s, th, t);
		return;
	}
	s->cur_tid = th->tid;
	smp.waiting = waiting;
	ls_stall_busy(&th->seg, &smp);
}

/* perf path: a block seen at t is held back until it ends (the thread's
 * next record), to stand for its length. */
static void feed_pending(struct ls_session *s, struct ls_session_thread *th, double t, long nr,
			 long arg0, int stack)
{
	th->pending = make_sample(s, th, t, nr, arg0, stack, 0, &th->pend) == 0;
}

static void flush_pending(struct ls_session *s, struct ls_session_thread *th, double t)
{
	if (!th->pending)
		return;
	th->pending = 0;
	th->pend.w = t > th->pend.t ? t - th->pend.t : period_s(s);
	s->cur_tid = th->tid;
	ls_stall_busy(&th->seg, &th->pend);
}

static void add_idle_sp(struct ls_session_thread *th, uint64_t sp)
{
	if (th->nidle_sps < (int)LS_ARRAY_LEN(th->idle_sps))
		th->idle_sps[th->nidle_sps++] = sp;
}

/* Stack id is the thread idling in its wait (syscall nr, at sp): learn
 * the loop's idle signature from it. */
static void learn_idle(struct ls_session *s, struct ls_session_thread *th, int id, long nr,
		       uint64_t sp)
{
	struct ls_loop_frame f[MAX_FRAMES];
	int n = frames_of(s, id, f);
	char buf[32];
	const char *fw = ls_loop_stack_framework(&s->model, f, n);
	th->idle_stack = id;
	th->loop = 1;
	/* named by now, if ever (pthread_setname_np after the clone); when
	 * learned at its first wait's syscall-stop, maybe not yet: read
	 * again when it is first seen idle */
	ls_proc_comm(s->pid, th->tid, th->name, sizeof th->name);
	th->name_again = 1;
	th->confirmed |= fw != NULL;
	th->framework = fw ? fw : ls_proc_syscall_name(nr, buf, sizeof buf);
	if (!fw) {
		int dummy;
		th->framework = intern_name(s, th->framework, &dummy);
	}
	add_idle_sp(th, sp);
}

/* The thread's scheduler account now; -1 when the kernel keeps none. */
static int read_sched(struct ls_session *s, struct ls_session_thread *th, struct ls_proc_sched *out)
{
	if (th->ssfd < 0)
		th->ssfd = ls_proc_schedstat_open(s->pid, th->tid);
	if (th->ssfd >= 0 && ls_proc_schedstat_read(th->ssfd, out) == 0)
		return 0;
	if (th->ssfd >= 0)
		close(th->ssfd);
	th->ssfd = -1;
	return -1;
}

/* Hand the reading to the observation fed next. */
static void sched_for_next(struct ls_session_thread *th, const struct ls_proc_sched *ps, int have)
{
	if (have)
		ls_stall_sched(&th->seg, ps->on_cpu, ps->runq_wait);
}

#define PRE_MAX 4096 /* observations kept of a stretch under way at attach */

/* A thread busy since attach and not known as a loop, seen at t in
 * syscall nr (-1: running), with the stack id taken then (-1 none), the
 * loop gone round since its previous observation or not (went_round),
 * and its scheduler account then (ps, NULL when unread). */
static void note_pre(struct ls_session_thread *th, double t, long nr, long arg0, int stack,
		     int went_round, const struct ls_proc_sched *ps)
{
	th->pre_last = t;
	th->pre_round |= went_round;
	if (th->pre_seen++ % (th->pre_every ? th->pre_every : 1) && stack < 0)
		return;
	if (th->npre == PRE_MAX) {
		/* full: keep every other one (and every stack), and from now
		 * on every other observation; a round seen at one dropped
		 * goes to the next kept */
		unsigned k = 0;
		int round = 0;
		for (unsigned i = 0; i < th->npre; i++) {
			round |= th->pre_smp[i].went_round;
			if (i % 2 == 0 || th->pre_smp[i].stack >= 0) {
				th->pre_smp[k] = th->pre_smp[i];
				th->pre_smp[k++].went_round = round;
				round = 0;
			}
		}
		th->pre_round |= round;
		th->npre = k;
		th->pre_every = (th->pre_every ? th->pre_every : 1) * 2;
		if (th->npre == PRE_MAX)
			return; /* all stacks: cannot be (at most 32) */
	}
	if (th->npre == th->cappre) {
		th->cappre = th->cappre ? th->cappre * 2 : 64;
		th->pre_smp = ls_xrealloc(th->pre_smp, th->cappre * sizeof *th->pre_smp);
	}
	th->pre_smp[th->npre++] = (struct ls_session_pre){t,	  nr,	      arg0,
							  stack,  th->pre_round, ps != NULL,
							  ps ? ps->on_cpu : 0, ps ? ps->runq_wait : 0};
	th->pre_round = 0;
}

/* A stack of a thread busy since attach, every 8th look and at most 32
 * of them; -1 when none is taken now. */
static int pre_stack(struct ls_session *s, size_t idx)
{
	struct ls_session_thread *th = &s->threads[idx];
	if (th->pre != 1 || th->pre_stacks >= 32 || th->pre_seen % 8)
		return -1;
	th->pre_stacks++;
	return take_stack(s, th->tid);
}

/* The thread just showed it is a loop while busy since attach: what was
 * seen of that stretch goes in as one run begun before observing did,
 * each observation standing for the time to the next. */
static void flush_pre(struct ls_session *s, struct ls_session_thread *th)
{
	if (th->pre != 1)
		return;
	th->pre = 2;
	s->cur_tid = th->tid;
	const struct ls_session_pre *first = th->npre ? &th->pre_smp[0] : NULL;
	if (first && first->sched_known)
		ls_stall_sched(&th->seg, first->on_cpu, first->runq_wait);
	ls_stall_before(&th->seg, th->pre_t);
	for (unsigned i = 0; i < th->npre; i++) {
		const struct ls_session_pre *p = &th->pre_smp[i];
		double next = i + 1 < th->npre ? p[1].t : th->pre_last;
		/* Only the run up to the first round is the one under way at
		 * attach: a busy stretch whose start nobody saw is no stall
		 * when the loop came round in it. */
		if (p->sched_known)
			ls_stall_sched(&th->seg, p->on_cpu, p->runq_wait);
		if (p->went_round)
			ls_stall_boundary(&th->seg, p->t);
		feed_busy(s, th, p->t, p->nr, p->arg0, p->stack, next > p->t ? next - p->t : period_s(s), 0);
	}
	free(th->pre_smp);
	th->pre_smp = NULL;
	th->npre = th->cappre = 0;
}

static int stop_pending(const struct ls_session *s, pid_t tid);

/* Syscall-stops of one thread in a row without its loop's wait, before
 * it is let run untraced for a quarter threshold: a stall full of
 * syscalls (a callback reading a file 4 KB at a time) is slowed by them
 * only that long in every half threshold, and its end is then known only
 * to within the pause. */
#define SYS_STOPS_MAX 1024

/* ptrace path: stop th at its syscalls from its next resume on (a stop
 * of ours that follows), until it enters its loop's wait. */
static void sys_start(struct ls_session *s, struct ls_session_thread *th)
{
	if (s->use_perf || th->sys || th->sys_spent || ls_pt_trace_syscalls(&s->pt, th->tid, 1) < 0)
		return;
	th->sys = 1;
	th->sys_since = -1;
	th->sys_episode = 0;
	th->sys_in_wait = 0;
}

static void sys_traced_from(struct ls_session_thread *th, double t)
{
	th->sys_since = t;
	if (th->sys_first < 0)
		th->sys_first = t;
}

/* After the stop that was to start it: traced from now on, when it came. */
static void sys_started(struct ls_session *s, struct ls_session_thread *th)
{
	if (th->sys && th->sys_since < 0 && !stop_pending(s, th->tid))
		sys_traced_from(th, now_s() - s->t0);
}

static int sys_more(struct ls_session_thread *th, double t)
{
	if (++th->sys_episode < SYS_STOPS_MAX)
		return 1;
	th->sys = 0;
	th->sys_spent = 1;
	th->sys_paused = t;
	return 0;
}

/* sys_more, and what tracing followed is left behind when it pauses. */
static int sys_go_on(struct ls_session *s, struct ls_session_thread *th, double t)
{
	if (sys_more(th, t))
		return 1;
	sys_forget(s, th);
	return 0;
}

/* A new stretch: what tracing saw of the last one is over. */
static void sys_new_stretch(struct ls_session_thread *th)
{
	th->sys_stops_open = th->sys_stops;
	th->sys_spent = 0;
	th->sys_first = th->sys_paused = -1;
}

/* The look held while th sat in a syscall, fed as it was taken. */
static void sys_flush(struct ls_session *s, struct ls_session_thread *th)
{
	if (!th->sys_held)
		return;
	th->sys_held = 0;
	s->cur_tid = th->tid;
	ls_stall_busy(&th->seg, &th->sys_look);
}

/* Hold a busy look of th, inside th->sys_in by its syscall-stops, until
 * that syscall returns (the first look with a stack is kept). */
static void sys_hold(struct ls_session_thread *th, const struct ls_stall_sample *smp)
{
	if (th->sys_held && th->sys_look.stack >= 0)
		return;
	th->sys_look = *smp;
	th->sys_held = 1;
}

/* The syscall th was inside is over at t, or no longer followed (stop:
 * tracing ends before its return). One that lasted a sampling period or
 * more was a block: one off-CPU sample at its entry standing for its
 * length, with the stack of the look held inside it, else the one at
 * this syscall-stop (capture: th is held in it); one shorter is a moment
 * of the code's run, which sampling resolves no finer than a period: the
 * look held inside it goes in as taken. */
/* Whether th, inside a syscall from `from` to t, spent most of that
 * blocked by the kernel's account: the time since its last observation
 * neither on a CPU nor waiting for one, less what of it came before the
 * syscall, over half the syscall's length. A thread preempted in a
 * syscall, or held in one of our stops the sampler was slow to handle,
 * was not blocked in it by the program. */
static int mostly_blocked(struct ls_session *s, struct ls_session_thread *th, double from, double t)
{
	struct ls_proc_sched ps;
	if (th->obs_ps_t < 0 || th->obs_ps_t > t || read_sched(s, th, &ps) < 0)
		return 0;
	double ran = ps.on_cpu - th->obs_ps.on_cpu + ps.runq_wait - th->obs_ps.runq_wait;
	double before = from > th->obs_ps_t ? from - th->obs_ps_t : 0;
	return (t - th->obs_ps_t) - ran - before > (t - from) / 2;
}

static void sys_block_end(struct ls_session *s, struct ls_session_thread *th, double t, int capture)
{
	long nr = th->sys_in;
	double len = t - th->sys_in_t;
	th->sys_in = -1;
	th->sys_in_restart = 0;
	/* Not known as a loop: what it was busy with since attach is what
	 * the ticks noted (note_pre), in time order; nothing else of it is
	 * a stall. */
	if (!th->loop) {
		th->sys_held = 0;
		return;
	}
	/* a look whose stop found it blocked inside says so; else the
	 * kernel's account must */
	if (nr < 0 || len < period_s(s) ||
	    !((th->sys_held && th->sys_look.offcpu) || mostly_blocked(s, th, t - len, t))) {
		sys_flush(s, th);
		return;
	}
	int stack = th->sys_held ? th->sys_look.stack : -1;
	th->sys_held = 0;
	struct ls_pt_sample cap;
	if (stack < 0 && capture && ls_pt_capture(th->tid, &s->maps, s->sysbuf, STACK_COPY, &cap) == 0) {
		struct ls_unw_snapshot snap = {cap.regs, cap.stack_addr, s->sysbuf, cap.stack_len};
		stack = unwind_snapshot(s, &snap);
	}
	struct ls_stall_sample smp;
	if (make_sample(s, th, th->sys_in_t, nr, th->sys_in_arg0, stack, len, &smp) < 0) {
		feed_idle(s, th, t); /* the loop's own code: it came round */
		return;
	}
	smp.span = len;
	s->cur_tid = th->tid;
	ls_stall_busy(&th->seg, &smp);
}

/* Tracing of th's syscalls ends here: a syscall it is inside is left to
 * the ticks' readings. */
static void sys_forget(struct ls_session *s, struct ls_session_thread *th)
{
	sys_flush(s, th);
	th->sys_in = -1;
	th->sys_in_restart = 0;
}

/* Whether th, held at the entry of wait syscall nr with stack pointer sp,
 * enters its loop's own wait (not a poll inside a callback): by where its
 * idle stack waits, else by its stack, unwound once per place. A thread
 * not known as a loop yet learns its idle stack here. */
static int idle_wait(struct ls_session *s, struct ls_session_thread *th, long nr, uint64_t sp)
{
	for (int k = 0; k < th->nidle_sps; k++)
		if (th->idle_sps[k] == sp) {
			th->confirmed = 1; /* waited again where it waits: a loop for sure */
			return 1;
		}
	for (int k = 0; k < th->nbusy_sps; k++)
		if (th->busy_sps[k] == sp)
			return 0;
	struct ls_pt_sample smp;
	if (ls_pt_capture(th->tid, &s->maps, s->sysbuf, STACK_COPY, &smp) < 0)
		return 0;
	struct ls_unw_snapshot snap = {smp.regs, smp.stack_addr, s->sysbuf, smp.stack_len};
	int id = unwind_snapshot(s, &snap);
	if (id < 0)
		return 0;
	if (th->idle_stack < 0) {
		/* Looked at busy and stopped at its syscalls, a thread that
		 * now enters a wait is a loop (a saturated one shows no other
		 * sign); looked at blocked in another syscall, it may be a
		 * worker that polls once in a job: a loop once it waits there
		 * again. */
		learn_idle(s, th, id, nr, sp);
		th->confirmed |= !th->found_blocked;
		return 1;
	}
	struct ls_loop_frame f[MAX_FRAMES], idle[MAX_FRAMES];
	int n = frames_of(s, id, f);
	int nidle = frames_of(s, th->idle_stack, idle);
	if (ls_loop_same_stack(f, n, idle, nidle)) {
		add_idle_sp(th, sp);
		th->confirmed = 1;
		return 1;
	}
	if (th->nbusy_sps < (int)LS_ARRAY_LEN(th->busy_sps))
		th->busy_sps[th->nbusy_sps++] = sp;
	return 0;
}

/* ptrace path: a syscall-stop of a thread set tracing (sys_start). Its
 * loop's wait entered ends the busy stretch exactly; the wait's return
 * starts the next, and tracing ends there. Other syscalls only go on. */
static int on_sys(void *ctx, pid_t tid, const struct ls_pt_sys *e)
{
	struct ls_session *s = ctx;
	struct ls_session_thread *th = thread_of(s, tid);
	if (!th || !th->sys)
		return 0;
	double t = now_s() - s->t0;
	th->sys_stops++;
	if (th->sys_since < 0)
		sys_traced_from(th, t);
	s->cur_tid = tid;
	if (e->exit) {
		if (!th->sys_in_wait) {
			struct ls_pt_sample cap;
			if (e->ret > -RESTART_FIRST || e->ret < -RESTART_LAST) {
				sys_block_end(s, th, t, 1);
			} else if (th->sys_in < 0 && ls_pt_capture(tid, &s->maps, s->sysbuf, 0, &cap) == 0 &&
				   !ls_loop_is_wait(&s->model, (long)cap.regs.orig_rax,
						    (const uint64_t[6]){cap.regs.rdi, cap.regs.rsi, cap.regs.rdx,
									cap.regs.r10, cap.regs.r8, cap.regs.r9})) {
				/* interrupted by a stop of ours inside a syscall
				 * entered before it was followed (a poll is left to
				 * the ticks, as at its entry): inside it from now */
				th->sys_in = (long)cap.regs.orig_rax;
				th->sys_in_t = t;
				th->sys_in_arg0 = (long)cap.regs.rdi;
			}
			th->sys_in_restart = th->sys_in >= 0;
			return sys_go_on(s, th, t);
		}
		/* interrupted by a stop of ours, to be restarted: still waiting */
		if (e->ret <= -RESTART_FIRST && e->ret >= -RESTART_LAST)
			return 1;
		th->sys_in_wait = th->sys = 0;
		ls_stall_wait_return(&th->seg, t);
		return 0;
	}
	/* restart_syscall resumes the syscall a stop of ours interrupted:
	 * the one it is inside, else the one that stop found it in */
	long nr = e->nr != SYS_restart_syscall ? e->nr
		  : th->sys_in >= 0	      ? th->sys_in
		  : th->back_to >= 0	      ? th->back_to
		  : th->sys_nr >= 0	      ? th->sys_nr
					      : e->nr;
	th->sys_nr = nr;
	if (th->sys_in_wait)
		return 1; /* the wait, restarted */
	/* (a restart's own arguments say nothing of the call it resumes) */
	int wait = ls_loop_is_wait(&s->model, nr, e->nr == SYS_restart_syscall ? NULL : e->args);
	if (wait && !idle_wait(s, th, nr, e->sp)) {
		/* a poll inside a callback, or one whose stack could not be
		 * told from the loop's: left to the ticks, which tell a
		 * thread idle in its wait from one busy in another */
		sys_forget(s, th);
		return sys_go_on(s, th, t);
	}
	if (!wait) {
		if (!th->sys_in_restart || th->sys_in != nr) {
			sys_forget(s, th);
			th->sys_in = nr;
			th->sys_in_t = t;
			th->sys_in_arg0 = e->arg0;
		}
		th->sys_in_restart = 0;
		return sys_go_on(s, th, t);
	}
	sys_forget(s, th);
	th->sys_in_wait = 1;
	th->sys_waits++;
	th->samples++;
	flush_pre(s, th);
	struct ls_proc_sched ps;
	sched_for_next(th, &ps, read_sched(s, th, &ps) == 0);
	s->cur_tid = tid;
	ls_stall_wait_enter(&th->seg, t, th->sys_first, th->sys_paused);
	sys_new_stretch(th);
	return 1;
}


/* The wait syscall whose wrapper (ls_loop_frame_syscall) is the innermost
 * frame of f (n frames), or -1 when that frame is no loop wait's. */
static long top_poll(struct ls_session *s, const struct ls_loop_frame *f, int n)
{
	long nr = n ? ls_loop_frame_syscall(&s->model, f[0].function) : -1;
	return nr >= 0 && ls_loop_is_poll(&s->model, nr) ? nr : -1;
}
/* A thread never seen idle may be a saturated loop: now and then (at
 * most 32 looks a thread) its stack is taken while it runs. Under a
 * model's loop function it is a loop; caught inside a wait's libc
 * wrapper, that stack is its idle stack. */
static int look_at_busy(struct ls_session *s, size_t idx)
{
	struct ls_session_thread *th = &s->threads[idx];
	if (th->busy_looks >= 32 * 8 || th->busy_looks++ % 8)
		return -1;
	/* Its wait, entered for microseconds between iterations, is seen
	 * by its syscalls, which it is stopped at from this look on. */
	sys_start(s, th);
	int id = take_stack(s, th->tid);
	th = &s->threads[idx];
	sys_started(s, th);
	if (id < 0 || th->loop)
		return id < 0 ? -1 : id;
	struct ls_loop_frame f[MAX_FRAMES];
	int n = frames_of(s, id, f);
	long nr = top_poll(s, f, n);
	if (nr >= 0) {
		learn_idle(s, th, id, nr, 0);
		th->confirmed = 1;
		return id;
	}
	const char *fw = ls_loop_stack_framework(&s->model, f, n);
	if (fw) {
		th->loop = th->confirmed = 1;
		th->framework = fw;
		ls_proc_comm(s->pid, th->tid, th->name, sizeof th->name);
	}
	return id;
}

/* A thread not known as a loop, blocked in a syscall that is no loop's
 * wait. A loop whose every iteration blocks in a callback (a read from a
 * slow peer, a sleep) is seen there by nearly every tick, and hardly ever
 * in its wait, which returns at once; so at the looks look_at_busy counts
 * it is stopped for a stack, and from then on at its syscalls: its next
 * wait finds it (on_sys). A thread that never waits so (a worker blocking
 * in read) stays no loop, and runs untraced after SYS_STOPS_MAX
 * syscall-stops. Else the stack taken for a stretch under way at attach,
 * if one is due (pre_stack). */
static int look_at_blocked(struct ls_session *s, size_t idx)
{
	struct ls_session_thread *th = &s->threads[idx];
	if (th->busy_looks >= 32 * 8 || th->busy_looks++ % 8)
		return pre_stack(s, idx);
	int was = th->sys;
	sys_start(s, th);
	if (th->sys && !was)
		th->found_blocked = 1;
	th->pre_stacks += th->pre == 1;
	int id = take_stack(s, th->tid);
	th = &s->threads[idx];
	sys_started(s, th);
	return id;
}

static long read_vcsw(struct ls_session *s, pid_t tid)
{
	char *p = ls_xasprintf("/proc/%d/task/%d/status", (int)s->pid, (int)tid);
	char *text = ls_read_file(p, NULL);
	free(p);
	const char *v = text ? strstr(text, "\nvoluntary_ctxt_switches:") : NULL;
	long n = v ? strtol(v + 25, NULL, 10) : -1;
	free(text);
	return n;
}

/* perf path: the iteration under way at attach, [0, pre_end], goes in
 * between two iterations (the thread waits now). */
static void flush_pre_iter(struct ls_session *s, struct ls_session_thread *th)
{
	th->pre = 1;
	th->pre_t = 0;
	s->cur_tid = th->tid;
	ls_stall_iter_begin(&th->seg, 0);
	flush_pre(s, th);
	ls_stall_iter_end(&th->seg, th->pre_end);
}

/* An interrupt of ours whose stop has not arrived yet. */
static int stop_pending(const struct ls_session *s, pid_t tid)
{
	for (size_t i = 0; i < s->pt.n; i++)
		if (s->pt.t[i].tid == tid)
			return s->pt.t[i].interrupt_pending;
	return 0;
}

/* ptrace path, at an observation of th in syscall nr (-1: running):
 * whether it blocked since its previous observation while it ran at
 * both — more voluntary context switches than stops of ours owed — so
 * that its loop came round in between. A block inside a callback
 * shorter than a period looks the same; the edges' uncertainty says how
 * far to trust it. The count is read only on a CPU: a block between an
 * off-CPU observation and the next says nothing. */
static int went_round(struct ls_session *s, struct ls_session_thread *th, long nr)
{
	long v = nr < 0 ? read_vcsw(s, th->tid) : -1;
	int round = nr < 0 && !th->last_off && th->vcsw >= 0 && v > th->vcsw + th->vcsw_owed;
	/* Syscall-stops are switches too, and while they were on, a round
	 * was seen exactly (its wait entered), not by the count. */
	if (th->sys_stops != th->sys_stops_seen)
		round = 0;
	th->sys_stops_seen = th->sys_stops;
	th->vcsw = v;
	th->vcsw_owed = stop_pending(s, th->tid);
	th->last_off = nr >= 0;
	return round;
}

/* After a stop of ours (stack id, -1 when it failed): that stop counts as
 * a voluntary switch, not a round. The count is read after it: reading
 * the registers waited until the thread was off the CPU, so the switch
 * is in. A stop still to come (it did not arrive in time: the thread was
 * waiting for a CPU) will add exactly one: it is owed, and only a count
 * beyond it is the loop's. A stop that found the thread blocked in a
 * syscall woke it from it: it blocks in it again once resumed, one more
 * switch owed, and until then it is on its way back into that syscall. */
static void after_stop(struct ls_session *s, struct ls_session_thread *th, int id)
{
	if (stop_pending(s, th->tid))
		th->vcsw_owed = 1;
	else
		th->vcsw = id < 0 || th->last_off ? -1 : read_vcsw(s, th->tid);
	if (s->stop_sc >= 0) {
		th->vcsw_owed++;
		th->back_to = s->stop_sc == SYS_restart_syscall && th->last_nr >= 0 ? th->last_nr
										       : s->stop_sc;
	}
}

/* Whether the last stop found its thread in a poll syscall (inside it,
 * or on its way out: orig_rax keeps the syscall until user code runs
 * again), or its stack f (n frames) inside a poll's wrapper. */
static int stop_in_poll(struct ls_session *s, const struct ls_loop_frame *f, int n)
{
	if (s->stop_nr >= 0 && (s->stop_nr == SYS_restart_syscall || ls_loop_is_poll(&s->model, s->stop_nr)))
		return 1;
	return top_poll(s, f, n) >= 0;
}

static void observe(struct ls_session *s, size_t idx)
{
	struct ls_session_thread *th = &s->threads[idx];
	struct ls_proc_sc sc;
	if (th->scfd < 0)
		th->scfd = ls_proc_syscall_open(s->pid, th->tid);
	if (th->scfd < 0 || ls_proc_syscall_read(th->scfd, &sc) < 0) {
		if (th->scfd >= 0)
			close(th->scfd);
		th->scfd = -1; /* gone, or exec'd: reopened next tick if alive */
		return;
	}
	/* A sample or a stop signal interrupts a sleeping syscall, which the
	 * kernel resumes as restart_syscall: resumed where the loop was seen
	 * idle in its wait (the same stack pointer and address), it is that
	 * wait, even when an observation in between saw the thread running as
	 * it was resumed; else it is still the syscall seen before (with the
	 * arguments seen then). */
	if (sc.nr == SYS_restart_syscall && th->idle_sc.nr >= 0 && sc.sp == th->idle_sc.sp &&
	    sc.pc == th->idle_sc.pc) {
		memcpy(sc.args, th->idle_sc.args, sizeof sc.args);
		sc.nr = th->idle_sc.nr;
	} else if (sc.nr == SYS_restart_syscall && th->last_nr >= 0) {
		if (th->last_sc.nr == th->last_nr)
			memcpy(sc.args, th->last_sc.args, sizeof sc.args);
		sc.nr = th->last_nr;
	}
	struct ls_proc_sc prev_sc = th->last_sc;
	long back_to = th->back_to;
	th->back_to = -1;
	/* Followed by its syscall-stops since: it is still inside the
	 * syscall that stop interrupted only while they say so (woken by a
	 * stop of ours, it may also have returned from it since). */
	if (back_to >= 0 && th->sys && th->sys_since >= 0 && th->sys_stops != th->sys_stops_seen &&
	    th->sys_in != back_to)
		back_to = -1;
	th->last_nr = sc.nr;
	double t = now_s() - s->t0;
	/* Read after the syscall file: a thread "running" there that has
	 * not been given a CPU since it was last seen blocked is runnable
	 * and waiting for one (woken, not yet scheduled). */
	struct ls_proc_sched ps;
	int have_ps = th->loop || th->pre != 2 ? read_sched(s, th, &ps) == 0 : 0;
	int starved = sc.nr < 0 && have_ps && th->blocked_seen && ps.slices == th->slices_blocked;
	/* Woken from a syscall by a stop of ours (it interrupts a sleeping
	 * one): given no CPU yet to take the stop, or stopped in it and on
	 * its way back in. To its program it is still in that syscall,
	 * which the kernel restarts; a wait for a CPU meanwhile is ours,
	 * not the machine's stall of the loop. */
	if (starved && stop_pending(s, th->tid) && prev_sc.nr >= 0)
		back_to = prev_sc.nr;
	if (sc.nr < 0 && back_to >= 0 && !ls_loop_is_poll(&s->model, back_to)) {
		if (prev_sc.nr == back_to)
			sc = prev_sc;
		else
			sc = (struct ls_proc_sc){.nr = back_to, .args = {(uint64_t)-1}};
		th->last_nr = sc.nr;
		starved = 0;
	}
	th->last_sc = sc;
	int is_poll = sc.nr >= 0 && ls_loop_is_wait(&s->model, sc.nr, sc.args);
	/* Runnable and given no CPU since the last observation: not run
	 * since seen blocked, or a stop of ours asked for then still not
	 * taken (a thread on a CPU stops within microseconds). */
	int waiting = sc.nr < 0 && (starved || stop_pending(s, th->tid));
	double prev_t = th->last_obs_t > 0 ? th->last_obs_t : t;
	th->last_obs_t = t;
	if (have_ps) {
		th->obs_ps = ps;
		th->obs_ps_t = t;
	}
	if (sc.nr >= 0 && have_ps) {
		th->slices_blocked = ps.slices;
		th->blocked_seen = 1;
	}
	if (!th->pre) {
		th->pre = is_poll ? 2 : 1;
		th->pre_t = th->pre_last = t;
		if (th->pre == 1 && th->loop) {
			/* a forced thread, busy at attach */
			sched_for_next(th, &ps, have_ps);
			flush_pre(s, th);
		}
	}
	if (is_poll) {
		for (int k = 0; k < th->nidle_sps; k++)
			if (th->idle_sps[k] == sc.sp) {
				/* polled again where it idles: a loop for sure */
				th->confirmed = 1;
				if (th->name_again) {
					char name[sizeof th->name];
					ls_proc_comm(s->pid, th->tid, name, sizeof name);
					if (strcmp(name, "?"))
						memcpy(th->name, name, sizeof name);
					th->name_again = 0;
				}
				th->samples++;
				th->idle_sc = sc;
				flush_pre(s, th);
				sched_for_next(th, &ps, have_ps);
				feed_idle(s, th, t);
				return;
			}
		int id = take_stack(s, th->tid);
		th = &s->threads[idx];
		if (id < 0)
			return;
		struct ls_loop_frame f[MAX_FRAMES], idle[MAX_FRAMES];
		int n = frames_of(s, id, f);
		th->samples++;
		if (!stop_in_poll(s, f, n)) {
			/* It was in its poll when the syscall file was read,
			 * and had left it (a wait of microseconds) by the time
			 * the stop came: the loop came round, and the stack
			 * is of whatever it runs next, not its idle stack. */
			sched_for_next(th, &ps, have_ps);
			if (th->loop)
				feed_idle(s, th, t);
			return;
		}
		if (th->idle_stack < 0) {
			/* First poll seen: learn the loop's idle signature, and
			 * report what it was busy with since attach. */
			learn_idle(s, th, id, sc.nr, sc.sp);
			th->idle_sc = sc;
			flush_pre(s, th);
			sched_for_next(th, &ps, have_ps);
			feed_idle(s, th, t);
			return;
		}
		int nidle = frames_of(s, th->idle_stack, idle);
		sched_for_next(th, &ps, have_ps);
		if (ls_loop_same_stack(f, n, idle, nidle)) {
			add_idle_sp(th, sc.sp);
			th->idle_sc = sc;
			flush_pre(s, th);
			feed_idle(s, th, t);
			return;
		}
		feed_busy(s, th, t, sc.nr, (long)sc.args[0], id, period_s(s), 0); /* a poll inside a callback */
		return;
	}
	if (!th->loop) {
		/* A thread busy since attach: the rounds its loop (if it is
		 * one) made meanwhile end the stretch under way at attach. */
		int round = th->pre == 1 && went_round(s, th, sc.nr);
		size_t stops = s->stops;
		int id = sc.nr < 0 && !starved ? look_at_busy(s, idx) : sc.nr >= 0 ? look_at_blocked(s, idx) : -1;
		th = &s->threads[idx];
		if (th->pre == 1 && s->stops != stops)
			after_stop(s, th, id);
		if (id >= 0 && id == th->idle_stack) {
			/* caught inside its wait's wrapper: idle now */
			flush_pre(s, th);
			sched_for_next(th, &ps, have_ps);
			feed_idle(s, th, t);
			return;
		}
		if (th->pre == 1)
			note_pre(th, t, sc.nr, (long)sc.args[0], id, round, have_ps ? &ps : NULL);
		/* under a model's loop function: a loop from now on */
		if (th->loop)
			flush_pre(s, th);
		return;
	}
	th->samples++;
	/* this observation's reading closes a run ended by a round */
	sched_for_next(th, &ps, have_ps);
	if (went_round(s, th, sc.nr)) {
		sys_flush(s, th);
		s->cur_tid = th->tid;
		ls_stall_boundary(&th->seg, t);
		sys_new_stretch(th);
	}
	/* A busy loop is stopped for its stack only once the busy stretch
	 * has lasted a quarter of the threshold: a healthy loop's short
	 * stretches then cost no stop at all, and a stall still gets a stack
	 * every sample over most of its length. A thread waiting for a CPU
	 * runs no code to take a stack of, and would stop only once given
	 * one: it is not interrupted. */
	/* From then on, too, it is stopped at its syscalls until it enters
	 * its loop's wait: a loop that never blocks (its wait always has an
	 * event ready) shows no other edge, and its short iterations would
	 * be taken for one long stretch. One traced iteration per quarter
	 * threshold is the whole cost to a saturated loop. */
	/* Stopped at its syscalls since before this look: where the stop
	 * finds it says whether it sits in a syscall, and one it is inside
	 * goes in at its return, for its length (sys_block_end). A look
	 * inside the syscall a held look saw adds nothing: no stop. */
	int traced = th->sys && th->sys_since >= 0;
	if (traced && sc.nr >= 0 && sc.nr == th->sys_in && th->sys_held && th->sys_look.stack >= 0)
		return;
	int id = -1;
	int long_run = th->seg.nrun > 0 && t - th->seg.run[0].t >= s->opts.threshold_ms / 4e3;
	if (!starved && (th->forced || long_run)) {
		if (long_run && th->sys_spent && t - th->sys_paused >= s->opts.threshold_ms / 4e3)
			th->sys_spent = 0; /* paused long enough */
		if (long_run)
			sys_start(s, th);
		unsigned waits = th->sys_waits;
		id = take_stack(s, th->tid);
		th = &s->threads[idx];
		sys_started(s, th);
		after_stop(s, th, id);
		/* The stop came as its loop's wait entered (a syscall-stop
		 * satisfies it): that edge, later than t, is fed already;
		 * this look saw the stretch it ended. */
		if (th->sys_waits != waits)
			return;
	}
	double w = waiting ? t - prev_t : period_s(s);
	if (!traced || id < 0) {
		feed_busy(s, th, t, sc.nr, (long)sc.args[0], id, w, waiting);
		return;
	}
	/* Its /proc file read a syscall also while the thread sat in a
	 * syscall-stop of ours at an entry or exit: only blocked inside one
	 * (the stop interrupted it) is it off the CPU. */
	long nr = s->stop_sc < 0 ? -1 : th->sys_in >= 0 ? th->sys_in : th->back_to;
	long arg0 = nr >= 0 && nr == th->sys_in ? th->sys_in_arg0 : nr == sc.nr ? (long)sc.args[0] : -1;
	if (th->sys_in < 0) {
		feed_busy(s, th, t, nr, arg0, id, w, waiting);
		return;
	}
	struct ls_stall_sample smp;
	if (make_sample(s, th, t, nr, arg0, id, w, &smp) < 0) {
		feed_idle(s, th, t); /* loop code between callbacks: it has come round */
		return;
	}
	smp.waiting = waiting;
	sys_hold(th, &smp);
}

/* perf path: the thread was off its CPU from off_t (or the iteration's
 * start) to t, runnable or blocked. */
static void off_interval(struct ls_session_thread *th, double t)
{
	double from = th->off_t > th->iter_start ? th->off_t : th->iter_start;
	if (t > from)
		*(th->off_preempt ? &th->iter_runq : &th->iter_blocked) += t - from;
}

/* perf path: the open iteration's account up to t, for the stall it may
 * become: time preempted and waiting for a CPU is the machine's; a
 * wake-up's wait after blocking counts as the block (conservatively the
 * code's). */
static void iter_sched(struct ls_session_thread *th, double t)
{
	if (th->off) {
		off_interval(th, t);
		th->off_t = t;
	}
	double cpu = t - th->iter_start - th->iter_runq - th->iter_blocked;
	ls_stall_sched(&th->seg, cpu > 0 ? cpu : 0, th->iter_runq);
}

static void free_held(struct ls_session_thread *th)
{
	for (unsigned k = 0; k < th->nheld; k++)
		free(th->held[k].smp);
	free(th->held);
	th->held = NULL;
	th->nheld = 0;
}

/* What th's record holds: its segmenter, its /proc descriptors, the
 * observations from before it was known as a loop, its held stalls. */
static void thread_free(struct ls_session_thread *th)
{
	ls_stall_seg_free(&th->seg);
	if (th->scfd >= 0)
		close(th->scfd);
	if (th->ssfd >= 0)
		close(th->ssfd);
	free(th->pre_smp);
	free_held(th);
}

/* The stalls th held for its idle stack, reported now (emit blames
 * their samples again, with the loop's frames known if they are). */
static void release_held(struct ls_session *s, struct ls_session_thread *th)
{
	/* emit holds none of them again (no_hold): the list is let go first */
	struct ls_session_held *held = th->held;
	unsigned n = th->nheld;
	pid_t tid = th->tid;
	th->held = NULL;
	th->nheld = 0;
	int no_hold = s->no_hold;
	s->no_hold = 1;
	for (unsigned k = 0; k < n; k++) {
		s->cur_tid = tid;
		thread_of(s, tid)->blind = 1;
		emit(s, &held[k].st);
		free(held[k].smp);
	}
	s->no_hold = no_hold;
	free(held);
}

/* perf path: one record of a traced thread. */
static void on_perf(void *ctx, const struct ls_perf_rec *r)
{
	struct ls_session *s = ctx;
	struct ls_session_thread *th = thread_of(s, r->tid);
	if (!th)
		return;
	double t = r->t - s->t0;
	s->cur_tid = th->tid;
	switch (r->kind) {
	case LS_PERF_WAIT_ENTER:
		if (r->nr == SYS_restart_syscall) {
			/* A wait a stop signal interrupted, resumed where it
			 * was entered: the loop never left it (no handler runs
			 * before such a restart); what lay between is no
			 * iteration. Any other syscall's restart is none of
			 * ours. */
			if (!th->wait_restart || !th->in_iter || !r->sp || r->sp != th->wait_sp)
				return;
			th->wait_restart = 0;
			th->wait_resumed = 1;
			th->in_iter = th->pending = th->off = 0;
			th->in_wait = 1;
			ls_stall_iter_abort(&th->seg);
			return;
		}
		if (!ls_loop_is_wait(&s->model, r->nr, r->args))
			return;
		th->wait_restart = th->wait_resumed = 0;
		if (!th->perf_seen && (th->seg.nrun || th->seg.run_before)) {
			/* a forced thread observed by ticks until now */
			ls_stall_idle(&th->seg, t);
		} else if (!th->perf_edge && !th->forced && th->pre != 2 && t > 0) {
			/* Its first edge is an entry: it was busy when tracing
			 * began, in an iteration begun before attach (and still
			 * going when observing began at 0). Reported once its
			 * idle stack (at its next wait) tells the loop's frames
			 * from the callback's. */
			th->pre = 3;
			th->pre_end = t;
		}
		th->perf_edge = 1;
		if (th->pre != 3)
			th->pre = 2;
		th->perf_seen = 1;
		if (!th->loop) {
			th->loop = 1;
			char buf[32];
			int dummy;
			th->framework = intern_name(s, ls_proc_syscall_name(r->nr, buf, sizeof buf), &dummy);
			ls_proc_comm(s->pid, th->tid, th->name, sizeof th->name);
			ls_perf_set(&s->perf, th->tid, LS_PERF_IDLE | LS_PERF_SAMPLE);
		}
		/* waited again where it waited before: a loop for sure */
		if (r->sp && r->sp == th->wait_sp)
			th->confirmed = 1;
		th->wait_sp = r->sp;
		th->wait_nr = r->nr;
		th->samples++;
		flush_pending(s, th, t);
		if (th->in_iter) {
			iter_sched(th, t);
			ls_stall_iter_end(&th->seg, t);
		}
		th->in_iter = 0;
		th->in_wait = 1;
		if (th->pre == 3 && th->idle_stack >= 0)
			flush_pre_iter(s, th);
		return;
	case LS_PERF_WAIT_EXIT:
		if (r->nr == SYS_restart_syscall && !th->wait_resumed)
			return; /* not a wait's */
		th->perf_edge = 1;
		if (th->pre != 3)
			th->pre = 2;
		if (!th->in_wait)
			return;
		/* -ERESTART_RESTARTBLOCK: resumed as restart_syscall unless a
		 * handler runs (then the program sees EINTR) */
		th->wait_restart = r->ret == -RESTART_LAST;
		th->wait_resumed = 0;
		th->in_wait = 0;
		th->in_iter = 1;
		th->iter_start = t;
		th->iter_runq = th->iter_blocked = 0;
		th->off = 0; /* the return runs on a CPU */
		ls_stall_sched(&th->seg, 0, 0);
		ls_stall_iter_begin(&th->seg, t);
		return;
	case LS_PERF_SWITCH_OUT:
		th->off = 1;
		th->off_t = t;
		th->off_preempt = r->preempt;
		return;
	case LS_PERF_SWITCH_IN:
		if (th->off && th->in_iter)
			off_interval(th, t);
		th->off = 0;
		return;
	case LS_PERF_IDLE_STACK:
	case LS_PERF_CPU_STACK: {
		struct ls_unw_snapshot snap = {r->regs, r->stack_addr, r->stack, r->stack_len};
		if (r->kind == LS_PERF_IDLE_STACK) {
			if (th->idle_stack < 0) {
				int id = unwind_snapshot(s, &snap);
				if (id >= 0)
					learn_idle(s, th, id, th->wait_nr, r->sp);
			}
			if (th->idle_stack >= 0 && th->pre == 3 && !th->in_iter)
				flush_pre_iter(s, th);
			if (th->idle_stack >= 0)
				release_held(s, th);
			if (th->idle_stack >= 0)
				ls_perf_set(&s->perf, th->tid, ls_perf_get(&s->perf, th->tid) & ~LS_PERF_IDLE);
			return;
		}
		/* Samples of iterations still short are dropped unread: a
		 * healthy loop costs no unwinding. */
		if (!th->in_iter || t - th->iter_start < s->opts.threshold_ms / 4e3)
			return;
		flush_pending(s, th, t);
		feed_busy(s, th, t, -1, -1, unwind_snapshot(s, &snap), period_s(s), 0);
		return;
	}
	case LS_PERF_LOST:
		/* An edge may be among the lost: this iteration's length is unknown. */
		s->perf_lost++;
		th->in_iter = th->in_wait = th->pending = th->off = 0;
		ls_stall_iter_abort(&th->seg);
		return;
	}
}

/* perf path, once per tick: records in; a loop thread whose iteration has
 * lasted a quarter of the threshold and is blocked gets one ptrace
 * snapshot for the block (perf samples on-CPU time only). */
static void perf_tick(struct ls_session *s)
{
	ls_perf_drain(&s->perf, on_perf, s);
	double t = now_s() - s->t0;
	for (size_t i = 0; i < s->nthreads; i++) {
		struct ls_session_thread *th = &s->threads[i];
		if (!th->perf_edge && th->pre != 2 && !th->forced &&
		    !(s->nthreads > 8 && (s->ticks + i) % 8)) {
			/* not seen waiting yet: what it is busy with, for a
			 * stretch begun before attach */
			struct ls_proc_sc sc;
			if (th->scfd < 0)
				th->scfd = ls_proc_syscall_open(s->pid, th->tid);
			if (th->scfd >= 0 && ls_proc_syscall_read(th->scfd, &sc) == 0) {
				if (sc.nr >= 0 && ls_loop_is_wait(&s->model, sc.nr, sc.args)) {
					th->pre = 2;
				} else {
					if (!th->pre)
						th->pre_t = 0;
					th->pre = 1;
					int id = pre_stack(s, i);
					th = &s->threads[i];
					note_pre(th, t, sc.nr, (long)sc.args[0], id, 0, NULL);
				}
			}
		}
		if (!th->loop || !th->in_iter || t - th->iter_start < s->opts.threshold_ms / 4e3)
			continue;
		struct ls_proc_sc sc;
		if (th->scfd < 0)
			th->scfd = ls_proc_syscall_open(s->pid, th->tid);
		if (th->scfd < 0 || ls_proc_syscall_read(th->scfd, &sc) < 0 || sc.nr < 0) {
			th->last_nr = -1;
			continue;
		}
		if (sc.nr == SYS_restart_syscall && th->last_nr >= 0)
			sc.nr = th->last_nr;
		if (th->pending && th->pend.nr == sc.nr) {
			/* Still in the same block, counted when it ends; a
			 * snapshot that failed (the stop came too late) is
			 * tried again. */
			if (th->pend.stack < 0) {
				int id = take_stack(s, th->tid);
				th = &s->threads[i];
				if (id >= 0)
					feed_pending(s, th, th->pend.t, sc.nr, (long)sc.args[0], id);
			}
			/* seen in it until now: the callback's time, for the breakdown */
			th->pend.span = t - th->pend.t;
			continue;
		}
		flush_pending(s, th, t);
		th->last_nr = sc.nr;
		int id = take_stack(s, th->tid);
		th = &s->threads[i];
		/* Held back until the block ends, to weigh it by its length. */
		feed_pending(s, th, t, sc.nr, (long)sc.args[0], id);
	}
}

/* The key (>= 0) with the largest total weight, the first seen on a tie;
 * -1 when there is none. Linear in n. */
static int heaviest(const int *keys, const double *w, size_t n)
{
	struct ls_u64map seen; /* key -> its total's index in sum */
	ls_u64map_init(&seen, n);
	double *sum = ls_xcalloc(n ? n : 1, sizeof *sum);
	int best = -1;
	double best_w = 0;
	for (size_t i = 0; i < n; i++) {
		if (keys[i] < 0)
			continue;
		int k = ls_u64map_add(&seen, (uint64_t)keys[i], (int)seen.len);
		sum[k] += w[i];
		if (sum[k] > best_w) {
			best_w = sum[k];
			best = keys[i];
		}
	}
	free(sum);
	ls_u64map_free(&seen);
	return best;
}

/* Which functions stack id runs through, innermost first, as a hash
 * (an unnamed frame by its address). */
static uint64_t functions_hash(struct ls_session *s, int stack)
{
	struct ls_loop_frame f[MAX_FRAMES];
	int n = frames_of(s, stack, f);
	uint64_t h = (uint64_t)n;
	for (int i = 0; i < n; i++)
		h = f[i].function ? ls_hash64(f[i].function, strlen(f[i].function), h)
				  : ls_hash64(&s->stacks[stack].ips[i], sizeof(uint64_t), h);
	return h;
}

/* Each stack id in keys (>= 0; n of them) replaced by the first one
 * there running through the same functions. */
static void group_by_functions(struct ls_session *s, int *keys, size_t n)
{
	struct ls_u64map first; /* functions_hash -> stack id */
	ls_u64map_init(&first, n);
	for (size_t i = 0; i < n; i++)
		if (keys[i] >= 0)
			keys[i] = ls_u64map_add(&first, functions_hash(s, keys[i]), keys[i]);
	ls_u64map_free(&first);
}

/* What the samples of a stall that part owns (all of them for part -1)
 * say: off-CPU when most of their time was (a block seen once stands for
 * its whole length, an on-CPU sample for one period), the heaviest
 * syscall among the off-CPU ones, the hottest stack, the fd argument. */
struct stall_sum {
	int offcpu;
	long nr;
	int stack;
	long fd;
};

static int owned(const int *owner, int part, size_t i)
{
	return part < 0 || owner[i] == part;
}

static void summarize(struct ls_session *s, const struct ls_stall *st, const double *w,
		      const int *owner, int part, int *keys, struct stall_sum *out)
{
	double off = 0, all = 0;
	for (size_t i = 0; i < st->n; i++)
		if (owned(owner, part, i)) {
			all += w[i];
			off += st->samples[i].offcpu ? w[i] : 0;
		}
	out->offcpu = off * 2 > all;
	for (size_t i = 0; i < st->n; i++)
		keys[i] = owned(owner, part, i) && st->samples[i].offcpu ? (int)st->samples[i].nr : -1;
	out->nr = out->offcpu ? heaviest(keys, w, st->n) : -1;
	/* The hottest stack of the samples of that kind (on the CPU for an
	 * on-CPU part, in its syscall for an off-CPU one; all of them when
	 * none of those has a stack): by the functions it runs through,
	 * then the heaviest stack among those (a spin's samples spread
	 * over many addresses of the same functions must not lose to one
	 * stack seen once elsewhere). */
	int any = 0;
	for (size_t i = 0; i < st->n; i++) {
		const struct ls_stall_sample *x = &st->samples[i];
		int kind = out->offcpu ? x->offcpu && x->nr == out->nr : !x->offcpu;
		keys[i] = owned(owner, part, i) && kind ? x->stack : -1;
		any |= keys[i] >= 0;
	}
	for (size_t i = 0; !any && i < st->n; i++)
		keys[i] = owned(owner, part, i) ? st->samples[i].stack : -1;
	int *by_fn = ls_xmalloc((st->n ? st->n : 1) * sizeof *by_fn);
	memcpy(by_fn, keys, st->n * sizeof *by_fn);
	group_by_functions(s, by_fn, st->n);
	int best = heaviest(by_fn, w, st->n);
	for (size_t i = 0; i < st->n; i++)
		if (by_fn[i] != best)
			keys[i] = -1;
	free(by_fn);
	out->stack = heaviest(keys, w, st->n);
	out->fd = -1;
	for (size_t i = 0; i < st->n; i++)
		if (owned(owner, part, i) && st->samples[i].offcpu && st->samples[i].nr == out->nr)
			out->fd = st->samples[i].fd_arg;
	if (out->nr == SYS_restart_syscall && out->stack >= 0) {
		/* Interrupted before we saw the syscall itself: the innermost
		 * frame is its wrapper (ls_loop_frame_syscall). */
		struct ls_loop_frame f0;
		frame_names(s, s->stacks[out->stack].ips[0], 0, &f0);
		long nr = ls_loop_frame_syscall(&s->model, f0.function);
		if (nr >= 0)
			out->nr = nr;
	}
}

static const char *fd_kind_of(struct ls_session *s, const struct stall_sum *sum)
{
	return sum->nr >= 0 && ls_proc_syscall_takes_fd(sum->nr) && sum->fd >= 0 && sum->fd < 1 << 20
		       ? ls_proc_fd_kind(s->pid, sum->fd) : NULL;
}

/* The blamed frame of the summary's stack (its outermost frame when none
 * is below the loop's) and the rule it maps to. */
static void blame_rule(struct ls_session *s, const struct ls_session_thread *th,
		       const struct stall_sum *sum, const char *fd_kind, int *blame,
		       const char **rule)
{
	*blame = 0;
	if (sum->stack < 0) {
		*rule = ls_loop_rule(&s->model, NULL, 0, sum->offcpu, sum->nr, fd_kind);
		return;
	}
	struct ls_loop_frame f[MAX_FRAMES], idle[MAX_FRAMES];
	int n = frames_of(s, sum->stack, f);
	int nidle = frames_of(s, th->idle_stack, idle);
	int b = ls_loop_blame(&s->model, f, n, nidle ? idle : NULL, nidle);
	*blame = b >= 0 ? b : n - 1;
	*rule = ls_loop_rule(&s->model, f, n, sum->offcpu, sum->nr, fd_kind);
}

/* The callbacks an iteration ran, each with its share (breakdown.h);
 * main gets the largest one's summary. */
static void break_down(struct ls_session *s, const struct ls_session_thread *th,
		       const struct ls_stall *st, const double *w, int *keys,
		       struct ls_session_stall *r, struct stall_sum *main)
{
	struct ls_bd bd;
	ls_bd_compute(st, period_s(s), &bd);
	r->nparts_all = bd.n;
	r->nparts = bd.n < LS_SESSION_MAX_PARTS ? bd.n : LS_SESSION_MAX_PARTS;
	r->parts = ls_xcalloc(r->nparts + 1, sizeof *r->parts);
	for (size_t p = 0; p < r->nparts; p++) {
		struct ls_session_part *o = &r->parts[p];
		struct stall_sum sum;
		summarize(s, st, w, bd.owner, (int)p, keys, &sum);
		if (p == 0)
			*main = sum;
		*o = (struct ls_session_part){s->names[bd.parts[p].callback], bd.parts[p].time,
					      bd.parts[p].precision, bd.parts[p].samples,
					      bd.parts[p].weight, sum.offcpu, sum.nr, sum.stack,
					      0, NULL};
		blame_rule(s, th, &sum, fd_kind_of(s, &sum), &o->blame, &o->rule);
	}
	ls_bd_free(&bd);
}

/* ptrace path: by the kernel's account the thread spent most of the
 * stretch neither on a CPU nor waiting for one (its readings' wait, or
 * what the looks saw waiting when more: one not yet credited), so it was
 * blocked, and no look saw it blocked anywhere but in its wait: no
 * evidence it was busy. A loaded machine that delays loopscope's looks
 * makes these, e.g. one look "running" between two in the wait 267 ms
 * apart, on_cpu 1.2 ms. */
static int blocked_unseen(const struct ls_stall *st)
{
	if (!st->sched_known)
		return 0;
	double seen = 0;
	for (size_t i = 0; i < st->n; i++) {
		if (st->samples[i].offcpu)
			return 0;
		seen += st->samples[i].waiting ? st->samples[i].w : 0;
	}
	double runq = st->runq_wait > seen ? st->runq_wait : seen;
	return st->on_cpu + runq < (st->end - st->start) / 2;
}

/* Stalls a thread holds at most waiting for its idle stack. */
#define HELD_MAX 16

/* A stall is headed, grouped and summarized (kind, syscall, stack, rule)
 * by the callback with the largest share of it. */
static void emit(void *ctx, const struct ls_stall *st0)
{
	struct ls_session *s = ctx;
	struct ls_session_thread *th = thread_of(s, s->cur_tid);
	const struct ls_stall *st = st0;
	/* A thread stopped at its syscalls in the stretch spent that time
	 * in our stops, which the kernel counts as blocked. */
	if (!th || (!s->use_perf && th->sys_stops == th->sys_stops_open && blocked_unseen(st)))
		return;
	if (s->use_perf && th->idle_stack < 0 && !s->no_hold && th->nheld < HELD_MAX) {
		th->held = ls_xrealloc(th->held, (th->nheld + 1) * sizeof *th->held);
		struct ls_session_held *h = &th->held[th->nheld++];
		h->st = *st;
		h->smp = ls_xmalloc((st->n ? st->n : 1) * sizeof *h->smp);
		memcpy(h->smp, st->samples, st->n * sizeof *h->smp);
		h->st.samples = h->smp;
		return;
	}
	/* Samples blamed before the idle stack was known are blamed again
	 * now that it is (a stretch's stacks may be resolved before the
	 * loop's next wait shows its frames). */
	struct ls_stall again;
	struct ls_stall_sample *reblamed = NULL;
	if (th->blind && th->idle_stack >= 0) {
		reblamed = ls_xmalloc((st->n ? st->n : 1) * sizeof *reblamed);
		memcpy(reblamed, st->samples, st->n * sizeof *reblamed);
		for (size_t j = 0; j < st->n; j++)
			reblame(s, th, &reblamed[j]);
		again = *st;
		again.samples = reblamed;
		st = &again;
		th->blind = th->nheld > 0;
	}
	if (s->nstalls == s->capstalls) {
		s->capstalls = s->capstalls ? s->capstalls * 2 : 64;
		s->stalls = ls_xrealloc(s->stalls, s->capstalls * sizeof *s->stalls);
	}
	struct ls_session_stall *r = &s->stalls[s->nstalls++];
	memset(r, 0, sizeof *r);
	r->tid = th->tid;
	r->start = st->start;
	r->end = st->end;
	r->ongoing = st->ongoing;
	r->before = st->before;
	r->precision = st->precision;
	r->nsamples = st->n;
	r->on_cpu = st->on_cpu;
	r->runq_wait = st->runq_wait;
	r->sched_known = st->sched_known;
	int *keys = ls_xcalloc(st->n + 1, sizeof *keys);
	double *w = ls_xcalloc(st->n + 1, sizeof *w);
	r->stacks = ls_xcalloc(st->n + 1, sizeof *r->stacks);
	for (size_t i = 0; i < st->n; i++) {
		w[i] = st->samples[i].w > 0 ? st->samples[i].w : period_s(s);
		if (st->samples[i].stack >= 0)
			r->stacks[r->nstacks++] = st->samples[i].stack;
		r->unknown += st->samples[i].unknown;
	}
	struct stall_sum sum;
	break_down(s, th, st, w, keys, r, &sum);
	if (!r->nparts)
		summarize(s, st, w, NULL, -1, keys, &sum);
	free(keys);
	free(w);
	r->callback = r->nparts ? r->parts[0].callback : "?";
	r->offcpu = sum.offcpu;
	r->nr = sum.nr;
	r->stack = sum.stack;
	r->fd_kind = fd_kind_of(s, &sum);
	r->framework = th->framework;
	blame_rule(s, th, &sum, r->fd_kind, &r->blame, &r->rule);
	r->kind = r->offcpu ? LS_KIND_OFF_CPU : LS_KIND_ON_CPU;
	/* Starved: had the thread been given a CPU whenever it was runnable,
	 * the loop would have come round within the threshold, and it ran
	 * under a tenth of the threshold in all: the machine stalled it,
	 * not the code. A thread that ran longer did the code's work, slowed
	 * by the machine (on_cpu and runq_wait say by how much); one seen
	 * blocked in a syscall most of the time is the code's too (waking
	 * from it may wait for a CPU: part of the block). */
	double thr = s->opts.threshold_ms / 1e3;
	double runq = st->runq_wait;
	if (!s->use_perf) {
		/* The readings' wait less what may lie outside the stall
		 * (stall.h's slack; all of it when unbounded), and never less
		 * than the observations themselves saw waiting: a wait still
		 * under way at the last reading is not credited yet. */
		double seen = 0;
		for (size_t i = 0; i < st->n; i++)
			seen += st->samples[i].waiting ? st->samples[i].w : 0;
		double in = st->slack >= 0 ? runq - st->slack : 0;
		runq = seen > in ? seen : in;
	}
	if (!r->offcpu && st->sched_known && (st->end - st->start) - runq < thr && st->on_cpu < thr / 10) {
		r->kind = LS_KIND_RUNQUEUE;
		r->nr = -1;
		r->fd_kind = NULL;
		r->callback = "?";
		r->stack = -1;
		r->nstacks = 0;
		r->rule = NULL;
		r->nparts = r->nparts_all = 0; /* parts stay allocated, freed with the stall */
	}
	size_t room = s->stall_stacks_max - s->stall_stacks_kept;
	if (r->nstacks > room) {
		/* past the cap: its first samples' stacks up to it, and its
		 * hottest stacks (stack, parts), stay */
		s->stall_stacks_dropped += r->nstacks - room;
		r->nstacks = room;
	}
	s->stall_stacks_kept += r->nstacks;
	if (r->nstacks) {
		r->stacks = ls_xrealloc(r->stacks, r->nstacks * sizeof *r->stacks);
	} else {
		free(r->stacks);
		r->stacks = NULL;
	}
	if (s->opts.live && (th->confirmed || th->forced)) {
		ls_session_stall_line(s, r, s->opts.live);
		fflush(s->opts.live);
	}
	free(reblamed); /* st's samples, when blamed again */
}

const char *ls_session_kind_name(enum ls_stall_kind k)
{
	return k == LS_KIND_RUNQUEUE ? "runqueue" : k == LS_KIND_OFF_CPU ? "off-cpu" : "on-cpu";
}

void ls_session_stall_line(struct ls_session *s, const struct ls_session_stall *st, FILE *f)
{
	char buf[64];
	fprintf(f, "stall %s%.0f ms%s tid %d ", st->before ? ">= " : "", (st->end - st->start) * 1e3,
		st->ongoing ? " (ongoing)" : "", (int)st->tid);
	if (st->before)
		fputs("begun before attach ", f);
	else
		fprintf(f, "at %.2fs ", st->start);
	fputs(ls_session_kind_name(st->kind), f);
	if (st->offcpu && st->nr >= 0)
		fprintf(f, " in %s", ls_proc_syscall_name(st->nr, buf, sizeof buf));
	fputs(": ", f);
	if (st->kind == LS_KIND_RUNQUEUE) {
		fprintf(f, "no callback: waited %.0f ms for a CPU, ran %.0f ms", st->runq_wait * 1e3,
			st->on_cpu * 1e3);
	} else if (st->stack >= 0) {
		for (int i = st->blame, k = 0; i >= 0; i--, k++) {
			struct ls_unw_frame fr;
			char name[256];
			ls_session_frame(s, st->stack, i, 0, &fr);
			fprintf(f, "%s%s", k ? " -> " : "", ls_unw_frame_name(&fr, name, sizeof name));
		}
	} else {
		fputs(st->callback, f);
	}
	fprintf(f, " [%s]", st->rule ? st->rule : "no rule");
	for (size_t i = 1; i < st->nparts; i++)
		fprintf(f, "%s%s %.0f%%", i == 1 ? "; also " : ", ", st->parts[i].callback,
			ls_session_part_share(st, &st->parts[i]) * 100);
	fputc('\n', f);
}

double ls_session_part_share(const struct ls_session_stall *st, const struct ls_session_part *p)
{
	double d = st->end - st->start;
	return d > 0 ? p->time / d : 0;
}

int ls_session_start(struct ls_session *s, pid_t pid, int own_child,
		     const struct ls_session_opts *opts, const struct ls_catalog *catalog)
{
	memset(s, 0, sizeof *s);
	s->opts = *opts;
	if (s->opts.rate_hz <= 0)
		s->opts.rate_hz = LS_SESSION_DEFAULT_RATE_HZ;
	if (s->opts.threshold_ms <= 0)
		s->opts.threshold_ms = LS_SESSION_DEFAULT_THRESHOLD_MS;
	s->pid = pid;
	s->own_child = own_child;
	s->catalog = catalog;
	ls_loop_model_load(&s->model, catalog ? catalog->models : NULL);
	if (ls_pt_seize(&s->pt, pid, own_child) < 0) {
		ls_loop_model_free(&s->model);
		return -1;
	}
	double seized = now_s();
	if (ls_maps_load(&s->maps, pid) < 0) {
		ls_error("cannot read the address map of PID %d: %s", (int)pid, strerror(errno));
		ls_pt_detach(&s->pt);
		ls_pt_free(&s->pt);
		ls_loop_model_free(&s->model);
		return -1;
	}
	char *root = ls_xasprintf("/proc/%d/root", (int)pid);
	ls_sym_cache_init(&s->syms, root);
	free(root);
	s->unw = ls_unw_new(pid, &s->maps, &s->syms);
	s->stackbuf = ls_xmalloc(STACK_COPY);
	/* test hook: collect unreferenced stacks from this many on (0: every tick) */
	const char *gc = getenv("LOOPSCOPE_TEST_STACKS_GC");
	s->stacks_gc_min = gc ? strtoul(gc, NULL, 10) : STACKS_GC_MIN;
	s->stacks_gc_at = s->stacks_gc_min;
	/* test hook: keep this many stall sample stacks instead */
	const char *cap = getenv("LOOPSCOPE_TEST_STALL_STACKS");
	s->stall_stacks_max = cap ? strtoul(cap, NULL, 10) : LS_SESSION_MAX_STALL_STACKS;
	s->symcache = ls_xcalloc(SYMCACHE_SIZE, sizeof(struct symcache_entry));
	if (!s->unw) {
		ls_error("PID %d: cannot create a libunwind address space", (int)pid);
		ls_pt_detach(&s->pt);
		return -1;
	}
	if (opts->thread) {
		int found = 0;
		for (size_t i = 0; i < s->pt.n; i++)
			found |= s->pt.t[i].tid == opts->thread;
		if (!found) {
			ls_error("PID %d has no thread %d", (int)pid, (int)opts->thread);
			ls_pt_detach(&s->pt);
			return -1;
		}
	}
	/* run's child has not exec'd yet: its modules are loopscope's own. */
	if (!own_child)
		ls_unw_preload(s->unw);
	if (opts->method != LS_METHOD_PTRACE) {
		char why[128];
		if (ls_perf_open(&s->perf, s->model.poll_nrs, s->model.npoll, s->opts.rate_hz, why,
				 sizeof why) == 0) {
			s->use_perf = 1;
		} else if (opts->method == LS_METHOD_PERF) {
			ls_error("PID %d: cannot use perf: %s", (int)pid, why);
			ls_pt_detach(&s->pt);
			return -1;
		} else {
			snprintf(s->method_note, sizeof s->method_note, "%s", why);
		}
	}
	if (!s->use_perf) {
		s->pt.on_sys = on_sys;
		s->pt.sys_ctx = s;
		s->sysbuf = ls_xmalloc(STACK_COPY);
	}
	sync_threads(s);
	s->t0 = now_s();
	s->startup = s->t0 - seized;
	return 0;
}

/* exec replaced the program (run's own exec, or later ones): what was
 * learned about the old one no longer applies. */
static void after_exec(struct ls_session *s)
{
	s->pt.execd = 0;
	ls_maps_load(&s->maps, s->pid);
	ls_unw_preload(s->unw); /* the program and its loader; libraries come later */
	for (size_t i = 0; i < s->nthreads; i++)
		thread_free(&s->threads[i]);
	s->nthreads = 0;
	for (size_t i = 0; i < s->pt.n; i++)
		s->pt.t[i].is_new = 1;
	sync_threads(s);
}

static void stall_free(struct ls_session_stall *st)
{
	free(st->stacks);
	free(st->parts);
}

void ls_session_run(struct ls_session *s)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	double period = 1.0 / s->opts.rate_hz, next = now_s(), deadline = 0;
	s->end = LS_END_DURATION;
	for (;;) {
		if (ls_pt_poll(&s->pt) < 0) {
			s->end = LS_END_EXITED;
			s->exit_status = s->pt.status;
			break;
		}
		if (s->pt.execd) {
			if (!s->own_child) {
				s->end = LS_END_EXEC;
				break;
			}
			after_exec(s);
		}
		sync_threads(s);
		collect_stacks(s, 0);
		s->ticks++;
		if (s->use_perf)
			perf_tick(s);
		for (size_t i = 0; i < s->nthreads; i++) {
			const struct ls_session_thread *th = &s->threads[i];
			/* perf: only a forced thread never seen waiting is observed
			 * by ticks (it has no iterations to trace) */
			if (s->use_perf && !(th->forced && !th->perf_seen))
				continue;
			if (s->opts.thread && th->tid != s->opts.thread)
				continue;
			/* Threads not (yet) seen polling are only being looked for:
			 * with more than 8 threads every 8th tick, staggered, keeps
			 * a process with many worker threads from costing 8x the
			 * /proc reads; a few are looked at every tick, as a
			 * saturated loop is seen in its poll only now and then. */
			if (!th->loop && s->nthreads > 8 && (s->ticks + i) % 8)
				continue;
			observe(s, i);
		}
		double t = now_s();
		if (s->opts.duration_s > 0 && t - s->t0 >= s->opts.duration_s)
			break;
		if (deadline && t > deadline) {
			s->end = LS_END_SIGNAL;
			break;
		}
		next += period;
		if (next < t)
			next = t; /* fell behind: skip, never burst */
		/* The duration ends the run even when a tick is longer. */
		if (s->opts.duration_s > 0 && next > s->t0 + s->opts.duration_s)
			next = s->t0 + s->opts.duration_s;
		/* Sleep to the next tick; target stops (SIGCHLD) and our own
		 * signals wake us early to be handled at once. */
		int stop = 0;
		while (!stop && !s->pt.exited && (t = now_s()) < next) {
			double wait = next - t;
			struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
			struct pollfd pfd = {sfd, POLLIN, 0};
			if (sfd < 0 || ppoll(&pfd, 1, &ts, NULL) <= 0)
				continue;
			struct signalfd_siginfo si;
			while (read(sfd, &si, sizeof si) == sizeof si) {
				if (si.ssi_signo == SIGCHLD)
					continue;
				if (s->own_child && !deadline) {
					/* run: the signal is for the program; report when it ends */
					kill(s->pid, (int)si.ssi_signo);
					deadline = now_s() + 5;
				} else if (!s->own_child) {
					stop = 1;
				}
			}
			ls_pt_poll(&s->pt);
		}
		if (stop) {
			s->end = LS_END_SIGNAL;
			break;
		}
	}
	if (s->use_perf)
		ls_perf_drain(&s->perf, on_perf, s);
	s->elapsed = now_s() - s->t0;
	s->no_hold = 1;
	for (size_t i = 0; i < s->nthreads; i++) {
		release_held(s, &s->threads[i]);
		flush_pending(s, &s->threads[i], s->elapsed);
		if (s->threads[i].pre == 3 && !s->threads[i].in_iter)
			flush_pre_iter(s, &s->threads[i]); /* no idle stack came */
		if (s->use_perf && s->threads[i].in_iter)
			iter_sched(&s->threads[i], s->elapsed);
		if (s->threads[i].sys)
			sys_block_end(s, &s->threads[i], s->elapsed, 0); /* a block still under way */
		s->cur_tid = s->threads[i].tid;
		ls_stall_finish(&s->threads[i].seg, s->elapsed);
	}
	ls_perf_close(&s->perf);
	for (size_t i = 0; i < s->nthreads && s->end != LS_END_EXITED; i++) {
		char name[32];
		ls_proc_comm(s->pid, s->threads[i].tid, name, sizeof name);
		if (strcmp(name, "?"))
			memcpy(s->threads[i].name, name, sizeof name);
	}
	ls_pt_detach(&s->pt);
	/* Stalls of threads never confirmed as loops are not loop stalls. */
	size_t k = 0;
	for (size_t i = 0; i < s->nstalls; i++) {
		const struct ls_session_thread *th = thread_of(s, s->stalls[i].tid);
		if (th && (th->confirmed || th->forced))
			s->stalls[k++] = s->stalls[i];
		else
			stall_free(&s->stalls[i]);
	}
	s->nstalls = k;
	/* The report holds what the stalls and threads refer to, no more
	 * (the last records drained, the run closed at the end). */
	collect_stacks(s, 1);
	if (sfd >= 0)
		close(sfd);
	/* The signals stay blocked: a second Ctrl-C must not cut the report
	 * short now that the target is safe. The caller exits after it. */
	(void)old;
}

void ls_session_free(struct ls_session *s)
{
	for (size_t i = 0; i < s->nthreads; i++)
		thread_free(&s->threads[i]);
	free(s->threads);
	for (size_t i = 0; i < s->nstacks; i++)
		free(s->stacks[i].ips);
	free(s->stacks);
	for (size_t i = 0; i < s->nstalls; i++)
		stall_free(&s->stalls[i]);
	free(s->stalls);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	free(s->stackbuf);
	free(s->sysbuf);
	free(s->symcache);
	free(s->stack_index);
	ls_perf_close(&s->perf);
	ls_unw_free(s->unw);
	ls_sym_cache_free(&s->syms);
	ls_maps_free(&s->maps);
	ls_pt_free(&s->pt);
	ls_loop_model_free(&s->model);
	memset(s, 0, sizeof *s);
}
