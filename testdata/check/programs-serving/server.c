/* The server: it listens, and each client's callback syncs a journal. */
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"

static int journal = -1;
static off_t journal_end;

static void on_client(int fd)
{
	char req[256];
	ssize_t got = recv(fd, req, sizeof req, MSG_DONTWAIT);
	if (got <= 0)
		return;
	if (pwrite(journal, req, (size_t)got, journal_end) == got) {
		journal_end += got;
		fdatasync(journal); /* expect: blocking-file-io */
	}
	stats_flush();
}

int main(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(7000)};
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s, 128) < 0)
		return 1;
	loop_watch(s, on_client);
	loop_run();
	return 0;
}
