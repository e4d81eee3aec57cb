/* A server and, in the same tree, an example program that shares none of
 * its code: the example is no tool of the server (a load generator or
 * test driver links the server's code), so what it blocks on is reported
 * as in a tree of its own. */
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_client(int fd)
{
	char buf[256];
	if (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
		fsync(fd); /* expect: blocking-file-io */
}

int main(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(7200)};
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s, 16) < 0)
		return 1;
	struct pollfd p[2] = {{s, POLLIN, 0}, {0, POLLIN, 0}};
	for (;;) {
		if (poll(p, 2, -1) <= 0)
			continue;
		int c = accept(s, NULL, NULL);
		if (c >= 0) {
			on_client(c);
			close(c);
		}
	}
}
