/* Loop APIs called from worker threads: libuv's thread pool and a plain
 * pthread. Only uv_async_send may cross threads. */
#include <pthread.h>
#include <stdlib.h>
#include <uv.h>

struct job {
	uv_work_t req;
	uv_timer_t *timer;
	uv_async_t *done;
	uv_fs_t fs;
};

static void on_timer(uv_timer_t *t)
{
	(void)t;
}

static void rearm(struct job *j)
{
	uv_timer_start(j->timer, on_timer, 10, 0); /* expect: thread-affinity */
}

static void work_cb(uv_work_t *req)
{
	struct job *j = req->data;
	uv_fs_open(req->loop, &j->fs, "/tmp/x", 0, 0, NULL); /* clean: synchronous request, no loop state */
	uv_fs_req_cleanup(&j->fs);                            /* clean: thread-safe */
	rearm(j);
	uv_async_send(j->done); /* clean: the thread-safe way back */
}

static void after_work(uv_work_t *req, int status)
{
	(void)status;
	struct job *j = req->data;
	uv_timer_start(j->timer, on_timer, 10, 0); /* clean: runs on the loop thread */
}

static void *poller(void *arg)
{
	uv_handle_t *h = arg;
	uv_close(h, NULL); /* expect: thread-affinity */
	return NULL;
}

/* One loop per thread: this thread creates and runs its own loop, so the
 * loop APIs it calls act on that loop. */
static void *own_loop_thread(void *arg)
{
	(void)arg;
	uv_loop_t l;
	uv_timer_t t;
	if (uv_loop_init(&l) != 0)
		return NULL;
	uv_timer_init(&l, &t);                /* clean: the thread's own loop */
	uv_timer_start(&t, on_timer, 1, 0);   /* clean: the thread's own loop */
	uv_run(&l, UV_RUN_DEFAULT);           /* clean: the thread's own loop */
	uv_loop_close(&l);                    /* clean: the thread's own loop */
	return NULL;
}

static void on_async(uv_async_t *a)
{
	uv_close((uv_handle_t *)a, NULL); /* clean: loop thread */
}

int main(void)
{
	uv_loop_t *loop = uv_default_loop();
	static uv_timer_t timer;
	static uv_async_t done;
	uv_timer_init(loop, &timer);
	uv_async_init(loop, &done, on_async);
	struct job *j = calloc(1, sizeof *j);
	j->timer = &timer;
	j->done = &done;
	j->req.data = j;
	uv_queue_work(loop, &j->req, work_cb, after_work); /* expect: ignored-error */
	pthread_t t;
	pthread_create(&t, NULL, poller, &timer);
	pthread_t t2;
	pthread_create(&t2, NULL, own_loop_thread, NULL);
	return uv_run(loop, UV_RUN_DEFAULT);
}
