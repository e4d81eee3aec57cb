/*
 * loopdetect.h — what the sampler knows about event loops, read from the
 * `sampler:` sections of the model files (rules/models/NAME.yml): which
 * functions run a loop, which modules and functions belong to a framework,
 * which syscalls a loop idles in, and how a stall maps to a catalog rule.
 * On that knowledge it answers the per-sample questions: is this stack the
 * loop idling, and which frame is to blame (the first frame below the
 * loop's own frames)? Everything works on symbolized frames, so it is
 * tested with hand-made stacks.
 */
#ifndef LS_SAMPLER_LOOPDETECT_H
#define LS_SAMPLER_LOOPDETECT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct ls_loop_glob {
	char *glob;
	const char *framework; /* model name, points into the model */
};

struct ls_loop_wrapper {
	char *glob;
	long nr;
};

struct ls_loop_sysrule {
	long nr;
	char *fd_kind; /* NULL: any fd; "socket", "file", "pipe" */
	char *rule;
};

struct ls_loop_model {
	struct ls_loop_glob *loop_fns, *fw_fns, *fw_modules;
	size_t nloop_fns, nfw_fns, nfw_modules;
	char **runtime_fns; /* thread and process start frames: _start, start_thread ... */
	size_t nruntime_fns;
	long *poll_nrs;
	size_t npoll;
	struct ls_loop_sysrule *sysrules;
	size_t nsysrules;
	struct ls_loop_glob *frame_rules; /* glob -> rule id (in .framework) */
	size_t nframe_rules;
	char **wrapper_prefixes; /* other names of a wrapper: "__GI___", "__" */
	size_t nwrapper_prefixes;
	struct ls_loop_wrapper *wrappers; /* functions named otherwise than their syscall */
	size_t nwrappers;
	char *on_cpu_rule;
	char *off_cpu_rule; /* an off-CPU stall no syscall rule maps */
	json_t *models; /* reference held */
};

/* A symbolized frame as the loop logic sees it. */
struct ls_loop_frame {
	const char *function; /* NULL when unnamed */
	const char *module;   /* basename */
};

/* Read every model's `sampler:` section. Unknown syscall names are
 * reported with a warning and skipped. models may be NULL (no data). */
void ls_loop_model_load(struct ls_loop_model *m, json_t *models);
void ls_loop_model_free(struct ls_loop_model *m);

int ls_loop_is_poll(const struct ls_loop_model *m, long nr);
/* A poll syscall that waits with these arguments (args NULL: unknown, so
 * yes): io_uring_enter waits only with IORING_ENTER_GETEVENTS and a
 * min_complete; without, it only submits, and a callback may do that. */
int ls_loop_is_wait(const struct ls_loop_model *m, long nr, const uint64_t *args);
/* The syscall a function makes when it is the innermost frame of a stack
 * (the thread in that syscall, or in its wrapper on the way in or out):
 * one of the models' `wrappers`, or the syscall the function is named
 * after, once one of `wrapper_prefixes` is taken off (glibc's __poll,
 * __GI___poll). -1 for any other function, and for NULL. */
long ls_loop_frame_syscall(const struct ls_loop_model *m, const char *function);
/* Framework (model name) of a frame that belongs to a framework, or NULL. */
const char *ls_loop_frame_framework(const struct ls_loop_model *m, const struct ls_loop_frame *f);
/* Framework whose loop function appears in the stack, or NULL. */
const char *ls_loop_stack_framework(const struct ls_loop_model *m, const struct ls_loop_frame *f,
				    int n);

/* Frames are innermost first. idle (may be NULL) is the thread's stack
 * when idle in its poll. Returns the index of the blamed frame — the
 * first frame, going inward, below the loop's own frames — or -1 when the
 * stack is loop code only (the loop between callbacks, not a stall). */
int ls_loop_blame(const struct ls_loop_model *m, const struct ls_loop_frame *f, int n,
		  const struct ls_loop_frame *idle, int nidle);
/* Was the stack unwound down to the loop's own frames: its outermost
 * frame a thread or process start (runtime function) or the idle stack's
 * outermost frame, or a model's loop function in it? A stack cut short
 * (code without unwind info) says nothing about where the loop is. */
int ls_loop_anchored(const struct ls_loop_model *m, const struct ls_loop_frame *f, int n,
		     const struct ls_loop_frame *idle, int nidle);
/* Same function sequence (the test that a poll is the loop's own poll). */
int ls_loop_same_stack(const struct ls_loop_frame *a, int na, const struct ls_loop_frame *b,
		       int nb);

/* The catalog rule for a stall: frames first (getaddrinfo), then the
 * off-CPU syscall (with what its fd refers to), then the on-CPU or
 * off-CPU catch-all. NULL when nothing maps. */
const char *ls_loop_rule(const struct ls_loop_model *m, const struct ls_loop_frame *f, int n,
			 int offcpu, long nr, const char *fd_kind);

#endif
