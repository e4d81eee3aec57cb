/* Leaks in code that runs once per process: the configuration read
 * before the loop starts, the pid file written on the way out, a one-shot
 * tool mode that main runs instead of the server. A leak there cannot
 * grow: it is a note. Their look-alikes still leak without bound: a file
 * main opens in a loop over its arguments, a helper that a loop callback
 * calls too, a function main calls after a backward goto (a retry), one
 * that calls itself, one whose address is taken (an exit handler), and an
 * acquisition in a loop of its own. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

struct config {
	int port;
	char name[64];
};

static struct config cfg;
static int running = 1;

/* read once, before the loop */
static int config_read(const char *path)
{
	FILE *f = fopen(path, "r"); /* expect-note: handle-leak */
	if (!f)
		return -1;
	if (fscanf(f, "%d %63s", &cfg.port, cfg.name) != 2)
		return -1;
	fclose(f);
	return 0;
}

static int config_load(const char *path)
{
	return config_read(path);
}

/* read for every file named on the command line */
static int include_read(const char *path)
{
	FILE *f = fopen(path, "r"); /* expect: handle-leak */
	if (!f)
		return -1;
	char line[128];
	if (!fgets(line, sizeof line, f))
		return -1;
	fclose(f);
	return 0;
}

/* read at startup and again from the loop */
static int stats_read(const char *path)
{
	int fd = open(path, O_RDONLY); /* expect: handle-leak, blocking-file-io */
	if (fd < 0)
		return -1;
	char buf[64];
	if (read(fd, buf, sizeof buf) <= 0) /* also: blocking-file-io */
		return -1;
	close(fd);
	return 0;
}

/* retried by main with a backward goto */
static int lock_take(const char *path)
{
	int fd = open(path, O_RDONLY); /* expect: handle-leak */
	if (fd < 0)
		return -1;
	if (lseek(fd, 0, SEEK_END) < 0)
		return -1;
	close(fd);
	return 0;
}

/* walks a directory tree by calling itself */
static int tree_walk(const char *path, int depth)
{
	FILE *f = fopen(path, "r"); /* expect: handle-leak */
	if (!f)
		return -1;
	if (depth > 0 && tree_walk(path, depth - 1) < 0)
		return -1;
	fclose(f);
	return 0;
}

/* an exit handler: its address is taken */
static void pidfile_remove(void)
{
	int fd = open("server.pid", O_RDONLY); /* expect: handle-leak */
	if (fd < 0)
		return;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return;
	close(fd);
}

/* written once, on the way out */
static void pidfile_write(void)
{
	int fd = open("server.pid", O_WRONLY | O_CREAT, 0644); /* expect-note: handle-leak */
	if (fd < 0)
		return;
	if (write(fd, "1\n", 2) != 2)
		return;
	close(fd);
}

/* a one-shot mode: opens each file in a loop of its own */
static int check_files(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r"); /* expect: handle-leak */
		if (!f)
			return 1;
		if (fgetc(f) == EOF)
			continue;
		fclose(f);
	}
	return 0;
}

/* a one-shot mode, run instead of the server */
static int check_config(const char *path)
{
	FILE *f = fopen(path, "r"); /* expect-note: handle-leak */
	if (!f)
		return 1;
	if (fgetc(f) == EOF)
		return 1;
	fclose(f);
	return 0;
}

static void on_ready(int fd)
{
	char buf[512];
	if (read(fd, buf, sizeof buf) == 0)
		running = 0;
	stats_read("/var/lib/server/stats"); /* also: blocking-file-io */
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "-t"))
		return check_config(argv[2]);
	if (argc > 2 && !strcmp(argv[1], "-T"))
		return check_files(argc - 1, argv + 1);
	if (config_load("server.conf") < 0)
		return 1;
	for (int i = 1; i < argc; i++)
		include_read(argv[i]);
	stats_read("stats");
	tree_walk("conf.d", 2);
	atexit(pidfile_remove);
	int tries = 0;
retry:
	if (lock_take("server.lock") < 0 && ++tries < 3)
		goto retry;
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = 0};
	epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
	while (running) {
		struct epoll_event out[8];
		int n = epoll_wait(ep, out, 8, -1);
		for (int i = 0; i < n; i++)
			on_ready(out[i].data.fd);
	}
	pidfile_write();
	close(ep);
	return 0;
}
