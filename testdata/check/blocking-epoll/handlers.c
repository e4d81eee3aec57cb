/* Handlers reached only through the ops table and the deferred pointer. */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <sys/epoll.h>

#include "loop.h"

static void write_audit(const char *msg)
{
	FILE *f = fopen("/var/log/audit.log", "w"); /* expect: blocking-file-io */
	if (!f)
		return;
	fputs(msg, f);
	fclose(f); /* expect: blocking-file-io */
}

static void client_readable(int fd, void *ctx)
{
	(void)ctx;
	char buf[512];
	recv(fd, buf, sizeof buf, MSG_DONTWAIT); /* clean: never blocks */
	write_audit("read\n");
}

static void client_writable(int fd, void *ctx)
{
	(void)ctx;
	struct pollfd p = {.fd = fd, .events = POLLOUT};
	poll(&p, 1, 0);    /* clean: a zero timeout only checks */
	poll(&p, 1, 1000); /* expect: blocking-network */
}

static void flush_stats(void *arg)
{
	(void)arg;
	sleep(1); /* expect: blocking-sleep */
}

/* Not reachable from the loop: only main calls it. */
static void setup_logging(void)
{
	FILE *f = fopen("/etc/logging.conf", "r"); /* clean: runs before the loop */
	if (f)
		fclose(f);
}

static const struct handler_ops client_ops = {
	.on_readable = client_readable,
	.on_writable = client_writable,
};

int main(void)
{
	int epfd = epoll_create1(0);
	static struct watch w;
	setup_logging();
	w.fd = 0;
	w.ops = &client_ops;
	loop_add(epfd, &w);
	loop_defer(flush_stats, NULL);
	usleep(10); /* clean: main */
	loop_run(epfd);
	return 0;
}
