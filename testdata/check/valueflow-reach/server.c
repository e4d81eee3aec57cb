/* The server: its loop calls the interpreter and a backend through a
 * table of operations. Only the tables its own code names feed those
 * calls: the slow backend's table is named only by a function nobody
 * calls. A plugin's entry point, looked up by name, is the server's too. */
#include <dlfcn.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "interp.h"

struct backend_ops {
	void (*handle)(int fd);
};

static void fast_handle(int fd)
{
	(void)fd;
	usleep(200000); /* expect: blocking-sleep */
}

static void slow_handle(int fd)
{
	(void)fd;
	sleep(1); /* clean: its table is named only by use_slow_backend, which nothing calls */
}

static const struct backend_ops fast_ops = {.handle = fast_handle};
static const struct backend_ops slow_ops = {.handle = slow_handle};
static const struct backend_ops *ops = &fast_ops;

void use_slow_backend(void)
{
	ops = &slow_ops;
}

static struct state st;

static void on_event(int fd)
{
	ops->handle(fd);
	interp_call(&st, 0);
}

int main(void)
{
	open_netlib(&st);
	void *plugin = dlopen("./plugin.so", RTLD_NOW);
	int (*plugin_init)(struct state *) = plugin ? (int (*)(struct state *))dlsym(plugin, "plugin_init") : NULL;
	if (plugin_init)
		plugin_init(&st);
	int ep = epoll_create1(0);
	struct epoll_event ev[8];
	for (;;) {
		int n = epoll_wait(ep, ev, 8, -1); /* clean: the loop's own wait */
		for (int i = 0; i < n; i++)
			on_event(ev[i].data.fd);
	}
}
