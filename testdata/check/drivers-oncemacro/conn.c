/* A `do { ... } while (0)` runs its body once: it is a statement (the
 * usual body of a statement-like macro), not a loop, so a wait its body
 * reaches makes no loop driver of the function around it.
 * - a thread per connection whose failure macro is
 *   `do { fail_conn(c); goto done; } while (0)`, and whose failure path
 *   drains the connection with a poll of its two sockets: the thread
 *   runs no loop, and the error page it reads blocks that connection
 *   alone;
 * - the same drain in a loop that repeats (`do { ... } while (more)`) is
 *   a driver, and what its body reaches runs on a loop thread;
 * - a `do { ... } while (0)` inside a loop's body is part of that loop's
 *   body. */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct conn {
	int client_fd, server_fd;
	int failed;
};

/* Waits for either socket of one connection, through a wrapper. */
static int wait_conn(struct pollfd *fds, int nfds, int timeout)
{
	return poll(fds, (nfds_t)nfds, timeout);
}

static int drain(struct conn *c)
{
	struct pollfd fds[2] = {{.fd = c->client_fd, .events = POLLIN},
				{.fd = c->server_fd, .events = POLLIN}};
	char buf[512];
	if (wait_conn(fds, 2, 1000) <= 0)
		return -1;
	return (int)read(c->client_fd, buf, sizeof buf);
}

static void send_error_page(struct conn *c)
{
	char line[256];
	FILE *f = fopen("/usr/share/proxy/error.html", "r"); /* clean: a connection's own thread */
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) /* clean: a connection's own thread */
		(void)write(c->client_fd, line, sizeof line);
	fclose(f);
}

static void fail_conn(struct conn *c)
{
	drain(c);
	send_error_page(c);
}

#define FAIL(c)                                                                                    \
	do {                                                                                       \
		fail_conn(c);                                                                      \
		goto done;                                                                         \
	} while (0)

static int read_request(struct conn *c)
{
	return c->client_fd >= 0 ? 0 : -1;
}

static void *conn_thread(void *arg)
{
	struct conn *c = arg;
	if (read_request(c) < 0)
		FAIL(c);
	if (c->server_fd < 0)
		FAIL(c);
done:
	close(c->client_fd);
	free(c);
	return NULL;
}

/* ---- look-alikes: loops that repeat ---- */

static int read_quota(const char *path)
{
	int q = 0;
	FILE *f = fopen(path, "r"); /* expect: blocking-file-io */
	if (!f)
		return -1;
	if (fscanf(f, "%d", &q) != 1) /* expect: blocking-file-io */
		q = -1;
	fclose(f);
	return q;
}

/* A relay thread that drains until the connection says it is done. */
static void *relay_thread(void *arg)
{
	struct conn *c = arg;
	do {
		if (drain(c) < 0)
			break;
		if (read_quota("/etc/proxy/quota") == 0)
			break;
	} while (!c->failed);
	return NULL;
}

static void rotate(void)
{
	char line[64];
	FILE *f = fopen("/etc/proxy/rotate.conf", "r"); /* expect: blocking-file-io */
	if (!f)
		return;
	if (fgets(line, sizeof line, f)) /* expect: blocking-file-io */
		(void)rename("/var/log/proxy/access.log", line); /* expect: blocking-file-io */
	fclose(f);
}

#define ROTATE_IF(cond)                                                                            \
	do {                                                                                       \
		if (cond)                                                                          \
			rotate();                                                                  \
	} while (0)

int main(void)
{
	struct pollfd fds[4] = {{.fd = 3, .events = POLLIN}, {.fd = 4, .events = POLLIN},
				{.fd = 5, .events = POLLIN}, {.fd = 6, .events = POLLIN}};
	int turns = 0;
	for (;;) {
		if (poll(fds, 4, -1) < 0)
			continue;
		ROTATE_IF(++turns % 1000 == 0);
		struct conn *c = calloc(1, sizeof *c);
		if (!c)
			continue;
		c->client_fd = fds[0].fd;
		c->server_fd = -1;
		pthread_t t;
		if (pthread_create(&t, NULL, conn_thread, c) != 0)
			free(c);
		else
			pthread_detach(t);
		if (pthread_create(&t, NULL, relay_thread, c) == 0)
			pthread_detach(t);
	}
	return 0;
}
