/*
 * run.c — `loopscope run [options] -- PROGRAM ARGS...`: start the program
 * and sample it from its first instruction. The child waits on a pipe
 * until it is seized, so no stall is missed at startup; loopscope then
 * exits with the program's own status (128 + signal if it was killed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "common/opts.h"
#include "common/util.h"
#include "sampler/cli.h"

int cmd_run(int argc, char **argv)
{
	struct ls_cli_opts o = {0};
	const struct ls_opt opts[] = {LS_CLI_SAMPLER_OPTS(&o), LS_OPT_END()};
	const struct ls_cmd_usage usage = {"run", "[options] -- PROGRAM [ARGS...]",
					   "start a program and report its loop stalls"};
	struct ls_args args;
	int rc = ls_opts_parse(argc, argv, opts, &usage, &args, 1);
	if (rc) {
		ls_strlist_free(&o.models);
		return rc > 0 ? 0 : 2;
	}
	/* The program is what follows "--", or the first positional. */
	struct ls_strlist *prog = args.rest.n ? &args.rest : &args.pos;
	if (!prog->n) {
		ls_error("run needs a program: loopscope run [options] -- PROGRAM [ARGS...]");
		rc = 2;
		goto out;
	}
	if (ls_cli_check(&o) < 0) {
		rc = 2;
		goto out;
	}
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0) {
		ls_error("pipe: %s", strerror(errno));
		rc = 2;
		goto out;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		ls_error("fork: %s", strerror(errno));
		rc = 2;
		goto out;
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
	int sample_rc = ls_cli_sample(pid, go[1], &o, &status);
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
out:
	ls_args_free(&args);
	ls_strlist_free(&o.models);
	return rc;
}
