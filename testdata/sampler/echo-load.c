/* echo-load.c — loopback load generator for bench/sampler-overhead:
 * CONNS connections each send a 64-byte request and wait for the echo,
 * until REQUESTS round trips are done in total; prints the round trips
 * per second. Usage: echo-load PORT REQUESTS CONNS */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include "fixture.h"

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s PORT REQUESTS CONNS\n", argv[0]);
		return 2;
	}
	int port = atoi(argv[1]), conns = atoi(argv[3]);
	long total = atol(argv[2]), done = 0, sent = 0;
	struct pollfd *p = calloc((size_t)conns, sizeof *p);
	char msg[64], buf[64];
	memset(msg, 'x', sizeof msg);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < conns; i++) {
		p[i].fd = socket(AF_INET, SOCK_STREAM, 0);
		int one = 1;
		setsockopt(p[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (connect(p[i].fd, (struct sockaddr *)&a, sizeof a) < 0) {
			perror("connect");
			return 1;
		}
		p[i].events = POLLIN;
	}
	double start = fx_now();
	for (int i = 0; i < conns && sent < total; i++, sent++)
		if (write(p[i].fd, msg, sizeof msg) != (ssize_t)sizeof msg)
			return 1;
	size_t *got = calloc((size_t)conns, sizeof *got);
	while (done < total) {
		if (poll(p, (nfds_t)conns, 5000) <= 0) {
			fprintf(stderr, "echo-load: server stopped answering\n");
			return 1;
		}
		for (int i = 0; i < conns; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			ssize_t n = read(p[i].fd, buf, sizeof msg - got[i]);
			if (n <= 0)
				return 1;
			got[i] += (size_t)n;
			if (got[i] < sizeof msg)
				continue;
			got[i] = 0;
			done++;
			if (sent < total) {
				sent++;
				if (write(p[i].fd, msg, sizeof msg) != (ssize_t)sizeof msg)
					return 1;
			}
		}
	}
	printf("%.0f\n", (double)total / (fx_now() - start));
	return 0;
}
