/*
 * perf.c — see perf.h. The record layout follows perf_event_open(2):
 * every event carries PERF_SAMPLE_IDENTIFIER first, so records of several
 * events sharing one ring buffer are told apart by id before the rest is
 * parsed by that event's sample_type.
 */
#include "sampler/perf.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"

#define EDGE_PAGES 512  /* 2 MiB: ~10k iterations, a saturated loop's 50-100 ms */
#define STACK_PAGES 512 /* 2 MiB: 64 stack copies, 300 ms at 200 Hz */
#define STACK_COPY 32768

enum { E_ENTER, E_EXIT, E_IDLE, E_CLOCK, NEV };

#define ST_BASE (PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME)
#define ST_STACK (PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER)

#if defined(__x86_64__)
#include <asm/perf_regs.h>
/* AX..IP and R8..R15: what libunwind needs; segment registers are not. */
#define REGS_ALL (((1ULL << (PERF_REG_X86_IP + 1)) - 1) | (0xffULL << PERF_REG_X86_R8))
#define REGS_SP (1ULL << PERF_REG_X86_SP)
#endif

struct ring {
	unsigned char *base; /* header page, then the data pages */
	size_t size;         /* data size, a power of two */
	size_t page;
};

struct ls_perf_thread {
	pid_t tid;
	int fd[NEV];
	uint64_t id[NEV];
	struct ring edges, stacks;
	int on;
};

static const uint64_t sample_type[NEV] = {
	[E_ENTER] = ST_BASE | PERF_SAMPLE_RAW | PERF_SAMPLE_REGS_USER,
	[E_EXIT] = ST_BASE | PERF_SAMPLE_RAW,
	[E_IDLE] = ST_BASE | ST_STACK,
	[E_CLOCK] = ST_BASE | ST_STACK,
};

static long perf_open(struct perf_event_attr *a, pid_t tid)
{
	return syscall(SYS_perf_event_open, a, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static const char *tracefs(void)
{
	static const char *dirs[] = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"};
	for (size_t i = 0; i < LS_ARRAY_LEN(dirs); i++) {
		char *p = ls_xasprintf("%s/events/raw_syscalls", dirs[i]);
		int ok = access(p, R_OK) == 0;
		free(p);
		if (ok)
			return dirs[i];
	}
	/* Not mounted: mount it where the kernel provides the mount point. */
	if (mount("nodev", dirs[0], "tracefs", 0, NULL) == 0 &&
	    access("/sys/kernel/tracing/events/raw_syscalls", R_OK) == 0)
		return dirs[0];
	return NULL;
}

static long tp_id(const char *fs, const char *event)
{
	char *p = ls_xasprintf("%s/events/%s/id", fs, event);
	char *text = ls_read_file(p, NULL);
	free(p);
	long id = text ? strtol(text, NULL, 10) : -1;
	free(text);
	return id;
}

int ls_perf_open(struct ls_perf *p, const long *nrs, size_t n, double rate_hz, char *err,
		 size_t errlen)
{
	memset(p, 0, sizeof *p);
#if !defined(__x86_64__)
	(void)nrs, (void)n, (void)rate_hz;
	snprintf(err, errlen, "the perf path reads x86-64 registers only");
	return -1;
#else
	if (!n) {
		snprintf(err, errlen, "no wait syscalls known (no loop models loaded)");
		return -1;
	}
	const char *fs = tracefs();
	if (!fs) {
		snprintf(err, errlen, "no tracefs (raw_syscalls tracepoints) to be found or mounted");
		return -1;
	}
	long enter = tp_id(fs, "raw_syscalls/sys_enter"), exit_ = tp_id(fs, "raw_syscalls/sys_exit");
	if (enter < 0 || exit_ < 0) {
		snprintf(err, errlen, "cannot read the raw_syscalls tracepoints in %s", fs);
		return -1;
	}
	p->tp_enter = (uint32_t)enter;
	p->tp_exit = (uint32_t)exit_;
	p->period_ns = (uint64_t)(1e9 / (rate_hz > 0 ? rate_hz : 200));
	struct ls_buf b = {0};
	for (size_t i = 0; i < n; i++)
		ls_buf_addf(&b, "%sid == %ld", i ? " || " : "", nrs[i]);
	p->filter = ls_buf_steal(&b);
	p->edge_filter = ls_xasprintf("%s || id == %d", p->filter, SYS_restart_syscall);
	/* The kernel's consent, asked on ourselves. */
	if (ls_perf_add(p, (pid_t)syscall(SYS_gettid)) < 0) {
		snprintf(err, errlen, "perf_event_open refused: %s (perf_event_paranoid)",
			 strerror(errno));
		ls_perf_close(p);
		return -1;
	}
	ls_perf_remove(p, (pid_t)syscall(SYS_gettid));
	return 0;
#endif
}

static struct ls_perf_thread *find(const struct ls_perf *p, pid_t tid)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->t[i].tid == tid)
			return &p->t[i];
	return NULL;
}

static void attr_for(const struct ls_perf *p, int ev, struct perf_event_attr *a)
{
	memset(a, 0, sizeof *a);
	a->size = sizeof *a;
	a->sample_type = sample_type[ev];
	a->sample_period = 1;
	a->type = PERF_TYPE_TRACEPOINT;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->disabled = ev != E_ENTER && ev != E_EXIT;
	a->exclude_kernel = p->exclude_kernel;
	a->exclude_hv = 1;
	/* switches of the thread, into the edge buffer (once: the exit
	 * event shares it), stamped like the samples */
	a->context_switch = ev == E_ENTER;
	a->sample_id_all = ev == E_ENTER;
#if defined(__x86_64__)
	if (a->sample_type & PERF_SAMPLE_REGS_USER)
		a->sample_regs_user = ev == E_ENTER ? REGS_SP : REGS_ALL;
#endif
	if (a->sample_type & PERF_SAMPLE_STACK_USER)
		a->sample_stack_user = STACK_COPY;
	switch (ev) {
	case E_ENTER:
	case E_IDLE: a->config = p->tp_enter; break;
	case E_EXIT: a->config = p->tp_exit; break;
	case E_CLOCK:
		a->type = PERF_TYPE_SOFTWARE;
		a->config = PERF_COUNT_SW_TASK_CLOCK;
		a->sample_period = p->period_ns;
		break;
	}
}

static int ring_map(struct ring *r, int fd, size_t pages)
{
	r->page = (size_t)sysconf(_SC_PAGESIZE);
	for (; pages >= 8; pages /= 4) {
		void *m = mmap(NULL, (pages + 1) * r->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m != MAP_FAILED) {
			r->base = m;
			r->size = pages * r->page;
			return 0;
		}
	}
	return -1;
}

static void ring_unmap(struct ring *r)
{
	if (r->base)
		munmap(r->base, r->size + r->page);
	memset(r, 0, sizeof *r);
}

static int open_ev(struct ls_perf *p, struct ls_perf_thread *t, int ev, int out_fd)
{
	struct perf_event_attr a;
	attr_for(p, ev, &a);
	int fd = (int)perf_open(&a, t->tid);
	if (fd < 0 && errno == EACCES && !a.exclude_kernel) {
		/* Not allowed to sample kernel mode: user mode still tells. */
		p->exclude_kernel = 1;
		a.exclude_kernel = 1;
		fd = (int)perf_open(&a, t->tid);
	}
	if (fd < 0)
		return -1;
	t->fd[ev] = fd;
	ioctl(fd, PERF_EVENT_IOC_ID, &t->id[ev]);
	if (ev == E_ENTER || ev == E_EXIT || ev == E_IDLE) {
		if (ioctl(fd, PERF_EVENT_IOC_SET_FILTER, ev == E_IDLE ? p->filter : p->edge_filter) < 0)
			return -1;
	}
	if (out_fd >= 0 && ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, out_fd) < 0)
		return -1;
	return 0;
}

static void close_thread(struct ls_perf_thread *t)
{
	ring_unmap(&t->edges);
	ring_unmap(&t->stacks);
	for (int e = 0; e < NEV; e++)
		if (t->fd[e] >= 0)
			close(t->fd[e]);
}

int ls_perf_add(struct ls_perf *p, pid_t tid)
{
	if (find(p, tid))
		return 0;
	struct ls_perf_thread t = {.tid = tid};
	for (int e = 0; e < NEV; e++)
		t.fd[e] = -1;
	if (open_ev(p, &t, E_ENTER, -1) < 0 || ring_map(&t.edges, t.fd[E_ENTER], EDGE_PAGES) < 0 ||
	    open_ev(p, &t, E_EXIT, t.fd[E_ENTER]) < 0) {
		int e = errno;
		close_thread(&t);
		errno = e;
		return -1;
	}
	p->t = ls_xrealloc(p->t, (p->n + 1) * sizeof *p->t);
	p->t[p->n++] = t;
	return 0;
}

void ls_perf_remove(struct ls_perf *p, pid_t tid)
{
	struct ls_perf_thread *t = find(p, tid);
	if (!t)
		return;
	close_thread(t);
	*t = p->t[--p->n];
}

pid_t ls_perf_tid(const struct ls_perf *p, size_t i)
{
	return p->t[i].tid;
}

/* The stack events and their buffer, made when first switched on. */
static int open_stacks(struct ls_perf *p, struct ls_perf_thread *t)
{
	if (t->stacks.base)
		return 0;
	if (open_ev(p, t, E_IDLE, -1) < 0 || ring_map(&t->stacks, t->fd[E_IDLE], STACK_PAGES) < 0)
		return -1;
	int out = t->fd[E_IDLE];
	return open_ev(p, t, E_CLOCK, out);
}

void ls_perf_set(struct ls_perf *p, pid_t tid, int which)
{
	struct ls_perf_thread *t = find(p, tid);
	if (!t || t->on == which)
		return;
	if (which && open_stacks(p, t) < 0)
		return;
	int want[NEV] = {0};
	want[E_IDLE] = (which & LS_PERF_IDLE) != 0;
	want[E_CLOCK] = (which & LS_PERF_SAMPLE) != 0;
	for (int e = E_IDLE; e < NEV; e++)
		if (t->fd[e] >= 0)
			ioctl(t->fd[e], want[e] ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0);
	t->on = which;
}

int ls_perf_get(const struct ls_perf *p, pid_t tid)
{
	const struct ls_perf_thread *t = find(p, tid);
	return t ? t->on : 0;
}

static uint64_t rd64(const unsigned char **q)
{
	uint64_t v;
	memcpy(&v, *q, 8);
	*q += 8;
	return v;
}

#if defined(__x86_64__)
static void regs_from(struct user_regs_struct *r, uint64_t mask, const uint64_t *v)
{
	memset(r, 0, sizeof *r);
	unsigned long long *slot[PERF_REG_X86_64_MAX] = {
		[PERF_REG_X86_AX] = &r->rax, [PERF_REG_X86_BX] = &r->rbx, [PERF_REG_X86_CX] = &r->rcx,
		[PERF_REG_X86_DX] = &r->rdx, [PERF_REG_X86_SI] = &r->rsi, [PERF_REG_X86_DI] = &r->rdi,
		[PERF_REG_X86_BP] = &r->rbp, [PERF_REG_X86_SP] = &r->rsp, [PERF_REG_X86_IP] = &r->rip,
		[PERF_REG_X86_R8] = &r->r8,  [PERF_REG_X86_R9] = &r->r9,  [PERF_REG_X86_R10] = &r->r10,
		[PERF_REG_X86_R11] = &r->r11, [PERF_REG_X86_R12] = &r->r12,
		[PERF_REG_X86_R13] = &r->r13, [PERF_REG_X86_R14] = &r->r14,
		[PERF_REG_X86_R15] = &r->r15,
	};
	int k = 0;
	for (int bit = 0; bit < PERF_REG_X86_64_MAX; bit++)
		if (mask & (1ULL << bit)) {
			if (slot[bit])
				*slot[bit] = v[k];
			k++;
		}
}
#endif

static int ev_of(const struct ls_perf_thread *t, uint64_t id)
{
	for (int e = 0; e < NEV; e++)
		if (t->fd[e] >= 0 && t->id[e] == id)
			return e;
	return -1;
}

/* Parse one PERF_RECORD_SAMPLE of t; 0 when it is not one we use. */
static int parse_sample(const struct ls_perf_thread *t,
			const unsigned char *q, const unsigned char *end, struct ls_perf_rec *out)
{
	int ev = ev_of(t, rd64(&q));
	if (ev < 0)
		return 0;
	uint64_t st = sample_type[ev];
	memset(out, 0, sizeof *out);
	out->tid = t->tid;
	q += 4; /* pid */
	uint32_t tid;
	memcpy(&tid, q, 4);
	q += 4;
	out->t = (double)rd64(&q) / 1e9;
	const unsigned char *raw = NULL;
	uint32_t rawlen = 0;
	if (st & PERF_SAMPLE_RAW) {
		memcpy(&rawlen, q, 4);
		raw = q + 4;
		q += 4 + rawlen;
	}
	if (st & PERF_SAMPLE_REGS_USER) {
		uint64_t abi = rd64(&q);
		if (abi) {
#if defined(__x86_64__)
			uint64_t mask = ev == E_ENTER ? REGS_SP : REGS_ALL;
			uint64_t v[PERF_REG_X86_64_MAX];
			int nregs = __builtin_popcountll(mask);
			for (int i = 0; i < nregs; i++)
				v[i] = rd64(&q);
			regs_from(&out->regs, mask, v);
			out->sp = out->regs.rsp;
#endif
		}
	}
	if (st & PERF_SAMPLE_STACK_USER) {
		uint64_t size = rd64(&q);
		if (size) {
			const unsigned char *data = q;
			q += size;
			uint64_t dyn = rd64(&q);
			out->stack = data;
			out->stack_len = dyn < size ? dyn : size;
			out->stack_addr = out->regs.rsp;
		}
	}
	if (q > end)
		return 0;
	if (raw && rawlen >= 24) {
		int64_t nr;
		memcpy(&nr, raw + 8, 8); /* after the common fields: long id */
		out->nr = (long)nr;
		if (ev != E_EXIT && rawlen >= 64)
			memcpy(out->args, raw + 16, sizeof out->args);
		int64_t ret;
		memcpy(&ret, raw + 16, 8); /* sys_exit: long ret after id */
		out->ret = ev == E_EXIT ? (long)ret : 0;
	}
	switch (ev) {
	case E_ENTER: out->kind = LS_PERF_WAIT_ENTER; break;
	case E_EXIT: out->kind = LS_PERF_WAIT_EXIT; break;
	case E_IDLE: out->kind = LS_PERF_IDLE_STACK; break;
	case E_CLOCK: out->kind = LS_PERF_CPU_STACK; break;
	}
	return out->stack || !(st & PERF_SAMPLE_STACK_USER) ? 1 : 0;
}

/* Copies of one ring's records since the last drain, then the tail moved. */
struct batch {
	unsigned char **recs;
	size_t n, cap;
};

static void ring_read(struct ring *r, struct batch *b)
{
	if (!r->base)
		return;
	struct perf_event_mmap_page *h = (void *)r->base;
	uint64_t head = __atomic_load_n(&h->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = h->data_tail;
	const unsigned char *data = r->base + r->page;
	while (tail < head) {
		struct perf_event_header eh;
		for (size_t i = 0; i < sizeof eh; i++)
			((unsigned char *)&eh)[i] = data[(tail + i) & (r->size - 1)];
		if (eh.size < sizeof eh)
			break;
		unsigned char *rec = ls_xmalloc(eh.size);
		size_t off = tail & (r->size - 1);
		size_t first = r->size - off < eh.size ? r->size - off : eh.size;
		memcpy(rec, data + off, first);
		memcpy(rec + first, data, eh.size - first);
		if (b->n == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 256;
			b->recs = ls_xrealloc(b->recs, b->cap * sizeof *b->recs);
		}
		b->recs[b->n++] = rec;
		tail += eh.size;
	}
	__atomic_store_n(&h->data_tail, tail, __ATOMIC_RELEASE);
}

/* A lost record matters in the edge buffer only: lost stacks are fewer samples. */
static int decode(const struct ls_perf_thread *t, const unsigned char *rec,
		  int edges, struct ls_perf_rec *out)
{
	struct perf_event_header eh;
	memcpy(&eh, rec, sizeof eh);
	if (eh.type == PERF_RECORD_LOST && edges) {
		memset(out, 0, sizeof *out);
		out->kind = LS_PERF_LOST;
		out->tid = t->tid;
		return 1;
	}
	if (eh.type == PERF_RECORD_SWITCH && edges) {
		/* header, then sample_id: pid, tid (u32 each), time, identifier */
		if (eh.size < sizeof eh + 24)
			return 0;
		memset(out, 0, sizeof *out);
		const unsigned char *q = rec + sizeof eh + 8;
		out->t = (double)rd64(&q) / 1e9;
		out->tid = t->tid;
		out->kind = eh.misc & PERF_RECORD_MISC_SWITCH_OUT ? LS_PERF_SWITCH_OUT : LS_PERF_SWITCH_IN;
		out->preempt = (eh.misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT) != 0;
		return 1;
	}
	if (eh.type != PERF_RECORD_SAMPLE)
		return 0;
	return parse_sample(t, rec + sizeof eh, rec + eh.size, out);
}

void ls_perf_drain(struct ls_perf *p, ls_perf_fn *fn, void *ctx)
{
	for (size_t i = 0; i < p->n; i++) {
		struct ls_perf_thread *t = &p->t[i];
		struct batch a = {0}, b = {0};
		ring_read(&t->edges, &a);
		ring_read(&t->stacks, &b);
		/* Merge the two buffers by time; each is in order already. A
		 * lost record sorts where it was found. */
		size_t ia = 0, ib = 0;
		struct ls_perf_rec ra, rb;
		int ha = 0, hb = 0;
		for (;;) {
			while (!ha && ia < a.n)
				ha = decode(t, a.recs[ia++], 1, &ra);
			while (!hb && ib < b.n)
				hb = decode(t, b.recs[ib++], 0, &rb);
			if (!ha && !hb)
				break;
			int take_a = ha && (!hb || ra.t <= rb.t || ra.kind == LS_PERF_LOST);
			fn(ctx, take_a ? &ra : &rb);
			if (take_a)
				ha = 0;
			else
				hb = 0;
			/* fn may have switched events of this thread: t stays valid,
			 * p->t is not reallocated inside a drain. */
		}
		for (size_t k = 0; k < a.n; k++)
			free(a.recs[k]);
		for (size_t k = 0; k < b.n; k++)
			free(b.recs[k]);
		free(a.recs);
		free(b.recs);
	}
}

void ls_perf_close(struct ls_perf *p)
{
	for (size_t i = 0; i < p->n; i++)
		close_thread(&p->t[i]);
	free(p->t);
	free(p->filter);
	free(p->edge_filter);
	memset(p, 0, sizeof *p);
}
