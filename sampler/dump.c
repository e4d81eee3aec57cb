/*
 * dump.c — every thread's stack of a running process, now, like eu-stack
 * (`loopscope dump PID`). Each thread is stopped only for the moment it
 * takes to copy its registers and stack; unwinding and symbolizing happen
 * after it runs again, and the process is detached before printing.
 */
#include "sampler/dump.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "sampler/maps.h"
#include "sampler/proc.h"
#include "sampler/ptrace.h"
#include "sampler/report.h"
#include "sampler/symbols.h"
#include "sampler/unwind.h"

#define STACK_MAX (256 * 1024)
#define MAX_FRAMES 128
#define STOP_WAIT_MS 2000 /* as long as a detach waits for a thread's stop */

struct captured {
	pid_t tid;
	char name[32];
	long syscall; /* -1: running */
	uint64_t ips[MAX_FRAMES];
	int n;
};

int ls_dump(pid_t pid, int no_lines)
{
	struct ls_pt pt;
	if (ls_pt_seize(&pt, pid, 0) < 0)
		return 2;
	/* Block the signals that would end us mid-capture; the detach below
	 * runs before they are delivered. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);

	struct ls_maps maps = {0};
	ls_maps_load(&maps, pid);
	struct ls_sym_cache syms;
	char *root = ls_xasprintf("/proc/%d/root", (int)pid);
	ls_sym_cache_init(&syms, root);
	free(root);
	struct ls_unw *unw = ls_unw_new(pid, &maps, &syms);
	unsigned char *stack = ls_xmalloc(STACK_MAX);
	struct captured *cap = ls_xcalloc(pt.n ? pt.n : 1, sizeof *cap);
	size_t ncap = 0, nstacks = 0, nthreads = pt.n;
	pid_t *tids = ls_xcalloc(nthreads ? nthreads : 1, sizeof *tids);
	for (size_t i = 0; i < nthreads; i++)
		tids[i] = pt.t[i].tid;
	for (size_t i = 0; i < nthreads; i++) {
		struct captured *c = &cap[ncap];
		struct ls_proc_sc sc;
		c->tid = tids[i];
		c->syscall = ls_proc_syscall(pid, c->tid, &sc) == 0 ? sc.nr : -1;
		ls_proc_comm(pid, c->tid, c->name, sizeof c->name);
		struct ls_pt_sample s;
		/* A thread woken from a sleep to stop may wait for a CPU; on a
		 * loaded machine that is longer than a sampler's 20 ms. */
		if (ls_pt_sample_within(&pt, c->tid, &maps, stack, STACK_MAX, &s, STOP_WAIT_MS) < 0) {
			/* shown, with why it has no stack */
			struct ls_pt_thread *t = ls_pt_thread(&pt, c->tid);
			c->n = t && t->group_stopped ? -2 : -1;
			ncap++;
			continue;
		}
		struct ls_unw_snapshot snap = {s.regs, s.stack_addr, stack, s.stack_len};
		c->n = unw ? ls_unw_stack(unw, &snap, c->ips, MAX_FRAMES) : 0;
		ncap++;
		nstacks++;
	}
	ls_pt_detach(&pt);
	ls_pt_free(&pt);
	sigprocmask(SIG_SETMASK, &old, NULL);

	printf("PID %d - process\n", (int)pid);
	struct ls_report_missing missing = {0};
	for (size_t i = 0; i < ncap; i++) {
		struct captured *c = &cap[i];
		char scbuf[32];
		if (c->syscall >= 0)
			printf("TID %d (%s) in %s:\n", (int)c->tid, c->name,
			       ls_proc_syscall_name(c->syscall, scbuf, sizeof scbuf));
		else
			printf("TID %d (%s) running:\n", (int)c->tid, c->name);
		if (c->n == -2)
			printf("    no stack: stopped (job control), left stopped\n");
		else if (c->n < 0)
			printf("    no stack: it ended, or did not stop within %d s\n",
			       STOP_WAIT_MS / 1000);
		for (int k = 0; k < c->n; k++) {
			struct ls_unw_frame f;
			char name[256];
			ls_unw_frame_info(unw, c->ips[k], k > 0, !no_lines, &f);
			printf("#%-2d 0x%016llx %s (%s)", k, (unsigned long long)c->ips[k],
			       ls_unw_frame_name(&f, name, sizeof name), f.module);
			if (f.file)
				printf(" %s:%d", f.file, f.line);
			putchar('\n');
			ls_report_missing_add(&missing, &f);
		}
	}
	ls_report_missing_text(&missing, &syms, stdout);
	ls_report_missing_free(&missing);
	free(cap);
	free(tids);
	free(stack);
	ls_unw_free(unw);
	ls_sym_cache_free(&syms);
	ls_maps_free(&maps);
	return nstacks ? 0 : 2;
}
