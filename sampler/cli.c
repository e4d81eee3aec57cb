/*
 * cli.c — see cli.h.
 */
#include "sampler/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/catalog.h"
#include "common/util.h"
#include "sampler/report.h"
#include "sampler/session.h"
#include "sampler/svg.h"

static int level(const char *severity)
{
	const char *levels[] = {"note", "warning", "error"};
	for (int i = 0; i < 3; i++)
		if (severity && !strcmp(severity, levels[i]))
			return i;
	return -1;
}

int ls_cli_check(const struct ls_cli_opts *o)
{
	if (o->format && strcmp(o->format, "text") && strcmp(o->format, "json")) {
		ls_error("--format must be text or json, not '%s'", o->format);
		return -1;
	}
	if (o->fail_on && level(o->fail_on) < 0) {
		ls_error("--fail-on must be note, warning or error, not '%s'", o->fail_on);
		return -1;
	}
	/* A value given must be a finite number above 0: 0, nan and inf
	 * would otherwise mean "the default" or "never stop". */
	const struct {
		const char *name;
		double v, max;
		int given;
	} nums[] = {{"--duration", o->duration, HUGE_VAL, o->duration_set},
		    {"--threshold", o->threshold, HUGE_VAL, o->threshold_set},
		    {"--rate", o->rate, 10000, o->rate_set}};
	for (size_t i = 0; i < LS_ARRAY_LEN(nums); i++)
		if (nums[i].given && !(isfinite(nums[i].v) && nums[i].v > 0 && nums[i].v <= nums[i].max)) {
			char most[32] = "";
			if (isfinite(nums[i].max))
				snprintf(most, sizeof most, " and at most %g", nums[i].max);
			ls_error("%s must be a finite number above 0%s, not '%g'", nums[i].name, most,
				 nums[i].v);
			return -1;
		}
	if (o->method && strcmp(o->method, "perf") && strcmp(o->method, "ptrace")) {
		ls_error("--method must be perf or ptrace, not '%s'", o->method);
		return -1;
	}
	if (o->thread_set && o->thread <= 0) {
		ls_error("--thread must be a thread id (1 or more), not '%d'", o->thread);
		return -1;
	}
	return 0;
}

/* Write one of the extra outputs (folded stacks, SVG) to path. */
static int write_with(const char *path, struct ls_session *s,
		      int (*writer)(struct ls_session *, FILE *))
{
	FILE *f = ls_output_open(path);
	if (!f)
		return -1;
	int rc = writer(s, f);
	if (ls_output_close(f, path) < 0)
		rc = -1;
	return rc;
}

int ls_cli_sample(pid_t pid, int release_fd, const struct ls_cli_opts *o, int *target_status)
{
	int own_child = release_fd >= 0;
	/* From here on SIGINT, SIGTERM and SIGHUP wait for the session loop,
	 * which detaches and reports: one arriving during start-up (rule
	 * data, seizing) must not end loopscope with the target half-held. */
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, NULL);
	*target_status = -1;
	struct ls_catalog cat;
	int have_cat = ls_catalog_load(&cat, o->models.v, o->models.n) == 0;
	if (!have_cat)
		ls_warning("continuing without rule data: no loop models, no fixes");
	/* LOOPSCOPE_METHOD sets the default, so a test suite can run every
	 * sampler test on either path. */
	const char *method = o->method ? o->method : getenv("LOOPSCOPE_METHOD");
	struct ls_session_opts so = {o->duration, o->threshold, o->rate, (pid_t)o->thread,
				     o->live ? stderr : NULL,
				     !method || !*method         ? LS_METHOD_AUTO
				     : !strcmp(method, "perf")   ? LS_METHOD_PERF
				     : !strcmp(method, "ptrace") ? LS_METHOD_PTRACE
								 : LS_METHOD_AUTO};
	struct ls_session s;
	if (ls_session_start(&s, pid, own_child, &so, have_cat ? &cat : NULL) < 0) {
		if (release_fd >= 0)
			close(release_fd);
		if (have_cat)
			ls_catalog_free(&cat);
		return 2;
	}
	if (release_fd >= 0)
		close(release_fd);
	ls_session_run(&s);
	if (s.end == LS_END_EXITED)
		*target_status = s.exit_status;
	int rc = 0;
	FILE *out = o->output ? ls_output_open(o->output) : stdout;
	if (!out) {
		rc = 2;
	} else if (o->format && !strcmp(o->format, "json")) {
		json_t *j = ls_report_json(&s);
		json_dumpf(j, out, JSON_INDENT(2));
		fputc('\n', out);
		json_decref(j);
	} else {
		ls_report_text(&s, out);
	}
	if (out && ls_output_close(out, o->output) < 0)
		rc = 2;
	if (o->folded && write_with(o->folded, &s, ls_report_folded) < 0)
		rc = 2;
	if (o->svg && write_with(o->svg, &s, ls_svg_write) < 0)
		rc = 2;
	for (size_t i = 0; rc == 0 && o->fail_on && i < s.nstalls; i++) {
		/* the machine's latency, not a finding about the code */
		if (s.stalls[i].kind == LS_KIND_RUNQUEUE)
			continue;
		const char *sev = s.stalls[i].rule && have_cat
					  ? ls_rule_severity(&cat, s.stalls[i].rule) : "warning";
		if (level(sev) >= level(o->fail_on))
			rc = 1;
	}
	ls_session_free(&s);
	if (have_cat)
		ls_catalog_free(&cat);
	return rc;
}

int ls_cli_run(const struct ls_cli_opts *o, const struct ls_strlist *prog)
{
	int rc = 0;
	if (ls_cli_check(o) < 0)
		return 2;
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0) {
		ls_error("pipe: %s", strerror(errno));
		return 2;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		ls_error("fork: %s", strerror(errno));
		close(go[0]);
		close(go[1]);
		return 2;
	}
	if (pid == 0) {
		char c;
		close(go[1]);
		/* Wait until the parent has seized us (or died: EOF). */
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;
		char **av = ls_xcalloc((size_t)prog->n + 1, sizeof *av);
		for (int i = 0; i < prog->n; i++)
			av[i] = (char *)prog->v[i];
		execvp(av[0], av);
		fprintf(stderr, "loopscope: error: cannot run %s: %s\n", av[0], strerror(errno));
		_exit(127);
	}
	close(go[0]);
	/* ls_cli_sample closes go[1] once the child is seized: it then execs
	 * under our eyes, and the session follows it through the exec. */
	int status = -1;
	int sample_rc = ls_cli_sample(pid, go[1], o, &status);
	if (status == -1) {
		/* Not seized, or sampling ended before the program: wait for it
		 * (it runs untraced) so its status is still ours to forward. A
		 * program that stopped itself (SIGSTOP) would make that wait
		 * endless: it is left stopped, as a shell leaves a stopped job. */
		while (waitpid(pid, &status, WUNTRACED) < 0 && errno == EINTR)
			;
	}
	if (status != -1 && WIFSTOPPED(status)) {
		const char *sig = sigabbrev_np(WSTOPSIG(status));
		ls_warning("%s (PID %d) is stopped (SIG%s), left stopped and untraced; "
			   "'kill -CONT %d' resumes it", prog->v[0], (int)pid, sig ? sig : "?",
			   (int)pid);
		rc = 128 + WSTOPSIG(status);
	} else if (status != -1) {
		rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	/* A report that could not be written, or a program that could not be
	 * sampled, outranks the program's own status: a script must not take a
	 * lost report for a clean run. */
	if (sample_rc == 2)
		rc = 2;
	return rc;
}
