/* A temp file removed by a function a signal handler calls too: with
 * from_signal set it opens the file and leaves the fd to the exiting
 * process. Every caller from loop context passes 0: the leak is a note
 * (the handler's call is no loop context's). The same function with a
 * caller from loop context passing 1 leaks. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <event2/event.h>

#include "paramguards.h"

static void remove_temp(pid_t pid, int from_signal)
{
	char path[64];
	snprintf(path, sizeof path, "temp-%d.db", (int)pid);
	if (from_signal) {
		int fd = open(path, O_RDONLY | O_NONBLOCK); /* expect-note: handle-leak */
		(void)fd;
		unlink(path); /* clean: every loop caller passes 0 */
	} else {
		bg_unlink(path);
	}
}

static void remove_spool(pid_t pid, int from_signal)
{
	char path[64];
	snprintf(path, sizeof path, "spool-%d.db", (int)pid);
	if (from_signal) {
		int fd = open(path, O_RDONLY | O_NONBLOCK); /* expect: handle-leak, blocking-file-io */
		(void)fd;
		unlink(path); /* expect: blocking-file-io */
	} else {
		bg_unlink(path);
	}
}

enum lock_mode { LOCK_LOOP, LOCK_SIGNAL };

static void remove_lock(pid_t pid, enum lock_mode mode)
{
	char path[64];
	snprintf(path, sizeof path, "lock-%d", (int)pid);
	if (mode == LOCK_SIGNAL) {
		int fd = open(path, O_RDONLY); /* expect-note: handle-leak */
		(void)fd;
	}
	bg_unlink(path);
}

void temps_remove(pid_t pid)
{
	remove_temp(pid, 0);
	remove_spool(pid, 0);
	remove_spool(pid, 1);
	remove_lock(pid, LOCK_LOOP);
}

static void on_term(int sig)
{
	(void)sig;
	remove_temp(getpid(), 1);
	remove_lock(getpid(), LOCK_SIGNAL);
	_exit(1);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	temps_remove(getpid());
	struct sockaddr sa;
	memset(&sa, 0, sizeof sa);
	peers_connect(&sa, sizeof sa, what);
}

int main(void)
{
	signal(SIGTERM, on_term);
	struct event_base *b = event_base_new();
	if (!b)
		return 1;
	struct event *t = event_new(b, -1, EV_PERSIST, on_tick, NULL);
	if (!t || event_add(t, NULL) < 0)
		return 1;
	event_base_dispatch(b);
	event_free(t);
	event_base_free(b);
	return 0;
}
