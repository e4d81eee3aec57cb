/* noise-sockets: a socket the program makes non-blocking through its own
 * helper (in another file, or through a helper calling that helper) does
 * not block, nor does a netlink socket, which the kernel answers in the
 * call; also through a helper that takes the fd's address
 * (`socket_nonblock(&fd)`, which does `fcntl(*sock, ...)`). A socket handed
 * only to a helper that sets other flags (by value or by address), and a
 * UDP socket never made non-blocking, are still reported. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <string.h>
#include <event2/event.h>
#include "util.h"

static int relay_fd = -1, ctl_fd = -1, kern_fd = -1, plain_fd = -1, exec_fd = -1;
static int addr_fd = -1, addrexec_fd = -1;

static void open_sockets(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd != -1 && !make_nonblocking(fd))
		fd = -1;
	relay_fd = fd;
	ctl_fd = socket(AF_INET, SOCK_DGRAM, 0);
	prepare_socket(ctl_fd);
	kern_fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	plain_fd = socket(AF_INET, SOCK_DGRAM, 0);
	exec_fd = socket(AF_INET, SOCK_DGRAM, 0);
	make_cloexec(exec_fd);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (socket_nonblock(&s) == 0)
		addr_fd = s;
	int t = socket(AF_INET, SOCK_DGRAM, 0);
	if (socket_cloexec(&t) == 0)
		addrexec_fd = t;
}

static void on_packet(evutil_socket_t fd, short what, void *arg)
{
	char buf[512];
	struct sockaddr_in to;
	(void)what;
	(void)arg;
	memset(&to, 0, sizeof to);
	ssize_t n = recv(fd, buf, sizeof buf, 0); /* clean: an fd of unknown mode, woken by readiness */
	if (n <= 0)
		return;
	sendto(relay_fd, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof to); /* clean: make_nonblocking */
	sendto(ctl_fd, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof to);   /* clean: prepare_socket */
	send(kern_fd, buf, (size_t)n, 0);                                       /* clean: netlink */
	recv(kern_fd, buf, sizeof buf, 0);                                      /* clean: netlink */
	sendto(plain_fd, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof to); /* expect: blocking-network */
	sendto(exec_fd, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof to);  /* expect: blocking-network */
	sendto(addr_fd, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof to);  /* clean: socket_nonblock(&s) */
	sendto(addrexec_fd, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof to); /* expect: blocking-network */
}

int main(void)
{
	struct event_base *base = event_base_new();
	open_sockets();
	struct event *ev = event_new(base, 0, EV_READ | EV_PERSIST, on_packet, NULL);
	if (event_add(ev, NULL) != 0)
		return 1;
	event_base_dispatch(base);
	return 0;
}
