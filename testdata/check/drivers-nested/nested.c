/* What makes a loop an event loop, and what does not:
 * - a loop that runs a whole event loop per pass (a supervisor restarting
 *   the server) is no driver: its body runs when the loop has stopped;
 * - a loop around a function that retries its wait on EINTR is a driver;
 * - a loop that reaches a poll only deep inside a job handler (a blocking
 *   helper five calls down) is no event loop. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <unistd.h>

static int running = 1, epfd;

static void handle_request(int fd)
{
	(void)fd;
	usleep(200000); /* expect: blocking-sleep */
}

/* The event loop: what its body calls runs on the loop thread. */
static void run_server(int fd)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = fd + 1, .events = POLLIN}};
	while (running) {
		if (poll(p, 2, -1) > 0) /* clean: the loop's own wait */
			handle_request(fd);
	}
}

/* Restarts the server after it stops: between two runs, not two waits. */
static void supervise(int fd)
{
	for (;;) {
		run_server(fd);
		sleep(5); /* clean: the loop has stopped */
	}
}

/* The wait, retried on EINTR: the retry loop does not hide it. */
static int wait_events(struct epoll_event *ev, int n)
{
	int r;
	do
		r = epoll_wait(epfd, ev, n, -1); /* clean: the loop's own wait */
	while (r < 0 && errno == EINTR);
	return r;
}

static void tick(void)
{
	sleep(1); /* expect: blocking-sleep */
}

static void *io_main(void *arg)
{
	(void)arg;
	struct epoll_event ev[8];
	for (;;) {
		wait_events(ev, 8);
		tick();
	}
	return NULL;
}

/* A job handler that, five calls down, waits for a peer with a timeout. */
static int wait_peer(int fd)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = fd + 1, .events = POLLIN}};
	return poll(p, 2, 1000); /* clean: only the job thread gets here */
}
static int read_peer(int fd) { return wait_peer(fd); }
static int fetch(int fd) { return read_peer(fd); }
static int refresh(int fd) { return fetch(fd); }
static int process_job(int fd) { return refresh(fd); }

static void *job_main(void *arg)
{
	int fd = *(int *)arg;
	for (;;) {
		process_job(fd);
		usleep(100); /* clean: a worker thread, not a loop */
	}
	return NULL;
}

int main(void)
{
	static int fd;
	pthread_t io, job;
	epfd = epoll_create1(0);
	if (pthread_create(&io, NULL, io_main, NULL) != 0 ||
	    pthread_create(&job, NULL, job_main, &fd) != 0)
		return 1;
	supervise(0);
	return 0;
}

/* A loop that polls with timeout 0 never waits in it: no event loop. */
static void *flusher_main(void *arg)
{
	struct pollfd p[2] = {{.fd = *(int *)arg, .events = POLLOUT}, {.fd = 0, .events = POLLIN}};
	for (;;) {
		poll(p, 2, 0);
		usleep(1000); /* clean: a background thread that only checks */
	}
	return NULL;
}

void start_flusher(int *fd)
{
	pthread_t t;
	if (pthread_create(&t, NULL, flusher_main, fd) != 0)
		return;
}
