/* noise-selfpipe/selfpipe.c: signals forwarded to the loop through a
 * pipe (the self-pipe trick). The handler maps each signal to an event
 * code and writes it into the pipe; the loop reads the code back and
 * switches on it. A code only the handler sends for an operator's signal
 * (SIGHUP, SIGUSR1) gates its case: the reload and the dump are notes. The
 * codes of SIGCHLD and SIGALRM (nobody asked for those), a code a data
 * callback queues too, and a request read from a client socket are
 * reported, as is what a function does with an argument only such a
 * code's case passes (open_journal), while one only the operator's case
 * passes (open_output) is a note. A code the program sends once before its loop (EV_INIT)
 * spoils no gate: the reload falls through into its case. The last case
 * ends the process; the cases before it are still loop context. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#define EV_RELOAD 1
#define EV_DUMP 2
#define EV_CHILD 3
#define EV_ALARM 4
#define EV_FLUSH 5
#define EV_INIT 6
#define EV_TERM 7
#define EV_REOPEN 8

struct event_msg {
	int event;
	int data;
};

struct request {
	int op;
	int len;
};

static volatile int pipewrite;
static char *output_path = "/var/log/app/out";
static char *journal_path = "/var/lib/app/journal";

static void send_event(int fd, int event, int data)
{
	struct event_msg m;
	m.event = event;
	m.data = data;
	while (write(fd, &m, sizeof m) == -1)
		;
}

static void queue_event(int event)
{
	send_event(pipewrite, event, 0);
}

static void sig_handler(int sig)
{
	int event;
	if (sig == SIGHUP)
		event = EV_RELOAD;
	else if (sig == SIGUSR1)
		event = EV_DUMP;
	else if (sig == SIGCHLD)
		event = EV_CHILD;
	else if (sig == SIGALRM)
		event = EV_ALARM;
	else if (sig == SIGTERM)
		event = EV_TERM;
	else if (sig == SIGUSR2)
		event = EV_REOPEN;
	else
		return;
	send_event(pipewrite, event, 0);
}

static void reload_config(void)
{
	FILE *f = fopen("/etc/app/app.conf", "r"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f);
}

static void load_hosts(void)
{
	FILE *f = fopen("/etc/app/hosts", "r"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f);
}

static void dump_cache(void)
{
	FILE *f = fopen("/var/lib/app/cache.dump", "w"); /* expect-note: blocking-file-io */
	if (f)
		fclose(f); /* expect-note: blocking-file-io */
}

static void write_leases(void)
{
	FILE *f = fopen("/var/lib/app/leases", "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}

static void flush_stats(void)
{
	FILE *f = fopen("/var/lib/app/stats", "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}

/* reached on SIGHUP and straight from the packet path */
static void read_zone(void)
{
	FILE *f = fopen("/var/lib/app/zone", "r"); /* expect: blocking-file-io */
	if (f)
		fclose(f);
}

static void purge_cache(void)
{
	FILE *f = fopen("/var/lib/app/purged", "w"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* expect: blocking-file-io */
}

/* on the way out only: not reported */
static void save_on_exit(void)
{
	FILE *f = fopen("/var/lib/app/final", "w");
	if (f)
		fclose(f);
}

/* opens a file only when given one: the packet path passes NULL, the
 * operator's reopen (SIGUSR2) a name */
static void open_output(const char *path)
{
	if (path) {
		FILE *f = fopen(path, "w"); /* expect-note: blocking-file-io */
		if (f)
			fclose(f); /* expect-note: blocking-file-io */
	}
}

/* the same, but the name comes with a code a data callback queues */
static void open_journal(const char *path)
{
	if (path) {
		FILE *f = fopen(path, "w"); /* expect: blocking-file-io */
		if (f)
			fclose(f); /* expect: blocking-file-io */
	}
}

static void async_event(int fd)
{
	struct event_msg m;
	if (read(fd, &m, sizeof m) != sizeof m)
		return;
	switch (m.event) {
	case EV_RELOAD:
		reload_config();
		read_zone();
		/* fall through */
	case EV_INIT:
		load_hosts();
		break;
	case EV_DUMP:
		dump_cache();
		break;
	case EV_CHILD:
		sleep(1); /* expect: blocking-sleep */
		break;
	case EV_ALARM:
		write_leases();
		break;
	case EV_FLUSH:
		flush_stats();
		open_journal(journal_path);
		break;
	case EV_REOPEN:
		open_output(output_path);
		break;
	case EV_TERM:
		/* the process ends here: no stall of a live loop, and the
		 * cases above still run on it */
		save_on_exit();
		exit(0);
	}
}

/* a client's request: its op is whatever the peer sent */
static void client_request(int fd)
{
	struct request r;
	if (recv(fd, &r, sizeof r, 0) != sizeof r)
		return;
	switch (r.op) {
	case EV_RELOAD:
		purge_cache();
		break;
	}
}

static void handle_packet(int fd)
{
	char buf[512];
	if (recv(fd, buf, sizeof buf, 0) > 0 && !strncmp(buf, "flush", 5))
		queue_event(EV_FLUSH);
	if (buf[0] == 'z')
		read_zone();
	open_output(NULL);
	open_journal(NULL);
}

int main(void)
{
	int pipefd[2];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sig_handler;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	if (pipe(pipefd) < 0)
		return 1;
	pipewrite = pipefd[1];
	send_event(pipewrite, EV_INIT, 0);
	struct pollfd fds[3] = {{pipefd[0], POLLIN, 0}, {0, POLLIN, 0}, {3, POLLIN, 0}};
	for (;;) {
		if (poll(fds, 3, -1) < 0)
			continue;
		if (fds[0].revents & POLLIN)
			async_event(pipefd[0]);
		if (fds[1].revents & POLLIN)
			handle_packet(fds[1].fd);
		if (fds[2].revents & POLLIN)
			client_request(fds[2].fd);
	}
}
