/* A poll of one fd (nfds the constant 1) waits for that fd, as a blocking
 * read or accept would: it multiplexes nothing, so a loop that reaches it
 * is no event loop. A poll over several fds is one, and so is a loop
 * whose body reaches both kinds of wait.
 * - a background crawler thread that flushes its output to one client
 *   (poll for POLLOUT with a timeout) between paced steps: no event loop;
 * - an iterative server (poll on its one listener, then accept and serve):
 *   no event loop either — it serves one source at a time, and a slow
 *   handler delays only that source's next accept, as in a plain blocking
 *   accept loop;
 * - a single-thread poll loop over an array of fds dispatching callbacks,
 *   and one over a constant two fds: event loops, whose callbacks must not
 *   block — not even in a one-fd poll with a timeout. */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- the background crawler: no loop context ---- */

static pthread_mutex_t crawl_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t crawl_cond = PTHREAD_COND_INITIALIZER;
static int crawl_pending, crawl_client = -1;

/* Waits up to a second for the one client to take more output. */
static int crawl_flush(int fd, const char *buf, int len)
{
	struct pollfd to_poll[1];
	to_poll[0].fd = fd;
	to_poll[0].events = POLLOUT;
	int ret = poll(to_poll, 1, 1000); /* clean: a worker waiting on one fd */
	if (ret <= 0)
		return ret;
	return (int)write(fd, buf, (size_t)len);
}

static void crawl_step(void)
{
	usleep(100); /* clean: pacing of a background thread */
}

static void *crawler_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&crawl_lock);
	for (;;) {
		while (!crawl_pending)
			pthread_cond_wait(&crawl_cond, &crawl_lock); /* clean: idle worker */
		crawl_step();
		if (crawl_client >= 0)
			crawl_flush(crawl_client, "item\n", 5);
		usleep(1000); /* clean: pacing of a background thread */
		crawl_pending--;
	}
	return NULL;
}

/* The same flush through ppoll: one fd too. */
static void *flusher_thread(void *arg)
{
	struct pollfd p = {.fd = *(int *)arg, .events = POLLOUT};
	struct timespec ts = {1, 0};
	for (;;) {
		if (ppoll(&p, 1, &ts, NULL) > 0) /* clean: a worker waiting on one fd */
			(void)write(p.fd, "x", 1);
		sleep(1); /* clean: pacing of a background thread */
	}
	return NULL;
}

int start_crawler(int *fd)
{
	pthread_t t, f;
	if (pthread_create(&t, NULL, crawler_thread, NULL) != 0)
		return -1;
	return pthread_create(&f, NULL, flusher_thread, fd);
}

/* ---- an iterative server on one listener: no loop context ---- */

static void serve_client(int c)
{
	char buf[64];
	(void)recv(c, buf, sizeof buf, 0);
	usleep(10); /* clean: serving one client at a time is the design */
	close(c);
}

static void *iterative_server(void *arg)
{
	struct pollfd listener = {.fd = *(int *)arg, .events = POLLIN};
	for (;;) {
		if (poll(&listener, 1, -1) <= 0) /* clean: one fd, like a blocking accept */
			continue;
		int c = accept(listener.fd, NULL, NULL);
		if (c >= 0)
			serve_client(c);
	}
	return NULL;
}

int start_iterative(int *fd)
{
	pthread_t t;
	return pthread_create(&t, NULL, iterative_server, fd);
}

/* ---- a real poll loop over an array of fds: loop context ---- */

struct watch {
	int fd;
	void (*on_ready)(struct watch *w);
};

static struct watch watches[16];
static struct pollfd pfds[16];
static int nwatch;

/* A callback of the real loop waits for one peer fd with a timeout: that
 * one-fd poll makes no loop, but it blocks the loop it runs on. */
static void on_peer(struct watch *w)
{
	struct pollfd p = {.fd = w->fd, .events = POLLOUT};
	if (poll(&p, 1, 500) > 0) /* expect: blocking-network */
		(void)write(w->fd, "ok\n", 3);
}

static void on_log(struct watch *w)
{
	(void)w;
	usleep(200000); /* expect: blocking-sleep */
}

static void add_watch(int fd, void (*cb)(struct watch *))
{
	watches[nwatch].fd = fd;
	watches[nwatch].on_ready = cb;
	pfds[nwatch].fd = fd;
	pfds[nwatch].events = POLLIN;
	nwatch++;
}

static void run_loop(void)
{
	for (;;) {
		int n = poll(pfds, (nfds_t)nwatch, -1); /* clean: the loop's own wait */
		for (int i = 0; n > 0 && i < nwatch; i++)
			if (pfds[i].revents)
				watches[i].on_ready(&watches[i]);
	}
}

/* ---- a listener and a wake-up pipe: two fds, an event loop ---- */

static void drain(int fd)
{
	char b[8];
	(void)read(fd, b, sizeof b);
	sleep(1); /* expect: blocking-sleep */
}

static void *two_fd_loop(void *arg)
{
	int *fds = arg;
	struct pollfd p[2] = {{.fd = fds[0], .events = POLLIN}, {.fd = fds[1], .events = POLLIN}};
	for (;;) {
		if (poll(p, 2, -1) <= 0) /* clean: the loop's own wait */
			continue;
		if (p[0].revents)
			drain(p[0].fd);
		if (p[1].revents)
			drain(p[1].fd);
	}
	return NULL;
}

int main(void)
{
	static int fd, pair[2];
	pthread_t t;
	start_crawler(&fd);
	start_iterative(&fd);
	if (pthread_create(&t, NULL, two_fd_loop, pair) != 0)
		return 1;
	add_watch(0, on_peer);
	add_watch(1, on_log);
	run_loop();
	return 0;
}
