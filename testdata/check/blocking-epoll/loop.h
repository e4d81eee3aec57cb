#ifndef LOOP_H
#define LOOP_H
/* A hand-written epoll loop: each watched fd carries a table of handlers. */
struct handler_ops {
	void (*on_readable)(int fd, void *ctx);
	void (*on_writable)(int fd, void *ctx);
};

struct watch {
	int fd;
	const struct handler_ops *ops;
	void *ctx;
};

typedef void (*deferred_fn)(void *arg);

int loop_add(int epfd, struct watch *w);
void loop_run(int epfd);
void loop_defer(deferred_fn fn, void *arg);
#endif
