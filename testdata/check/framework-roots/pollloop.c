/* The framework of a finding is its root's: this hand-written poll loop is
 * "posix" (its fix talks about the loop's own timers), although the file
 * includes <signal.h>, which pulls in <sys/ucontext.h>: a header a system
 * header includes says nothing of the frameworks the program uses. */
#include <poll.h>
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t running = 1;

void start_timer(void);
void start_task(void);

static struct pollfd fds[8];
static int nfds;

static void handle_ready(int i)
{
	(void)i;
	sleep(1); /* expect: blocking-sleep */
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	fds[nfds++] = (struct pollfd){.fd = 0, .events = POLLIN};
	start_timer();
	start_task();
	while (running) {
		if (poll(fds, (nfds_t)nfds, -1) <= 0)
			continue;
		for (int i = 0; i < nfds; i++)
			if (fds[i].revents & POLLIN)
				handle_ready(i);
	}
	return 0;
}
