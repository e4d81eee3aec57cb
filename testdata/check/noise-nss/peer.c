/* noise-nss: user and group lookups go through the name service switch:
 * local files answer at once, LDAP/SSSD/winbind make each one a network
 * round trip. The code cannot tell which a machine has, so a lookup in
 * loop context is a note, where a host name lookup next to it is a
 * warning. A lookup at startup, before the loop runs, is neither. */
#define _GNU_SOURCE
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <event2/event.h>

static int peer_is(int fd, const char *user)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return 0;
	struct passwd *pw = getpwuid(cred.uid); /* expect-note: blocking-dns */
	return pw && strcmp(pw->pw_name, user) == 0;
}

static int in_group(const char *name, gid_t gid)
{
	struct group gr, *res = NULL;
	char buf[1024];
	if (getgrnam_r(name, &gr, buf, sizeof buf, &res) != 0 || !res) /* expect-note: blocking-dns */
		return 0;
	return gr.gr_gid == gid;
}

static void resolve_peer(const char *host)
{
	struct addrinfo *ai = NULL;
	if (getaddrinfo(host, "80", NULL, &ai) == 0) /* expect: blocking-dns */
		freeaddrinfo(ai);
}

static void on_accept(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	int c = accept(fd, NULL, NULL);
	if (c < 0)
		return;
	if (peer_is(c, arg) && in_group("wheel", getgid()))
		resolve_peer(arg);
	close(c);
}

int main(int argc, char **argv)
{
	/* startup: not in loop context */
	struct passwd *pw = getpwnam(argc > 1 ? argv[1] : "nobody");
	if (pw && setgid(pw->pw_gid) == 0 && setuid(pw->pw_uid) != 0)
		return 1;
	struct event_base *base = event_base_new();
	struct event *ev = event_new(base, 3, EV_READ | EV_PERSIST, on_accept, "admin");
	if (event_add(ev, NULL) == 0)
		event_base_dispatch(base);
	event_free(ev);
	event_base_free(base);
	return 0;
}
