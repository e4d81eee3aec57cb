/*
 * session.h — one sampling run against a live process: seize it, tick at
 * the sampling rate, observe every thread cheaply, stop only the busy
 * loop threads for a stack, segment stalls, and detach on every way out
 * (duration, SIGINT/SIGTERM/SIGHUP, target exit or exec, internal error).
 * What it gathered stays in the session for the report writers.
 */
#ifndef LS_SAMPLER_SESSION_H
#define LS_SAMPLER_SESSION_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "common/catalog.h"
#include "common/util.h"
#include "sampler/loopdetect.h"
#include "sampler/maps.h"
#include "sampler/perf.h"
#include "sampler/proc.h"
#include "sampler/ptrace.h"
#include "sampler/stall.h"
#include "sampler/symbols.h"
#include "sampler/unwind.h"

#define LS_SESSION_DEFAULT_THRESHOLD_MS ((double)LS_STALL_THRESHOLD_MS)
/* 200 Hz: a 5 ms period sizes a 100 ms stall within ±5%. */
#define LS_SESSION_DEFAULT_RATE_HZ 200.0

/* How iterations are observed: perf where the kernel allows it, else
 * ptrace; the first two force one (an error when refused). */
enum ls_method { LS_METHOD_AUTO, LS_METHOD_PERF, LS_METHOD_PTRACE };

struct ls_session_opts {
	double duration_s;   /* 0: until stopped or the target exits */
	double threshold_ms;
	double rate_hz;
	pid_t thread;        /* --thread: analyse this thread only, as a loop */
	FILE *live;          /* print each stall when it ends; NULL: quiet */
	enum ls_method method;
};

struct ls_session_stack {
	uint64_t *ips; /* innermost first */
	int n;
	uint64_t hash;
};

/* A stall held back (perf path) until its thread's idle stack is known. */
struct ls_session_held {
	struct ls_stall st;
	struct ls_stall_sample *smp; /* its samples, owned */
};

struct ls_session_thread {
	pid_t tid;
	char name[32];
	int loop;             /* seen idle in a poll (candidate loop thread) */
	int confirmed;        /* under a model's loop function, or polled again */
	int forced;
	int name_again;       /* name read before it may have been set: read it at its next idle look */
	const char *framework; /* model name, or the poll syscall's name */
	uint64_t idle_sps[8];
	int nidle_sps;
	int idle_stack;       /* stack id of the idle stack, -1 none */
	size_t samples;
	long last_nr;          /* syscall seen last (restart_syscall resolves to it) */
	struct ls_proc_sc last_sc; /* the last observation's syscall file (ptrace path) */
	struct ls_proc_sc idle_sc; /* ... the last one that found it idle in its wait (nr -1: none) */
	long back_to;          /* the syscall a stop of ours at the last observation interrupted
				  (the thread re-enters it after the stop), -1 none */
	int scfd;              /* its /proc syscall file, kept open across ticks */
	struct ls_stall_seg seg;
	long vcsw;             /* voluntary context switches at the last busy sample, -1 unknown */
	int vcsw_owed;         /* a stop of ours still to come, which will add one */
	double last_obs_t;     /* its last observation (ptrace path) */
	int last_off;          /* the last busy sample was off-CPU */
	unsigned busy_looks;   /* stack looks at a busy non-loop thread (running, or blocked in a syscall) */
	int found_blocked;     /* set tracing at a look at it blocked in a syscall: its first wait
				  makes it a loop, confirmed when it waits there again */
	/* ptrace path: stopped at its syscalls while a busy stretch is long
	 * (or while looked at, not yet known as a loop), until it enters its
	 * loop's wait: the stretch's exact end */
	int sys;               /* its syscalls stop it */
	double sys_since;      /* every syscall of it seen from then on; -1: from its first stop */
	int sys_in_wait;       /* stopped entering its loop's wait: the wait's return starts the next stretch */
	int sys_spent;         /* too many syscalls and no wait: paused since sys_paused */
	double sys_first;      /* tracing began in this stretch; -1 not yet */
	double sys_paused;     /* tracing paused in this stretch (the last time); -1 never */
	unsigned sys_stops;    /* its syscall-stops */
	unsigned sys_stops_seen; /* ... at its last observation */
	unsigned sys_stops_open; /* ... when the stretch under way began */
	unsigned sys_episode;  /* ... since it was last set tracing */
	unsigned sys_waits;    /* its loop's wait entries seen at a syscall-stop */
	long sys_nr;           /* the syscall it entered last (restart_syscall resolves to it) */
	/* The syscall it is inside by its syscall-stops (-1 none), from
	 * its entry on, through restarts after stops of ours: at its
	 * return, one lasting a sampling period or more is a block of
	 * that length (one off-CPU sample), a shorter one a moment of the
	 * code's run. A busy look that found it inside is held until then
	 * (sys_look): the block's sample stands for the looks it spans. */
	long sys_in;
	double sys_in_t;
	long sys_in_arg0;
	int sys_in_restart;    /* left it interrupted by a stop of ours: its next entry resumes it */
	int sys_held;
	struct ls_stall_sample sys_look;
	/* its scheduler account at its last observation (ptrace path) */
	struct ls_proc_sched obs_ps;
	double obs_ps_t;       /* -1 none */
	uint64_t busy_sps[4];  /* where it entered a wait that is not its loop's (a callback's poll) */
	int nbusy_sps;
	/* perf path */
	/* Stalls ended before its idle stack was known: which frames are
	 * the loop's decides each sample's callback (without it a
	 * hand-written loop's outermost frame, main, would take the
	 * blame); held until it is, or the run ends. */
	struct ls_session_held *held;
	unsigned nheld;
	int blind;             /* a sample was blamed before its idle stack was known */
	int perf_seen;         /* a wait of it was traced */
	int in_wait;           /* between a wait's entry and its return */
	int in_iter;           /* between a wait's return and the next entry */
	double iter_start;
	uint64_t wait_sp;      /* stack pointer at the last wait entry */
	long wait_nr;          /* the wait syscall last entered */
	int wait_restart;      /* that wait returned to be resumed as restart_syscall (a stop
				  signal came while it waited) */
	int wait_resumed;      /* ... and it was: its exit is the wait's */
	int pending;           /* an off-CPU sample waits for its length */
	struct ls_stall_sample pend;
	int perf_edge;         /* an edge of it was traced (the first tells if it was busy at attach) */
	/* perf path: switches within the open iteration */
	int off;               /* switched out, since off_t */
	int off_preempt;       /* ... still runnable (preempted), else blocked */
	double off_t;
	double iter_runq, iter_blocked; /* seconds of the open iteration */
	/* the scheduler's account (/proc/.../schedstat), both paths */
	int ssfd;              /* kept open across ticks; -1 unread or unavailable */
	unsigned long slices_blocked; /* CPU arrivals counted when last seen blocked */
	int blocked_seen;
	/* Busy since its first observation and not yet known as a loop: the
	 * stretch under way at attach, reported once the thread shows it is
	 * a loop (its first wait), with what was seen of it meanwhile: its
	 * observations, thinned to every 2nd, 4th, ... when they fill the
	 * bounded list, and now and then a stack. Only its part up to the
	 * first round seen (went_round) was under way at attach; the rest
	 * goes in as ordinary runs split at rounds. */
	int pre;               /* 0 not observed yet, 1 busy since attach, 2 no longer,
				  3 (perf) its first wait ended it at pre_end, to be reported */
	double pre_t, pre_end, pre_last; /* first and last busy observation, its end (perf) */
	struct ls_session_pre {
		double t;
		long nr, arg0;
		int stack;
		/* the loop went round since the observation kept before:
		 * more voluntary switches than stops of ours while it ran at
		 * both (ptrace path) */
		int went_round;
		int sched_known;
		double on_cpu, runq_wait; /* its schedstat reading */
	} *pre_smp;
	unsigned npre, cappre, pre_every, pre_seen, pre_stacks;
	int pre_round; /* went round since the observation kept last, not kept itself */
};

/* One callback's part of a stall (sampler/breakdown.h). */
struct ls_session_part {
	const char *callback;  /* interned */
	double time, precision; /* seconds of the stall attributed to it, +- */
	size_t samples;
	double weight;         /* seconds its samples stand for */
	int offcpu;
	long nr;               /* its heaviest syscall when off-CPU, else -1 */
	int stack, blame;      /* its hottest stack (-1 none) and blamed frame */
	const char *rule;
};

/* Parts kept per stall: the largest; the rest are counted (nparts_all). */
#define LS_SESSION_MAX_PARTS 8

/* What a stall was: the thread ran (on-cpu), sat in a syscall (off-cpu),
 * or was runnable and given no CPU for most of it (runqueue): the last
 * is latency of the machine, not of the code, and blames no callback. */
enum ls_stall_kind { LS_KIND_ON_CPU, LS_KIND_OFF_CPU, LS_KIND_RUNQUEUE };

struct ls_session_stall {
	pid_t tid;
	double start, end;
	double precision; /* seconds, +- on end - start */
	int ongoing;
	int before;            /* under way at attach: start unknown, duration a lower bound */
	int offcpu;
	enum ls_stall_kind kind;
	/* the scheduler's account over it, when read (sched_known) */
	double on_cpu, runq_wait;
	int sched_known;
	long nr;               /* syscall when off-CPU, else -1 */
	const char *fd_kind;   /* what its fd was, when it has one */
	int stack;             /* hottest stack, -1 when no stack was taken */
	int blame;             /* index of the blamed frame in it */
	const char *callback;  /* interned, the largest part's; "?" when unknown */
	const char *rule;      /* NULL when no rule maps */
	const char *framework;
	int *stacks;           /* every sample's stack id (none past the session's cap) */
	size_t nstacks, nsamples;
	size_t unknown;        /* samples whose stack did not reach the loop's frames */
	size_t perf_lost;      /* times the kernel dropped records (a full buffer) */
	/* The callbacks it ran, largest share first; kind, syscall, stack and
	 * rule above are the first one's. None when no sample named one. */
	struct ls_session_part *parts;
	size_t nparts, nparts_all;
};

enum ls_session_end {
	LS_END_DURATION,
	LS_END_SIGNAL,
	LS_END_EXITED,
	LS_END_EXEC,
	LS_END_ERROR,
};

struct ls_session {
	struct ls_session_opts opts;
	pid_t pid;
	int own_child;
	struct ls_pt pt;
	struct ls_maps maps;
	struct ls_sym_cache syms;
	struct ls_unw *unw;
	struct ls_loop_model model;
	const struct ls_catalog *catalog; /* may be NULL */
	struct ls_session_thread *threads;
	size_t nthreads;
	struct ls_session_stack *stacks;
	size_t nstacks;
	struct ls_session_stall *stalls;
	size_t nstalls, capstalls;
	char **names; /* interned callback names */
	size_t nnames;
	double t0, elapsed;
	double startup;        /* seconds from seizing the target to observing it (t0) */
	enum ls_session_end end;
	int exit_status; /* the target's wait status when it exited */
	size_t stops;    /* ptrace interrupts of the target, all threads */
	unsigned char *sysbuf; /* stack copy at a syscall-stop (may come while stackbuf is in use) */
	long stop_sc;    /* the syscall the last stop found its thread inside, interrupted, -1 none */
	long stop_nr;    /* the syscall the last stop found its thread in or leaving, -1 user code */
	size_t ticks;
	int no_hold;     /* the run is ending: stalls are reported as they are */
	pid_t cur_tid;   /* whose segmenter is being fed: the context of its stall callback */
	unsigned char *stackbuf;
	void *symcache;
	int *stack_index;      /* open addressing over stacks by hash; -1 empty */
	size_t stack_index_cap;
	int use_perf;          /* which path ran */
	struct ls_perf perf;
	char method_note[160]; /* why perf was not used, when it was not */
	size_t unknown;        /* samples whose stack did not reach the loop's frames */
	size_t perf_lost;      /* times the kernel dropped records (a full buffer) */
	/* Memory over a long attach: stacks nothing refers to any more (a
	 * busy stretch stopped for, that ended short of a stall) are freed
	 * once the table has doubled; stalls' sample stacks are kept up to
	 * LS_SESSION_MAX_STALL_STACKS in all, the rest only counted. */
	size_t stacks_gc_at, stacks_gc_min;
	size_t stacks_freed;         /* interned stacks freed by those collections */
	size_t stall_stacks_max;     /* LS_SESSION_MAX_STALL_STACKS */
	size_t stall_stacks_kept;    /* sample stacks held by the stalls */
	size_t stall_stacks_dropped; /* sample stacks of stalls past the cap */
};

/* Sample stacks kept for the folded and SVG outputs over all stalls, in
 * the order the stalls ended: 100 s of stalls at 1 kHz. With the stacks
 * they name (a few hundred bytes each when all differ) a day's attach to
 * a server that stalls all the time stays within some 30 MB; past it a
 * stall keeps its hottest stacks only. */
#define LS_SESSION_MAX_STALL_STACKS 100000u

/* Seize pid and prepare. catalog supplies models and may be NULL.
 * own_child: we forked it (run). -1 after a one-line error. */
int ls_session_start(struct ls_session *s, pid_t pid, int own_child,
		     const struct ls_session_opts *opts, const struct ls_catalog *catalog);
/* Sample until the end; always returns with the target detached, and
 * with SIGINT, SIGTERM, SIGHUP and SIGCHLD blocked (the caller reports
 * and exits). */
void ls_session_run(struct ls_session *s);
void ls_session_free(struct ls_session *s);

/* Symbolize frame i of a stack (with file:line when want_line). */
void ls_session_frame(struct ls_session *s, int stack, int i, int want_line,
		      struct ls_unw_frame *out);
const struct ls_session_thread *ls_session_thread_of(const struct ls_session *s, pid_t tid);
/* The part's share of its stall's wall time, 0..1. */
double ls_session_part_share(const struct ls_session_stall *st, const struct ls_session_part *p);
const char *ls_session_kind_name(enum ls_stall_kind k);
/* Format one stall as a single line (for --live and the text report). */
void ls_session_stall_line(struct ls_session *s, const struct ls_session_stall *st, FILE *f);

#endif
