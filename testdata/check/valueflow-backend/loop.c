/* The loop itself knows no wait call: it polls through loop->ops. */
#include "backend.h"

void io_loop_init(struct io_loop *loop, const struct backend_ops *ops)
{
	loop->ops = ops;
	loop->ops->init(loop);
}

void io_loop_watch(struct io_loop *loop, int slot, void (*cb)(struct io_loop *, int))
{
	loop->on_ready[slot & 7] = cb;
}

void io_loop_run(struct io_loop *loop)
{
	for (;;) {
		if (loop->ops->poll(loop, -1) < 0)
			break;
		for (int i = 0; i < loop->nready; i++)
			loop->on_ready[loop->ready[i] & 7](loop, loop->ready[i]);
	}
	loop->ops->shutdown(loop);
}
