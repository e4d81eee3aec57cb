/* resources-posix/fds.c — handle-leak on file descriptors and FILE*. */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct server {
	int fd;
	int epfd;
};

/* Leak: the socket stays open when connect fails. */
int dial_leaks(const struct sockaddr *sa, socklen_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	if (connect(fd, sa, len) < 0)
		return -1;
	return fd;
}

/* Clean: closed on the error path, returned to the caller otherwise. */
int dial_closes(const struct sockaddr *sa, socklen_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, sa, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Clean: goto cleanup, and the fd stored into the caller's struct. */
int server_open(struct server *s, const struct sockaddr *sa, socklen_t len)
{
	int fd, ep;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd == -1)
		goto fail;
	if (bind(fd, sa, len) != 0)
		goto fail_fd;
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		goto fail_fd;
	s->fd = fd;
	s->epfd = ep;
	return 0;
fail_fd:
	close(fd);
fail:
	return -1;
}

/* Leak: the epoll fd is lost when the second step fails. */
int server_open_leaks(struct server *s, const struct sockaddr *sa, socklen_t len)
{
	int ep = epoll_create1(0); /* expect: handle-leak */
	if (ep < 0)
		return -1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, sa, len) != 0) {
		close(fd);
		close(ep);
		return -1;
	}
	s->fd = fd;
	s->epfd = ep;
	return 0;
}

/* Clean: one fd per iteration, closed before the next. */
long count_bytes(const char *const *paths, int n)
{
	long total = 0;
	for (int i = 0; i < n; i++) {
		int fd = open(paths[i], O_RDONLY);
		if (fd < 0)
			continue;
		char buf[512];
		ssize_t r;
		while ((r = read(fd, buf, sizeof buf)) > 0)
			total += r;
		close(fd);
	}
	return total;
}

/* Leak: the FILE is not closed when the read fails. */
int first_line(const char *path, char *out, int size)
{
	FILE *f = fopen(path, "r"); /* expect: handle-leak */
	if (!f)
		return -1;
	if (!fgets(out, size, f))
		return -1;
	fclose(f);
	return 0;
}

/* Clean: FILE closed on both paths. */
int first_line_ok(const char *path, char *out, int size)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	int r = fgets(out, size, f) ? 0 : -1;
	fclose(f);
	return r;
}

static void close_both(int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

/* Clean: pipe ends released by a helper defined in this file. */
int pipe_helper(void)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	if (write(fds[1], "x", 1) != 1) {
		close_both(fds);
		return -1;
	}
	close_both(fds);
	return 0;
}

/* Leak: the read end of the pipe is never closed. */
int pipe_half(void)
{
	int fds[2];
	if (pipe(fds) < 0) /* expect: handle-leak */
		return -1;
	close(fds[1]);
	return 0;
}

/* Clean: the fd is handed to fdopen, which owns it from then on. */
FILE *wrap_fd(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

/* Clean: an abort() path is not a leak. */
int must_open(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		abort();
	return fd;
}

/* Clean: accept4 result handed to an unknown registration function. */
extern void register_client(int fd);
void on_accept(int lfd)
{
	int c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
	if (c < 0)
		return;
	register_client(c);
}

#include <sys/syscall.h>

static int raw_close(int fd)
{
	return (int)syscall(SYS_close, fd);
}

/* Clean: released through syscall() in a helper (an escape: loopscope
 * cannot see what syscall does with it). */
int via_syscall(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	return raw_close(fd);
}

/* Leak: printing an fd does not hand it on. */
int print_then_leak(const char *path)
{
	int fd = open(path, O_RDONLY); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	printf("opened %d\n", fd);
	return 0;
}

/* Leak: a skipped file leaves its fd open when the loop moves on. */
long sizes(const char *const *paths, int n, long *out)
{
	for (int i = 0; i < n; i++) {
		int fd = open(paths[i], O_RDONLY); /* expect: handle-leak */
		if (fd < 0)
			continue;
		off_t end = lseek(fd, 0, SEEK_END);
		if (end < 0)
			continue;
		out[i] = (long)end;
		close(fd);
	}
	return 0;
}

/* Clean: an accept loop hands every client on. */
extern void serve_client(int fd);
void accept_loop(int lfd)
{
	for (;;) {
		int c = accept(lfd, NULL, NULL);
		if (c < 0)
			break;
		serve_client(c);
	}
}
