/* The server: its callback syncs a journal; it logs to a file. */
#include <unistd.h>

#include "loop.h"

static int journal = -1;

static void on_client(int fd)
{
	char buf[512];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n > 0 && write(journal, buf, (size_t)n) == n)
		fsync(journal); /* expect: blocking-file-io */
}

int main(void)
{
	log_open("/var/log/server.log");
	loop_watch(0, on_client);
	loop_run();
	return 0;
}
