/* noise-selfpipe/direct.c: handlers installed with signal() that store
 * their code straight into the message they write to a socketpair. The
 * SIGHUP handler's code gates the loop's reload (a note); the SIGCHLD
 * handler's does not. A second channel whose code a data callback also
 * sets from what it parsed holds nothing back: any code may arrive. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>

enum { NOTE_RELOAD = 1, NOTE_CHILD = 2 };
enum { CMD_RELOAD = 1, CMD_STATS = 2 };

struct note {
	int what;
};

struct command {
	int code;
};

static int note_fd, cmd_fd;

static void on_hup(int sig)
{
	struct note n;
	(void)sig;
	n.what = NOTE_RELOAD;
	(void)write(note_fd, &n, sizeof n);
}

static void on_chld(int sig)
{
	struct note n;
	(void)sig;
	n.what = NOTE_CHILD;
	(void)write(note_fd, &n, sizeof n);
}

static void on_usr1(int sig)
{
	struct command c;
	(void)sig;
	c.code = CMD_RELOAD;
	(void)write(cmd_fd, &c, sizeof c);
}

static void reread_rules(void)
{
	FILE *f = fopen("/etc/app/rules", "r"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f);
}

static void reread_acl(void)
{
	FILE *f = fopen("/etc/app/acl", "r"); /* expect: blocking-file-io */
	if (f)
		fclose(f);
}

static void on_note(int fd)
{
	struct note n;
	if (read(fd, &n, sizeof n) != sizeof n)
		return;
	switch (n.what) {
	case NOTE_RELOAD:
		reread_rules();
		break;
	case NOTE_CHILD:
		usleep(300000); /* expect: blocking-sleep */
		break;
	}
}

static void on_command(int fd)
{
	struct command c;
	if (read(fd, &c, sizeof c) != sizeof c)
		return;
	switch (c.code) {
	case CMD_RELOAD:
		reread_acl();
		break;
	}
}

/* a client's line becomes a command code: anything the peer sent */
static void on_client(int fd)
{
	char buf[64];
	struct command c;
	ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return;
	buf[n] = 0;
	c.code = atoi(buf);
	(void)write(cmd_fd, &c, sizeof c);
}

int main(void)
{
	int sv[2], cv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, cv) < 0)
		return 1;
	note_fd = sv[1];
	cmd_fd = cv[1];
	signal(SIGHUP, on_hup);
	signal(SIGCHLD, on_chld);
	signal(SIGUSR1, on_usr1);
	struct pollfd fds[3] = {{sv[0], POLLIN, 0}, {cv[0], POLLIN, 0}, {4, POLLIN, 0}};
	for (;;) {
		if (poll(fds, 3, -1) < 0)
			continue;
		if (fds[0].revents & POLLIN)
			on_note(fds[0].fd);
		if (fds[1].revents & POLLIN)
			on_command(fds[1].fd);
		if (fds[2].revents & POLLIN)
			on_client(fds[2].fd);
	}
}
