/* noise-resources: handle-leak where the path, the owner or the value
 * says there is none. A path needing a flag both set and clear cannot
 * run; descriptors 0..2 after dup2 onto them are the standard streams;
 * a FILE * stored through an out-parameter and an fd stored into a
 * struct the caller keeps are handed on. Beside each, the real leak. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

#define JOB_PTY 0x1

struct job {
	int fd;
};

/* clean: the socketpair exists only without JOB_PTY, and out[1] is
 * closed and out[0] handed on exactly then */
int job_run(struct job *job, int flags, int master)
{
	int out[2];
	if (flags & JOB_PTY) {
		if (master < 0)
			return -1;
	} else {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, out) != 0)
			return -1;
	}
	if (~flags & JOB_PTY) {
		close(out[1]);
		job->fd = out[0];
	} else
		job->fd = master;
	return 0;
}

/* reported: the flag does not decide the release here */
int job_run_bad(struct job *job, int flags, int verbose)
{
	int out[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, out) != 0) /* expect: handle-leak */
		return -1;
	if (verbose & JOB_PTY) {
		close(out[1]);
		job->fd = out[0];
	}
	return flags;
}

/* clean: when fd is 0..2 it is one of the standard streams dup2 set */
int daemon_streams(void)
{
	int fd = open("/dev/null", O_RDWR);
	if (fd == -1)
		return -1;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

/* reported: a larger fd is kept open on the other branch */
int keep_high(void)
{
	int fd = open("/dev/null", O_RDWR); /* expect: handle-leak */
	if (fd == -1)
		return -1;
	if (fd > 10)
		close(fd);
	return 0;
}

/* clean: the stream goes to the caller through pf */
int open_log(FILE **pf, const char *path)
{
	*pf = fopen(path, "a");
	return *pf == NULL ? -1 : 0;
}

/* reported: a local stream dropped on the error path */
int read_header(const char *path, char *buf, int n)
{
	FILE *f = fopen(path, "r"); /* expect: handle-leak */
	if (f == NULL)
		return -1;
	if (fgets(buf, n, f) == NULL)
		return -1;
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	struct job j;
	FILE *log;
	char buf[64];
	(void)argv;
	/* once per argument: what leaks here grows */
	for (int i = 0; i < argc; i++) {
		if (job_run(&j, 0, -1) == 0)
			close(j.fd);
		if (job_run_bad(&j, 0, 1) == 0)
			close(j.fd);
		daemon_streams();
		keep_high();
		if (open_log(&log, "/tmp/x.log") == 0)
			fclose(log);
		if (read_header("/etc/hostname", buf, sizeof buf) < 0)
			return 1;
	}
	return 0;
}
