/*
 * loopdetect.c — see loopdetect.h. The `sampler:` keys are documented in
 * rules/README.md; a model without them simply teaches the sampler
 * nothing, and a hand-written loop is still found by its idle poll.
 */
#include "sampler/loopdetect.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "common/util.h"
#include "sampler/proc.h"

static void add_globs(struct ls_loop_glob **v, size_t *n, json_t *list, const char *fw)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (!json_is_string(e))
			continue;
		*v = ls_xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = (struct ls_loop_glob){ls_xstrdup(json_string_value(e)), fw};
	}
}

static long syscall_nr_or_warn(const char *name, const char *model)
{
	long nr = ls_proc_syscall_nr(name);
	if (nr < 0)
		ls_warning("model %s: sampler: unknown syscall '%s' ignored", model, name);
	return nr;
}

static void load_one(struct ls_loop_model *m, json_t *model)
{
	json_t *s = json_object_get(model, "sampler");
	const char *fw = json_string_value(json_object_get(model, "model"));
	if (!json_is_object(s) || !fw)
		return;
	add_globs(&m->loop_fns, &m->nloop_fns, json_object_get(s, "loop_functions"), fw);
	add_globs(&m->fw_fns, &m->nfw_fns, json_object_get(s, "functions"), fw);
	add_globs(&m->fw_modules, &m->nfw_modules, json_object_get(s, "modules"), fw);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(s, "runtime_functions"), i, e) {
		if (!json_is_string(e))
			continue;
		m->runtime_fns = ls_xrealloc(m->runtime_fns, (m->nruntime_fns + 1) * sizeof *m->runtime_fns);
		m->runtime_fns[m->nruntime_fns++] = ls_xstrdup(json_string_value(e));
	}
	json_array_foreach(json_object_get(s, "poll_syscalls"), i, e) {
		long nr = json_is_string(e) ? syscall_nr_or_warn(json_string_value(e), fw) : -1;
		if (nr < 0)
			continue;
		m->poll_nrs = ls_xrealloc(m->poll_nrs, (m->npoll + 1) * sizeof *m->poll_nrs);
		m->poll_nrs[m->npoll++] = nr;
	}
	json_array_foreach(json_object_get(s, "syscall_rules"), i, e) {
		const char *sc = json_string_value(json_object_get(e, "syscall"));
		const char *rule = json_string_value(json_object_get(e, "rule"));
		const char *fd = json_string_value(json_object_get(e, "fd"));
		long nr = sc && rule ? syscall_nr_or_warn(sc, fw) : -1;
		if (nr < 0)
			continue;
		m->sysrules = ls_xrealloc(m->sysrules, (m->nsysrules + 1) * sizeof *m->sysrules);
		m->sysrules[m->nsysrules++] =
			(struct ls_loop_sysrule){nr, fd ? ls_xstrdup(fd) : NULL, ls_xstrdup(rule)};
	}
	json_array_foreach(json_object_get(s, "frame_rules"), i, e) {
		const char *fn = json_string_value(json_object_get(e, "function"));
		const char *rule = json_string_value(json_object_get(e, "rule"));
		if (!fn || !rule)
			continue;
		m->frame_rules = ls_xrealloc(m->frame_rules, (m->nframe_rules + 1) * sizeof *m->frame_rules);
		/* .framework carries the rule id here */
		m->frame_rules[m->nframe_rules++] = (struct ls_loop_glob){ls_xstrdup(fn), rule};
	}
	json_array_foreach(json_object_get(s, "wrapper_prefixes"), i, e) {
		if (!json_is_string(e) || !*json_string_value(e))
			continue;
		m->wrapper_prefixes = ls_xrealloc(m->wrapper_prefixes,
						  (m->nwrapper_prefixes + 1) * sizeof *m->wrapper_prefixes);
		m->wrapper_prefixes[m->nwrapper_prefixes++] = ls_xstrdup(json_string_value(e));
	}
	json_array_foreach(json_object_get(s, "wrappers"), i, e) {
		const char *fn = json_string_value(json_object_get(e, "function"));
		const char *sc = json_string_value(json_object_get(e, "syscall"));
		long nr = fn && sc ? syscall_nr_or_warn(sc, fw) : -1;
		if (nr < 0)
			continue;
		m->wrappers = ls_xrealloc(m->wrappers, (m->nwrappers + 1) * sizeof *m->wrappers);
		m->wrappers[m->nwrappers++] = (struct ls_loop_wrapper){ls_xstrdup(fn), nr};
	}
	const char *on = json_string_value(json_object_get(s, "on_cpu_rule"));
	if (on && !m->on_cpu_rule)
		m->on_cpu_rule = ls_xstrdup(on);
	const char *off = json_string_value(json_object_get(s, "off_cpu_rule"));
	if (off && !m->off_cpu_rule)
		m->off_cpu_rule = ls_xstrdup(off);
}

void ls_loop_model_load(struct ls_loop_model *m, json_t *models)
{
	memset(m, 0, sizeof *m);
	if (!models)
		return;
	m->models = json_incref(models);
	size_t i;
	json_t *model;
	json_array_foreach(models, i, model)
		load_one(m, model);
}

static void free_globs(struct ls_loop_glob *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].glob);
	free(v);
}

void ls_loop_model_free(struct ls_loop_model *m)
{
	free_globs(m->loop_fns, m->nloop_fns);
	free_globs(m->fw_fns, m->nfw_fns);
	free_globs(m->fw_modules, m->nfw_modules);
	free_globs(m->frame_rules, m->nframe_rules);
	for (size_t i = 0; i < m->nruntime_fns; i++)
		free(m->runtime_fns[i]);
	free(m->runtime_fns);
	for (size_t i = 0; i < m->nsysrules; i++) {
		free(m->sysrules[i].fd_kind);
		free(m->sysrules[i].rule);
	}
	free(m->sysrules);
	for (size_t i = 0; i < m->nwrapper_prefixes; i++)
		free(m->wrapper_prefixes[i]);
	free(m->wrapper_prefixes);
	for (size_t i = 0; i < m->nwrappers; i++)
		free(m->wrappers[i].glob);
	free(m->wrappers);
	free(m->poll_nrs);
	free(m->on_cpu_rule);
	free(m->off_cpu_rule);
	json_decref(m->models);
	memset(m, 0, sizeof *m);
}

int ls_loop_is_poll(const struct ls_loop_model *m, long nr)
{
	for (size_t i = 0; i < m->npoll; i++)
		if (m->poll_nrs[i] == nr)
			return 1;
	return 0;
}

int ls_loop_is_wait(const struct ls_loop_model *m, long nr, const uint64_t *args)
{
	if (!ls_loop_is_poll(m, nr))
		return 0;
	if (nr != SYS_io_uring_enter || !args)
		return 1;
	return (args[3] & 1) && (unsigned)args[2] > 0; /* IORING_ENTER_GETEVENTS, min_complete */
}

long ls_loop_frame_syscall(const struct ls_loop_model *m, const char *function)
{
	if (!function)
		return -1;
	const char *name = function;
	for (size_t i = 0; i < m->nwrapper_prefixes; i++)
		if (ls_has_prefix(function, m->wrapper_prefixes[i]) &&
		    function[strlen(m->wrapper_prefixes[i])]) {
			name = function + strlen(m->wrapper_prefixes[i]);
			break;
		}
	for (size_t i = 0; i < m->nwrappers; i++)
		if (fnmatch(m->wrappers[i].glob, name, 0) == 0)
			return m->wrappers[i].nr;
	return ls_proc_syscall_nr(name);
}

static const char *match(const struct ls_loop_glob *v, size_t n, const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (fnmatch(v[i].glob, s, 0) == 0)
			return v[i].framework;
	return NULL;
}

const char *ls_loop_frame_framework(const struct ls_loop_model *m, const struct ls_loop_frame *f)
{
	const char *fw = match(m->loop_fns, m->nloop_fns, f->function);
	if (!fw)
		fw = match(m->fw_fns, m->nfw_fns, f->function);
	if (!fw)
		fw = match(m->fw_modules, m->nfw_modules, f->module);
	return fw;
}

const char *ls_loop_stack_framework(const struct ls_loop_model *m, const struct ls_loop_frame *f,
				    int n)
{
	/* Outermost loop function wins: a nested loop still belongs to it. */
	for (int i = n; i-- > 0;) {
		const char *fw = match(m->loop_fns, m->nloop_fns, f[i].function);
		if (fw)
			return fw;
	}
	return NULL;
}

static int is_runtime(const struct ls_loop_model *m, const struct ls_loop_frame *f)
{
	if (!f->function)
		return 0;
	for (size_t i = 0; i < m->nruntime_fns; i++)
		if (!strcmp(m->runtime_fns[i], f->function))
			return 1;
	return 0;
}

static int same_frame(const struct ls_loop_frame *a, const struct ls_loop_frame *b)
{
	if (a->function || b->function)
		return a->function && b->function && !strcmp(a->function, b->function);
	/* Two unnamed frames: the same module is the best we can say. */
	return a->module && b->module && !strcmp(a->module, b->module);
}

int ls_loop_same_stack(const struct ls_loop_frame *a, int na, const struct ls_loop_frame *b,
		       int nb)
{
	if (na != nb)
		return 0;
	for (int i = 0; i < na; i++)
		if (!same_frame(&a[i], &b[i]))
			return 0;
	return 1;
}

int ls_loop_blame(const struct ls_loop_model *m, const struct ls_loop_frame *f, int n,
		  const struct ls_loop_frame *idle, int nidle)
{
	/* Walk from the outermost frame inward. */
	int k = n - 1;
	while (k >= 0 && is_runtime(m, &f[k]))
		k--;
	if (idle && nidle) {
		/* Frames shared with the idle stack are the loop's own. */
		int shared = 0;
		while (shared < n && shared < nidle &&
		       same_frame(&f[n - 1 - shared], &idle[nidle - 1 - shared]))
			shared++;
		if (n - 1 - shared < k)
			k = n - 1 - shared;
		if (shared == nidle)
			return -1; /* the idle stack itself, or deeper inside its poll */
	} else {
		/* No idle stack yet: skip to the outermost loop function. */
		for (int i = k; i >= 0; i--)
			if (match(m->loop_fns, m->nloop_fns, f[i].function)) {
				k = i;
				break;
			}
	}
	while (k >= 0 && (ls_loop_frame_framework(m, &f[k]) || is_runtime(m, &f[k])))
		k--;
	return k;
}

int ls_loop_anchored(const struct ls_loop_model *m, const struct ls_loop_frame *f, int n,
		     const struct ls_loop_frame *idle, int nidle)
{
	if (n <= 0)
		return 0;
	if (is_runtime(m, &f[n - 1]) || ls_loop_stack_framework(m, f, n))
		return 1;
	return idle && nidle && same_frame(&f[n - 1], &idle[nidle - 1]);
}

const char *ls_loop_rule(const struct ls_loop_model *m, const struct ls_loop_frame *f, int n,
			 int offcpu, long nr, const char *fd_kind)
{
	for (int i = 0; i < n; i++) {
		const char *rule = match(m->frame_rules, m->nframe_rules, f[i].function);
		if (rule)
			return rule;
	}
	if (!offcpu)
		return m->on_cpu_rule;
	for (size_t i = 0; i < m->nsysrules; i++) {
		const struct ls_loop_sysrule *r = &m->sysrules[i];
		if (r->nr == nr && (!r->fd_kind || (fd_kind && !strcmp(r->fd_kind, fd_kind))))
			return r->rule;
	}
	return m->off_cpu_rule;
}
