/* A request served in a forked child, or in the process itself when the
 * fork is skipped: the else of `if (A && (pid = fork()) != 0)` runs where
 * fork returned 0 and, without a fork, when A fails (a debug mode that
 * serves in-process, a failed pipe()). Its blocking calls are notes that
 * say so; the parent's side, and a side that is no fork's child, stay
 * warnings. */
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

static int debug_mode;
static int busy;

static void serve_client(int fd)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int up = socket(AF_INET, SOCK_STREAM, 0);
	if (up < 0)
		return;
	connect(up, (struct sockaddr *)&sa, sizeof sa); /* expect-note: blocking-network */
	char buf[512];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n > 0)
		send(up, buf, (size_t)n, 0); /* expect-note: blocking-network */
	close(up);
}

static void accept_one(int listener)
{
	int p[2];
	pid_t pid;
	int fd = accept(listener, NULL, NULL);
	if (fd < 0)
		return;
	if (!debug_mode && pipe(p) == 0 && (pid = fork()) != 0) {
		close(p[1]);
		char a;
		read(p[0], &a, 1);
		close(p[0]);
		sync(); /* expect: blocking-file-io */
		close(fd);
	} else {
		serve_client(fd);
		if (!debug_mode)
			_exit(0);
		close(fd);
	}
}

/* The same shape around a call that is not fork: both sides run here. */
static int try_lock(void)
{
	return busy;
}

static void handle_locked(int fd)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int up = socket(AF_INET, SOCK_STREAM, 0);
	if (up < 0)
		return;
	connect(up, (struct sockaddr *)&sa, sizeof sa); /* expect: blocking-network */
	close(up);
	(void)fd;
}

static void accept_locked(int listener)
{
	int fd = accept(listener, NULL, NULL);
	if (fd < 0)
		return;
	if (!debug_mode && try_lock() != 0) {
		close(fd);
	} else {
		handle_locked(fd);
		close(fd);
	}
}

/* `A || fork() == 0`: the then side is the child's, or A's. */
static void sync_child(void)
{
	sync(); /* expect-note: blocking-file-io */
}

static void start_sync(void)
{
	if (debug_mode || fork() == 0) {
		sync_child();
		if (!debug_mode)
			_exit(0);
	}
}

int main(void)
{
	struct pollfd p[2] = {{.fd = 3, .events = POLLIN}, {.fd = 4, .events = POLLIN}};
	for (;;) {
		if (poll(p, 2, -1) < 0)
			break;
		accept_one(3);
		accept_locked(3);
		start_sync();
	}
	return 0;
}
