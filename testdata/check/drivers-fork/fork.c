/* Work handed to a forked child does not run on the loop thread: the side
 * where fork returned 0 (directly, through a variable, through a function
 * that returns fork's result, or as "case 0" of a switch), and what runs
 * there after an exec. The parent's side does. */
#include <poll.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int pending;

/* Not declared noreturn: the child's calls after it are not cut by it. */
static void child_exit(int code)
{
	if (code >= 0)
		_exit(code);
}

static void write_snapshot(const char *path)
{
	FILE *f = fopen(path, "w"); /* clean: only the forked child calls this */
	if (f) {
		fputs("snapshot\n", f);
		fclose(f); /* clean: forked child */
	}
}

/* Returns fork's result, as a wrapper that also records the child does. */
static int spawn_child(void)
{
	pid_t pid = fork();
	if (pid > 0)
		pending++;
	return pid;
}

static void start_save(void)
{
	int pid;
	if ((pid = spawn_child()) == 0) {
		write_snapshot("/var/lib/dump.tmp");
		child_exit(0);
	} else if (pid > 0) {
		unlink("/var/lib/dump.old"); /* expect: blocking-file-io */
	}
}

static void run_hook(const char *cmd)
{
	switch (fork()) {
	case -1:
		return;
	case 0:
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		write_snapshot("/tmp/exec-failed");
		child_exit(127);
		break;
	default:
		break;
	}
	waitpid(-1, NULL, 0); /* expect: blocking-subprocess */
}

static void compact(void)
{
	pid_t pid = vfork();
	if (!pid) {
		sync(); /* clean: vfork child */
		child_exit(0);
	}
	if (pid)
		sync(); /* expect: blocking-file-io */
}

/* A zero test of a call that is not fork: both sides run on the loop. */
static int count_pending(void)
{
	return pending;
}

static void flush_if_idle(void)
{
	if (count_pending() == 0)
		fsync(1); /* expect: blocking-file-io */
}

int main(void)
{
	struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = 3, .events = POLLIN}};
	for (;;) {
		if (poll(p, 2, -1) < 0) /* clean: the loop's own wait */
			break;
		start_save();
		run_hook("true");
		compact();
		flush_if_idle();
	}
	return 0;
}
