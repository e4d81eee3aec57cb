/* A loop with pluggable backends: the wait is reached only through the
 * table of operations the loop was created with. */
#ifndef BACKEND_H
#define BACKEND_H

struct io_loop;

struct backend_ops {
	int (*init)(struct io_loop *loop);
	int (*poll)(struct io_loop *loop, int timeout_ms);
	void (*shutdown)(struct io_loop *loop);
};

struct io_loop {
	const struct backend_ops *ops;
	int fd;
	void (*on_ready[8])(struct io_loop *loop, int slot);
	int ready[8];
	int nready;
};

extern const struct backend_ops epoll_backend;

void io_loop_init(struct io_loop *loop, const struct backend_ops *ops);
void io_loop_watch(struct io_loop *loop, int slot, void (*cb)(struct io_loop *, int));
void io_loop_run(struct io_loop *loop);

#endif
