/* noise-pseudofiles: /proc, /sys and /dev are served by the kernel from
 * memory, so opening, reading and closing them on the loop thread is not
 * blocking-file-io — whether the path is a literal, a variable holding
 * one, or a buffer a format with such a prefix was written into, and a
 * stream fdopen'ed for reading over an fd opened on one. The same calls on
 * a data file are reported. */
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <event2/event.h>

static struct event_base *base;

/* clean: all pseudo-files */
static long proc_stats(pid_t pid)
{
	char path[64], line[256];
	long n = 0;
	FILE *f = fopen("/proc/self/stat", "r");
	if (f) {
		if (fgets(line, sizeof line, f))
			n++;
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	FILE *g = fopen(path, "r");
	if (g) {
		n += (long)fread(line, 1, sizeof line, g);
		fclose(g);
	}
	const char *rnd = "/dev/urandom";
	int fd = open(rnd, O_RDONLY);
	if (fd >= 0) {
		n += read(fd, line, 16);
		close(fd);
	}
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	int sfd = open(path, O_RDONLY);
	FILE *s = sfd >= 0 ? fdopen(sfd, "r") : NULL;
	if (s) {
		while (fgets(line, sizeof line, s))
			n++;
		fclose(s);
	}
	glob_t gl;
	snprintf(path, sizeof path, "/proc/%d/fd/*", (int)pid);
	if (glob(path, 0, NULL, &gl) == 0) {
		n += (long)gl.gl_pathc;
		globfree(&gl);
	}
	DIR *d = opendir("/sys/class/net");
	if (d) {
		while (readdir(d))
			n++;
		closedir(d);
	}
	struct stat st;
	if (stat("/dev/null", &st) == 0)
		n++;
	return n;
}

/* reported: a data file is on a disk */
static long data_stats(const char *dir)
{
	char path[256], line[256];
	long n = 0;
	snprintf(path, sizeof path, "%s/stats.txt", dir);
	FILE *f = fopen(path, "r"); /* expect: blocking-file-io */
	if (f) {
		if (fgets(line, sizeof line, f)) /* expect: blocking-file-io */
			n++;
		fclose(f); /* clean: opened only for reading */
	}
	if (access(path, R_OK) != 0) /* expect-note: blocking-file-io (metadata) */
		return -1;
	int dfd = open(path, O_RDONLY); /* expect: blocking-file-io */
	FILE *d = dfd >= 0 ? fdopen(dfd, "r") : NULL;
	if (d) {
		if (fgets(line, sizeof line, d)) /* expect: blocking-file-io */
			n++;
		fclose(d); /* clean: opened only for reading */
	}
	FILE *h = fopen("/var/lib/app/state", "r"); /* expect: blocking-file-io */
	if (h)
		fclose(h); /* clean: opened only for reading */
	return n;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	proc_stats(getpid());
	data_stats("/var/lib/app");
}

int main(void)
{
	base = event_base_new();
	if (!base)
		return 1;
	struct event *t = event_new(base, -1, EV_PERSIST, on_tick, NULL);
	struct timeval tv = {1, 0};
	if (!t || event_add(t, &tv) < 0)
		return 1;
	event_base_dispatch(base);
	event_free(t);
	event_base_free(base);
	return 0;
}
