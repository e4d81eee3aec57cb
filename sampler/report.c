/*
 * report.c — see report.h. Stalls are grouped for the text report by
 * thread, callback, kind and syscall: on call, "the same callback stalled
 * 11 times in openat" is the finding, not eleven lines.
 */
#include "sampler/report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/strmap.h"
#include "common/util.h"
#include "sampler/proc.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double ls_report_p99(const double *ms, size_t n)
{
	if (!n)
		return 0;
	double *v = ls_xmalloc(n * sizeof *v);
	memcpy(v, ms, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	size_t rank = (size_t)(0.99 * (double)n + 0.999999);
	double r = v[rank ? rank - 1 : 0];
	free(v);
	return r;
}

/* Stalls in the order they began (the session holds them in the order
 * they ended): by start, then end, then thread, then as they ended. */
static const struct ls_session_stall *by_start_base;

static int cmp_by_start(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct ls_session_stall *x = &by_start_base[i], *y = &by_start_base[j];
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	return (i > j) - (i < j);
}

static double dur_ms(const struct ls_session_stall *st)
{
	return (st->end - st->start) * 1e3;
}

static const char *syscall_name(long nr, char *buf, size_t len)
{
	return nr >= 0 ? ls_proc_syscall_name(nr, buf, len) : NULL;
}

void ls_report_missing_add(struct ls_report_missing *r, const struct ls_unw_frame *f)
{
	if (!f->function && !f->mod && f->path) {
		for (size_t j = 0; j < r->nunreadable; j++)
			if (!strcmp(r->unreadable[j], f->path))
				return;
		r->unreadable = ls_xrealloc(r->unreadable, (r->nunreadable + 1) * sizeof *r->unreadable);
		r->unreadable[r->nunreadable++] = f->path;
		return;
	}
	if (f->function || !f->mod)
		return;
	for (size_t j = 0; j < r->n; j++)
		if (r->v[j].mod == f->mod)
			return;
	r->v = ls_xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	r->v[r->n++] = (struct ls_report_missing_mod){f->mod, f->module};
}

void ls_report_missing_text(const struct ls_report_missing *r, const struct ls_sym_cache *c,
			    FILE *f)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ls_sym_module *m = r->v[i].mod;
		const char *path = ls_sym_module_path(m);
		char *hint = ls_sym_missing_hint(c, m);
		if (!strcmp(r->v[i].name, ls_maps_basename(path)))
			fprintf(f, "missing symbols in %s: %s\n", path,
				ls_sym_source_text(ls_sym_module_source(m)));
		else
			fprintf(f, "missing symbols in %s (%s): %s\n", r->v[i].name, path,
				ls_sym_source_text(ls_sym_module_source(m)));
		fprintf(f, "  to name every frame: %s\n", hint);
		free(hint);
	}
	for (size_t i = 0; i < r->nunreadable; i++) {
		size_t n = strlen(r->unreadable[i]);
		int deleted = n > 10 && !strcmp(r->unreadable[i] + n - 10, " (deleted)");
		fprintf(f, "cannot read %s: its frames have no names and may end the stack early%s\n",
			r->unreadable[i],
			deleted ? "; it was deleted or replaced since it was mapped, and reading it "
				  "through /proc/PID/map_files needs CAP_SYS_ADMIN"
				: "");
	}
}

void ls_report_missing_free(struct ls_report_missing *r)
{
	free(r->v);
	free(r->unreadable);
	memset(r, 0, sizeof *r);
}

/* Modules with frames no symbol covers, among the reported stacks. */
static void missing_modules(struct ls_session *s, struct ls_report_missing *r)
{
	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < s->nstalls; i++) {
		int id = s->stalls[i].stack;
		if (id < 0)
			continue;
		for (int k = 0; k < s->stacks[id].n; k++) {
			struct ls_unw_frame f;
			ls_session_frame(s, id, k, 0, &f);
			ls_report_missing_add(r, &f);
		}
	}
}

static const char *end_text(const struct ls_session *s, char *buf, size_t len)
{
	switch (s->end) {
	case LS_END_DURATION: return "duration reached";
	case LS_END_SIGNAL: return "interrupted";
	case LS_END_EXEC: return "target called exec";
	case LS_END_ERROR: return "internal error";
	case LS_END_EXITED:
		if (WIFEXITED(s->exit_status))
			snprintf(buf, len, "target exited with status %d", WEXITSTATUS(s->exit_status));
		else if (WIFSIGNALED(s->exit_status))
			snprintf(buf, len, "target killed by signal %d", WTERMSIG(s->exit_status));
		else
			snprintf(buf, len, "target exited");
		return buf;
	}
	return "";
}

static const char *fix_for(struct ls_session *s, const struct ls_session_stall *st)
{
	if (!st->rule || !s->catalog)
		return NULL;
	return ls_rule_fix(s->catalog, st->rule, st->framework);
}

static int same_group(const struct ls_session_stall *a, const struct ls_session_stall *b)
{
	return a->tid == b->tid && a->kind == b->kind && a->nr == b->nr &&
	       !strcmp(a->callback, b->callback);
}

static void stack_text(struct ls_session *s, int stack, int blame, const char *indent, FILE *f)
{
	for (int k = blame; stack >= 0 && k >= 0; k--) {
		struct ls_unw_frame fr;
		char name[256];
		ls_session_frame(s, stack, k, 1, &fr);
		fprintf(f, "%s%s (%s)", indent, ls_unw_frame_name(&fr, name, sizeof name), fr.module);
		if (fr.file)
			fprintf(f, " %s:%d", ls_display_path(fr.file), fr.line);
		fputc('\n', f);
	}
}

/* "on_request 58% (off-cpu, clock_nanosleep)" */
static void part_text(const struct ls_session_stall *st, const struct ls_session_part *p, FILE *f)
{
	char buf[64];
	const char *sc = syscall_name(p->nr, buf, sizeof buf);
	double d = st->end - st->start;
	fprintf(f, "%s %.0f±%.0f%% (%s%s%s)", p->callback, ls_session_part_share(st, p) * 100,
		d > 0 ? p->precision / d * 100 : 0, p->offcpu ? "off-cpu" : "on-cpu", sc ? ", " : "",
		sc ? sc : "");
}

/* The group of g (its members marked in done) ran other callbacks in the
 * same iterations: the longest such stall's split, each callback's share
 * of its wall time, and the stacks of those not heading the group. */
static void split_text(struct ls_session *s, const struct ls_session_stall *g, const char *done,
		       FILE *f)
{
	const struct ls_session_stall *w = NULL;
	size_t nsplit = 0, count = 0;
	for (size_t j = (size_t)(g - s->stalls); j < s->nstalls; j++)
		if (done[j] && same_group(g, &s->stalls[j])) {
			count++;
			if (s->stalls[j].nparts > 1) {
				nsplit++;
				if (!w || dur_ms(&s->stalls[j]) > dur_ms(w))
					w = &s->stalls[j];
			}
		}
	if (!w)
		return;
	if (count > 1)
		fprintf(f, "    %zu of them ran other callbacks in the same iteration; the %.0f ms one at "
			   "%.2fs: ", nsplit, dur_ms(w), w->start);
	else
		fprintf(f, "    the iteration also ran other callbacks: ");
	for (size_t i = 0; i < w->nparts; i++) {
		fputs(i ? " · " : "", f);
		part_text(w, &w->parts[i], f);
	}
	if (w->nparts_all > w->nparts)
		fprintf(f, " · %zu more", w->nparts_all - w->nparts);
	fputc('\n', f);
	for (size_t i = 1; i < w->nparts; i++) {
		const struct ls_session_part *p = &w->parts[i];
		fprintf(f, "      %s [%s]:\n", p->callback, p->rule ? p->rule : "no rule");
		stack_text(s, p->stack, p->blame, "        ", f);
	}
}

void ls_report_text(struct ls_session *s, FILE *f)
{
	char buf[64];
	fprintf(f, "loopscope: PID %d, %.1f s at %.0f Hz, threshold %.0f ms (%s)\n", (int)s->pid,
		s->elapsed, s->opts.rate_hz, s->opts.threshold_ms, end_text(s, buf, sizeof buf));
	if (s->use_perf)
		fprintf(f, "method: perf (every wait traced: exact iteration edges)\n");
	else
		fprintf(f, "method: ptrace (sampled: edges within the stated precision)%s%s\n",
			s->method_note[0] ? "; perf not used: " : "", s->method_note);
	int any_loop = 0;
	for (size_t ti = 0; ti < s->nthreads; ti++) {
		const struct ls_session_thread *th = &s->threads[ti];
		if (!(th->confirmed || th->forced))
			continue;
		any_loop = 1;
		double *ms = ls_xcalloc(s->nstalls + 1, sizeof *ms);
		size_t n = 0;
		double worst = 0;
		for (size_t i = 0; i < s->nstalls; i++)
			if (s->stalls[i].tid == th->tid) {
				ms[n++] = dur_ms(&s->stalls[i]);
				if (ms[n - 1] > worst)
					worst = ms[n - 1];
			}
		double busy = ls_stall_busy_ratio(&th->seg, s->elapsed);
		fprintf(f, "\nthread %d (%s), %s loop: busy %.0f%%, %zu stall%s", (int)th->tid, th->name,
			th->framework ? th->framework : "?", busy * 100, n, n == 1 ? "" : "s");
		if (n)
			fprintf(f, ", worst %.0f ms, p99 %.0f ms", worst, ls_report_p99(ms, n));
		fputc('\n', f);
		free(ms);
		/* groups, in order of first appearance */
		char *done = ls_xcalloc(s->nstalls + 1, 1);
		for (size_t i = 0; i < s->nstalls; i++) {
			const struct ls_session_stall *g = &s->stalls[i];
			if (done[i] || g->tid != th->tid)
				continue;
			size_t count = 0, ongoing = 0, before = 0;
			double total = 0;
			const struct ls_session_stall *w = g;
			for (size_t j = i; j < s->nstalls; j++)
				if (!done[j] && same_group(g, &s->stalls[j])) {
					done[j] = 1;
					count++;
					ongoing += s->stalls[j].ongoing;
					before += s->stalls[j].before;
					total += dur_ms(&s->stalls[j]);
					if (dur_ms(&s->stalls[j]) > dur_ms(w))
						w = &s->stalls[j];
				}
			const char *sc = syscall_name(w->nr, buf, sizeof buf);
			if (w->kind == LS_KIND_RUNQUEUE)
				fprintf(f, "  %zu x runqueue (the machine gave the thread no CPU; no "
					   "callback to blame): total %.0f ms, worst %.0f ms", count,
					total, dur_ms(w));
			else
				fprintf(f, "  %zu x %s, %s%s%s: total %.0f ms, worst %.0f ms", count,
					w->callback, ls_session_kind_name(w->kind), sc ? " in " : "",
					sc ? sc : "", total, dur_ms(w));
			/* cut off by the end of the run, or begun before attach:
			 * longer than shown */
			if (ongoing)
				fputs(count == 1 ? " (ongoing at the end)" : " (1 ongoing at the end)", f);
			if (before)
				fputs(count == 1 ? " (begun before attach)" : " (1 begun before attach)", f);
			if (w->sched_known)
				fprintf(f, " (worst: %.0f ms on a CPU, %.0f ms waiting for one)",
					w->on_cpu * 1e3, w->runq_wait * 1e3);
			fprintf(f, " [%s]\n", w->rule ? w->rule : "no rule");
			stack_text(s, w->stack, w->blame, "      ", f);
			const char *fix = fix_for(s, w);
			if (fix) {
				size_t len = strcspn(fix, "\n");
				fprintf(f, "    fix: %.*s\n", (int)len, fix);
			}
			split_text(s, g, done, f);
		}
		free(done);
	}
	if (!any_loop)
		fprintf(f, "\nno loop thread found: no thread was seen waiting in a poll syscall "
			   "(use --thread TID to name one)\n");
	else if (!s->nstalls)
		fprintf(f, "\nno stall over %.0f ms\n", s->opts.threshold_ms);
	if (s->unknown)
		fprintf(f, "unknown: %zu sample%s not unwound down to the loop's frames "
			   "(no unwind info?): not counted as the loop coming round\n",
			s->unknown, s->unknown == 1 ? "" : "s");
	if (s->stall_stacks_dropped)
		fprintf(f, "memory cap: the stacks of %zu stall samples past the first %zu are left "
			   "out of --folded and --svg (each stall keeps its hottest)\n",
			s->stall_stacks_dropped, s->stall_stacks_max);
	struct ls_report_missing missing;
	missing_modules(s, &missing);
	ls_report_missing_text(&missing, &s->syms, f);
	ls_report_missing_free(&missing);
}

static json_t *frame_json(struct ls_session *s, int stack, int k)
{
	struct ls_unw_frame fr;
	char name[256];
	ls_session_frame(s, stack, k, 1, &fr);
	return json_pack("{s:s, s:s, s:o, s:o}", "function", ls_unw_frame_name(&fr, name, sizeof name),
			 "module", fr.module, "file", fr.file ? json_string(fr.file) : json_null(),
			 "line", fr.line ? json_integer(fr.line) : json_null());
}

static json_t *stack_json(struct ls_session *s, int stack, int blame)
{
	json_t *a = json_array();
	for (int k = 0; stack >= 0 && k <= blame && k < s->stacks[stack].n; k++)
		json_array_append_new(a, frame_json(s, stack, k));
	return a;
}

/* The stall's callbacks, largest share first (the contract in
 * docs/attach-output.md). */
static json_t *parts_json(struct ls_session *s, const struct ls_session_stall *st)
{
	char buf[64];
	json_t *a = json_array();
	double all = 0;
	for (size_t i = 0; i < st->nparts; i++)
		all += st->parts[i].weight;
	for (size_t i = 0; i < st->nparts; i++) {
		const struct ls_session_part *p = &st->parts[i];
		const char *sc = syscall_name(p->nr, buf, sizeof buf);
		json_array_append_new(a, json_pack("{s:s, s:f, s:f, s:f, s:I, s:f, s:s, s:o, s:o, s:o}",
			"callback", p->callback, "share", ls_session_part_share(st, p),
			"time_ms", p->time * 1e3, "precision_ms", p->precision * 1e3,
			"samples", (json_int_t)p->samples, "sample_share", all > 0 ? p->weight / all : 0,
			"kind", p->offcpu ? "off-cpu" : "on-cpu",
			"syscall", sc ? json_string(sc) : json_null(),
			"stack", stack_json(s, p->stack, p->blame),
			"rule", p->rule ? json_string(p->rule) : json_null()));
	}
	return a;
}

json_t *ls_report_json(struct ls_session *s)
{
	char buf[64];
	json_t *threads = json_array(), *stalls = json_array();
	size_t loops = 0, off = 0, runq = 0;
	for (size_t i = 0; i < s->nthreads; i++) {
		const struct ls_session_thread *th = &s->threads[i];
		int loop = th->confirmed || th->forced;
		loops += loop;
		double busy = ls_stall_busy_ratio(&th->seg, s->elapsed);
		json_array_append_new(threads,
			json_pack("{s:i, s:s, s:o, s:I, s:f}", "tid", (int)th->tid, "name", th->name,
				  "loop", loop && th->framework ? json_string(th->framework)
					  : loop ? json_string("?") : json_null(),
				  "samples", (json_int_t)th->samples, "busy_ratio", busy));
	}
	double *ms = ls_xcalloc(s->nstalls + 1, sizeof *ms), worst = 0, total = 0;
	size_t *order = ls_xcalloc(s->nstalls + 1, sizeof *order);
	for (size_t i = 0; i < s->nstalls; i++)
		order[i] = i;
	by_start_base = s->stalls;
	if (s->nstalls)
		qsort(order, s->nstalls, sizeof *order, cmp_by_start);
	for (size_t i = 0; i < s->nstalls; i++) {
		const struct ls_session_stall *st = &s->stalls[order[i]];
		json_t *stack = stack_json(s, st->stack, st->blame);
		const char *sc = syscall_name(st->nr, buf, sizeof buf);
		const char *fix = fix_for(s, st);
		json_t *o = json_pack("{s:i, s:f, s:f, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:I}",
			"tid", (int)st->tid, "start_s", st->start, "duration_ms", dur_ms(st),
			"kind", ls_session_kind_name(st->kind),
			"syscall", sc ? json_string(sc) : json_null(), "callback",
			st->kind == LS_KIND_RUNQUEUE ? json_null() : json_string(st->callback),
			"stack", stack, "rule", st->rule ? json_string(st->rule) : json_null(),
			"fix", fix ? json_string(fix) : json_null(), "ongoing", st->ongoing,
			"samples", (json_int_t)st->nsamples);
		json_object_set_new(o, "precision_ms", json_real(st->precision * 1e3));
		json_object_set_new(o, "unknown_samples", json_integer((json_int_t)st->unknown));
		json_object_set_new(o, "before_attach", json_boolean(st->before));
		if (st->sched_known) {
			json_object_set_new(o, "on_cpu_ms", json_real(st->on_cpu * 1e3));
			json_object_set_new(o, "runqueue_ms", json_real(st->runq_wait * 1e3));
		}
		if (st->fd_kind)
			json_object_set_new(o, "fd", json_string(st->fd_kind));
		json_object_set_new(o, "callbacks", parts_json(s, st));
		json_array_append_new(stalls, o);
		ms[i] = dur_ms(st);
		total += ms[i];
		if (ms[i] > worst)
			worst = ms[i];
		off += st->kind == LS_KIND_OFF_CPU;
		runq += st->kind == LS_KIND_RUNQUEUE;
	}
	struct ls_report_missing missing;
	missing_modules(s, &missing);
	json_t *sj = json_array(), *mj = json_array();
	static const char *const source[] = {"none", "dynsym", "minidebuginfo", "symtab", "debug"};
	for (size_t i = 0; i < missing.n; i++) {
		const struct ls_sym_module *m = missing.v[i].mod;
		const char *id = ls_sym_module_build_id(m);
		char *hint = ls_sym_missing_hint(&s->syms, m);
		json_array_append_new(sj, json_string(ls_sym_module_path(m)));
		json_array_append_new(mj, json_pack("{s:s, s:s, s:s, s:o, s:s}", "module",
			missing.v[i].name, "path", ls_sym_module_path(m), "symbols",
			source[ls_sym_module_source(m)], "build_id", id ? json_string(id) : json_null(),
			"hint", hint));
		free(hint);
	}
	json_t *uj = json_array();
	for (size_t i = 0; i < missing.nunreadable; i++)
		json_array_append_new(uj, json_string(missing.unreadable[i]));
	ls_report_missing_free(&missing);
	json_t *summary = json_pack("{s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:s, s:o}",
		"loop_threads", (json_int_t)loops, "stalls", (json_int_t)s->nstalls,
		"off_cpu", (json_int_t)off, "on_cpu", (json_int_t)(s->nstalls - off - runq),
		"worst_ms", worst, "p99_ms", ls_report_p99(ms, s->nstalls), "total_ms", total,
		"end", s->end == LS_END_DURATION ? "duration" : s->end == LS_END_SIGNAL ? "signal"
		       : s->end == LS_END_EXITED ? "exited" : s->end == LS_END_EXEC ? "exec" : "error",
		"stripped", sj);
	free(ms);
	free(order);
	json_object_set_new(summary, "missing_symbols", mj);
	json_object_set_new(summary, "unreadable", uj);
	json_object_set_new(summary, "runqueue", json_integer((json_int_t)runq));
	json_object_set_new(summary, "startup_ms", json_real(s->startup * 1e3));
	json_object_set_new(summary, "target_stops", json_integer((json_int_t)s->stops));
	json_object_set_new(summary, "syscall_stops", json_integer((json_int_t)s->pt.sys_stops));
	json_object_set_new(summary, "unknown_samples", json_integer((json_int_t)s->unknown));
	json_object_set_new(summary, "stall_stacks_dropped",
			    json_integer((json_int_t)s->stall_stacks_dropped));
	json_object_set_new(summary, "stacks_held", json_integer((json_int_t)s->nstacks));
	json_object_set_new(summary, "stacks_freed", json_integer((json_int_t)s->stacks_freed));
	if (s->use_perf)
		json_object_set_new(summary, "perf_lost", json_integer((json_int_t)s->perf_lost));
	if (s->end == LS_END_EXITED && WIFEXITED(s->exit_status))
		json_object_set_new(summary, "exit_status", json_integer(WEXITSTATUS(s->exit_status)));
	json_t *j = json_pack("{s:i, s:f, s:f, s:f, s:s, s:o, s:o, s:o}", "pid", (int)s->pid,
			      "duration_s", s->elapsed, "rate_hz", s->opts.rate_hz, "threshold_ms",
			      s->opts.threshold_ms, "method", s->use_perf ? "perf" : "ptrace",
			      "threads", threads, "stalls", stalls, "summary", summary);
	if (s->method_note[0])
		json_object_set_new(j, "method_note", json_string(s->method_note));
	return j;
}

/* Frames of a stack, outermost first, each as ";name" with the
 * separators folded output gives meaning to replaced. */
static char *folded_frames(struct ls_session *s, int id)
{
	struct ls_buf b = {0};
	ls_buf_puts(&b, "");
	for (int k = s->stacks[id].n; k-- > 0;) {
		struct ls_unw_frame fr;
		char name[256];
		ls_session_frame(s, id, k, 0, &fr);
		ls_unw_frame_name(&fr, name, sizeof name);
		for (char *p = name; *p; p++)
			if (*p == ';' || *p == ' ')
				*p = '_';
		ls_buf_addf(&b, ";%s", name);
	}
	return ls_buf_steal(&b);
}

int ls_report_folded(struct ls_session *s, FILE *f)
{
	/* Identical lines (thread name, then the frames' names) aggregated
	 * in first-seen order; linear in the samples: each stack is named
	 * once, each sample costs one hash lookup. */
	struct line {
		char *text;
		size_t count;
	} *lines = NULL;
	size_t nlines = 0, cap = 0;
	char **frames = ls_xcalloc(s->nstacks + 1, sizeof *frames);
	struct ls_strmap index = {0};
	for (size_t i = 0; i < s->nstalls; i++) {
		const struct ls_session_stall *st = &s->stalls[i];
		const struct ls_session_thread *th = ls_session_thread_of(s, st->tid);
		for (size_t j = 0; j < st->nstacks; j++) {
			int id = st->stacks[j];
			if (!frames[id])
				frames[id] = folded_frames(s, id);
			char *text = ls_xasprintf("%s%s", th ? th->name : "?", frames[id]);
			size_t n = (size_t)(uintptr_t)ls_strmap_get(&index, text);
			if (!n) {
				if (nlines == cap) {
					cap = cap ? cap * 2 : 64;
					lines = ls_xrealloc(lines, cap * sizeof *lines);
				}
				lines[nlines++] = (struct line){text, 0};
				n = nlines;
				ls_strmap_put(&index, text, (void *)(uintptr_t)n);
			} else {
				free(text);
			}
			lines[n - 1].count++;
		}
	}
	int rc = 0;
	for (size_t i = 0; i < nlines; i++) {
		if (fprintf(f, "%s %zu\n", lines[i].text, lines[i].count) < 0)
			rc = -1;
		free(lines[i].text);
	}
	free(lines);
	for (size_t i = 0; i < s->nstacks; i++)
		free(frames[i]);
	free(frames);
	ls_strmap_free(&index, NULL);
	return rc;
}
