/* noise-sleeps: a select or poll of no descriptors (nfds the constant 0)
 * waits only for its timeout: it is a sleep, not network I/O, and a loop
 * pacing itself with one is no event loop. Its length is the timeout: a
 * local struct timeval the function sets only to constants (select), or a
 * constant number of ms (poll). Below the stall threshold it is a note; 1 s
 * on a retry is a blocking-sleep warning. The look-alikes stay network
 * waits: a select or poll of a descriptor; and the loop around a select of
 * a descriptor drives what its body calls. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <event2/event.h>

static ssize_t send_retry(int fd, const struct msghdr *msg)
{
	ssize_t res;
	int tries = 0;
again:
	res = sendmsg(fd, msg, MSG_DONTWAIT);
	if (res < 0 && errno == EMSGSIZE && tries++ < 20) {
		struct timeval tv = {1, 0};
		select(0, NULL, NULL, NULL, &tv); /* expect: blocking-sleep */
		goto again;
	}
	return res;
}

static void pauses(int fd)
{
	struct timeval brief;
	brief.tv_sec = 0;
	brief.tv_usec = 10000;
	select(0, NULL, NULL, NULL, &brief); /* expect-note: blocking-sleep */
	poll(NULL, 0, 20); /* expect-note: blocking-sleep */
	poll(NULL, 0, 500); /* expect: blocking-sleep */
	struct timeval grown = {0, 10000};
	grown.tv_usec *= 50;
	select(0, NULL, NULL, NULL, &grown); /* expect: blocking-sleep */

	fd_set r;
	FD_ZERO(&r);
	FD_SET(fd, &r);
	struct timeval wait = {0, 10000};
	select(fd + 1, &r, NULL, NULL, &wait); /* expect: blocking-network */
	struct pollfd p = {fd, POLLIN, 0};
	poll(&p, 1, 20); /* expect: blocking-network */
}

static void on_ready(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	send_retry(fd, arg);
	pauses(fd);
}

/* A loop that paces itself with select(0, ...) waits for no event: what it
 * calls is not loop context. */
static void flush_stats(void)
{
	FILE *f = fopen("stats.txt", "w");
	if (f) {
		fputs("ok\n", f);
		fclose(f);
	}
}

static void pace(void)
{
	for (;;) {
		struct timeval tv = {1, 0};
		select(0, NULL, NULL, NULL, &tv);
		flush_stats();
	}
}

/* The look-alike: a loop around a select of a descriptor drives what its
 * body calls. */
static void serve_one(int fd)
{
	FILE *f = fopen("served.txt", "w"); /* expect: blocking-file-io */
	if (f) {
		fprintf(f, "%d\n", fd);
		fclose(f); /* expect: blocking-file-io */
	}
}

static void serve(int fd)
{
	for (;;) {
		fd_set r;
		FD_ZERO(&r);
		FD_SET(fd, &r);
		if (select(fd + 1, &r, NULL, NULL, NULL) > 0)
			serve_one(fd);
	}
}

int main(int argc, char **argv)
{
	struct event_base *base = event_base_new();
	struct event *ev = event_new(base, 0, EV_READ | EV_PERSIST, on_ready, NULL);
	if (event_add(ev, NULL) != 0)
		return 1;
	if (argc > 2)
		pace();
	if (argc > 1)
		serve(0);
	(void)argv;
	event_base_dispatch(base);
	return 0;
}
