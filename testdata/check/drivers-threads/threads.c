/* Threads: a worker without a loop of its own does not run on a loop
 * thread, however much it blocks; a thread that runs its own epoll loop
 * does, and what that loop's body reaches is loop context. */
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

struct job {
	int fd;
	void (*run)(struct job *j);
};

static void compress_file(const char *path)
{
	FILE *f = fopen(path, "r"); /* clean: only the background thread calls this */
	if (f)
		fclose(f); /* clean: background thread */
}

/* A worker without a loop: it sleeps and does file I/O, off the loop. */
static void *background_main(void *arg)
{
	(void)arg;
	for (;;) {
		sleep(1); /* clean: a thread without a loop */
		compress_file("/var/log/old.log");
	}
	return NULL;
}

static void on_io_ready(struct job *j)
{
	usleep(200000); /* expect: blocking-sleep */
	(void)j;
}

static void rotate_log(void)
{
	rename("/var/log/io.log", "/var/log/io.log.1"); /* expect: blocking-file-io */
}

/* An I/O thread with an epoll loop of its own. */
static void *io_thread_main(void *arg)
{
	int epfd = *(int *)arg;
	struct epoll_event ev[8];
	for (;;) {
		int n = epoll_wait(epfd, ev, 8, -1); /* clean: the thread's own wait */
		for (int i = 0; i < n; i++) {
			struct job *j = ev[i].data.ptr;
			j->run(j);
		}
		rotate_log();
	}
	return NULL;
}

static struct job listen_job = {.fd = 0, .run = on_io_ready};

int main(void)
{
	static int epfd;
	pthread_t bg, io;
	epfd = epoll_create1(0);
	struct epoll_event e = {.events = EPOLLIN, .data.ptr = &listen_job};
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &e) < 0)
		return 1;
	if (pthread_create(&bg, NULL, background_main, NULL) != 0)
		return 1;
	if (pthread_create(&io, NULL, io_thread_main, &epfd) != 0)
		return 1;
	if (pthread_join(io, NULL) != 0)
		return 1;
	return 0;
}
