/* Struct fields and globals holding fds. A read or write on one that only
 * ever holds a regular file's fd (open, openat, creat, fileno of a stream,
 * a copy of a variable holding one) waits for the disk; on one that ever
 * holds a socket, a pipe, a pseudo-file or an fd of unknown origin it is
 * not file I/O. A local fd's open is reported where it is opened. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct replica {
	int dbfd;    /* only ever a file */
	int copyfd;  /* a copy of a local that holds a file */
	int sockfd;  /* only ever a socket */
	int mixed;   /* a file here, a socket there */
	int given;   /* a file here, a caller's fd there */
	int pipefd;  /* one end of a pipe */
	int devnull; /* a pseudo-file */
};

static struct replica rep;
static FILE *logfp;
static int logfd; /* the fd of a stream opened for writing */

static void start_transfer(const char *path)
{
	if ((rep.dbfd = open(path, O_RDONLY)) == -1)
		return;
	int fd = openat(AT_FDCWD, path, O_RDONLY);
	rep.copyfd = fd;
}

static void connect_replica(void)
{
	rep.sockfd = socket(AF_INET, SOCK_STREAM, 0);
	rep.mixed = socket(AF_INET, SOCK_STREAM, 0);
}

static void reopen_mixed(const char *path)
{
	rep.mixed = open(path, O_RDONLY);
}

static void adopt(int fd)
{
	rep.given = fd;
}

static void open_given(const char *path)
{
	rep.given = open(path, O_RDONLY);
}

static void open_pipe(void)
{
	int fds[2];
	if (pipe(fds) == 0) {
		rep.pipefd = fds[0];
		close(fds[1]);
	}
}

static void open_log(void)
{
	logfp = fopen("/var/log/replica.log", "w");
	if (logfp)
		logfd = fileno(logfp);
	rep.devnull = open("/dev/null", O_WRONLY);
}

static void on_readable(void)
{
	char buf[4096];
	if (read(rep.dbfd, buf, sizeof buf) < 0) /* expect: blocking-file-io */
		return;
	if (pread(rep.copyfd, buf, sizeof buf, 0) < 0) /* expect: blocking-file-io */
		return;
	if (read(rep.sockfd, buf, sizeof buf) < 0) /* clean: a socket */
		return;
	if (read(rep.mixed, buf, sizeof buf) < 0) /* clean: a socket too */
		return;
	if (read(rep.given, buf, sizeof buf) < 0) /* clean: also a caller's fd */
		return;
	if (read(rep.pipefd, buf, sizeof buf) < 0) /* clean: a pipe */
		return;
	if (write(rep.devnull, buf, 1) < 0) /* clean: a pseudo-file */
		return;
	if (write(logfd, buf, 1) < 0) /* expect: blocking-file-io */
		return;
	int local = open("/var/lib/replica/state", O_RDONLY); /* expect: blocking-file-io */
	if (local >= 0) {
		if (read(local, buf, sizeof buf) < 0) /* clean: its open is reported above */
			buf[0] = 0;
		close(local);
	}
}

int main(int argc, char **argv)
{
	start_transfer(argc > 1 ? argv[1] : "dump.rdb");
	connect_replica();
	reopen_mixed("other.rdb");
	adopt(argc);
	open_given("given.rdb");
	open_pipe();
	open_log();
	int ep = epoll_create1(0);
	struct epoll_event ev[8];
	for (;;) {
		int n = epoll_wait(ep, ev, 8, -1); /* clean: the loop's own wait */
		for (int i = 0; i < n; i++)
			on_readable();
	}
}
